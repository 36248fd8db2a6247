package dev.wharf.runtime.internal.actor;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The future a caller gets for an answer from a component. A caller that blocks on it spins
 * briefly before parking: most answers from a trivial export arrive within a few microseconds,
 * and a parked caller would pay a thread wake-up that costs more than the whole call.
 */
public final class Reply<T> extends CompletableFuture<T> {

    /** How long a blocking caller spins before it parks. */
    static final long SPIN_NANOS = TimeUnit.MICROSECONDS.toNanos(20);

    @Override
    public T get() throws InterruptedException, ExecutionException {
        spin(SPIN_NANOS);
        return super.get();
    }

    @Override
    public T get(long timeout, TimeUnit unit) throws InterruptedException, ExecutionException, TimeoutException {
        spin(Math.min(SPIN_NANOS, unit.toNanos(timeout)));
        return super.get(timeout, unit);
    }

    @Override
    public T join() {
        spin(SPIN_NANOS);
        return super.join();
    }

    @Override
    public <U> CompletableFuture<U> newIncompleteFuture() {
        return new Reply<>();
    }

    private void spin(long nanos) {
        if (isDone()) {
            return;
        }
        long end = System.nanoTime() + nanos;
        int i = 0;
        while (!isDone()) {
            Thread.onSpinWait();
            if ((++i & 31) == 0 && System.nanoTime() - end > 0) {
                return;
            }
        }
    }
}
