package dev.wharf.runtime.internal.actor;

import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The threads that run actor turns. One FIFO run queue shared by all workers keeps turns fair
 * between components. One idle worker at a time spins for {@code spinNanos} before it parks, so
 * a message that arrives shortly after the last one is picked up in well under a microsecond
 * instead of paying for a thread wake-up (tens of microseconds on a loaded machine); the other
 * idle workers park at once so they do not steal CPU from the ones working, and a pool that
 * stays idle longer than that costs no CPU at all.
 */
final class DispatcherPool {

    private final ConcurrentLinkedQueue<Runnable> queue = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedDeque<Worker> parked = new ConcurrentLinkedDeque<>();
    private final Worker[] workers;
    private final long spinNanos;
    private final java.util.concurrent.atomic.AtomicInteger spinners = new java.util.concurrent.atomic.AtomicInteger();
    private volatile boolean running = true;

    DispatcherPool(String name, int threads, long spinNanos) {
        this.spinNanos = spinNanos;
        this.workers = new Worker[threads];
        for (int i = 0; i < threads; i++) {
            workers[i] = new Worker(name + "-" + (i + 1));
        }
        for (Worker w : workers) {
            w.start();
        }
    }

    int size() {
        return workers.length;
    }

    boolean isWorkerThread() {
        Thread t = Thread.currentThread();
        return t instanceof Worker w && w.pool() == this;
    }

    void execute(Runnable task) {
        if (!running) {
            throw new java.util.concurrent.RejectedExecutionException("dispatcher pool is shut down");
        }
        queue.offer(task);
        if (spinners.get() > 0) {
            return; // the spinning worker takes it, or sees it when it re-checks before parking
        }
        Worker w = parked.pollFirst();
        if (w != null) {
            LockSupport.unpark(w);
        }
    }

    /** Lets queued turns finish, then stops the workers; waits at most {@code timeoutMs}. */
    boolean shutdown(long timeoutMs) {
        running = false;
        for (Worker w : workers) {
            LockSupport.unpark(w);
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        boolean all = true;
        for (Worker w : workers) {
            long left = deadline - System.nanoTime();
            try {
                if (left > 0) {
                    w.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (w.isAlive()) {
                w.interrupt();
                all = false;
            }
        }
        return all;
    }

    private final class Worker extends Thread {

        Worker(String name) {
            super(name);
            setDaemon(true);
        }

        DispatcherPool pool() {
            return DispatcherPool.this;
        }

        @Override
        public void run() {
            while (true) {
                Runnable task = queue.poll();
                if (task != null) {
                    runTask(task);
                    continue;
                }
                if (!running) {
                    return;
                }
                if (spinNanos > 0 && spinners.compareAndSet(0, 1)) {
                    boolean found = spinFor(spinNanos);
                    spinners.decrementAndGet();
                    if (found) {
                        continue;
                    }
                }
                parked.addFirst(this);
                // re-check after publishing ourselves: a task queued in between must not wait
                if (!queue.isEmpty() || !running) {
                    parked.remove(this);
                    continue;
                }
                LockSupport.park(this);
                parked.remove(this);
            }
        }

        /** Spins until work shows up (true) or the time is over (false). */
        private boolean spinFor(long nanos) {
            long end = System.nanoTime() + nanos;
            int i = 0;
            while (queue.isEmpty()) {
                Thread.onSpinWait();
                if ((++i & 63) == 0 && System.nanoTime() - end > 0) {
                    return false;
                }
            }
            return true;
        }

        private void runTask(Runnable task) {
            try {
                task.run();
            } catch (RuntimeException | Error e) {
                System.getLogger("dev.wharf.runtime").log(System.Logger.Level.ERROR,
                        "dispatcher task failed on " + getName(), e);
            }
            // a guest call interrupted by the watchdog has cleared its flag; never leak one
            Thread.interrupted();
        }
    }
}
