package dev.wharf.lattice.internal;

import dev.wharf.api.CallTimeoutException;
import dev.wharf.api.ComponentId;
import dev.wharf.api.DeliveryRefusedException;
import dev.wharf.api.ErrorCode;
import dev.wharf.api.WharfException;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The asks this node sent and that wait for their reply: at most {@code max} at a time, each
 * failed at its deadline (jnats alone notices only on its cleanup tick), and all failed at once
 * when the connection is lost, since their replies can no longer arrive. None stays incomplete.
 *
 * <p>Deadlines are checked by {@link #expire}, which the lattice thread runs every
 * {@value #SWEEP_MS} ms, rather than by a timer task per ask: an ask then costs no work on
 * another thread, and a timeout fires at most {@value #SWEEP_MS} ms late.
 */
final class PendingAsks {

    static final long SWEEP_MS = 10;

    /** An ask's deadline and what it says when it passes. */
    private record Deadline(long nanos, ComponentId to, long timeoutMs) {}

    private final int max;
    private final Map<CompletableFuture<byte[]>, Deadline> pending = new ConcurrentHashMap<>();
    private final AtomicInteger count = new AtomicInteger();

    PendingAsks(int max) {
        this.max = max;
    }

    /** A new pending ask to {@code to}, or {@code null} when {@code max} are pending already. */
    CompletableFuture<byte[]> open(ComponentId to, long timeoutMs) {
        if (count.incrementAndGet() > max) {
            count.decrementAndGet();
            return null;
        }
        CompletableFuture<byte[]> f = new CompletableFuture<>();
        pending.put(f, new Deadline(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs), to, timeoutMs));
        f.whenComplete((r, x) -> {
            if (pending.remove(f) != null) {
                count.decrementAndGet();
            }
        });
        return f;
    }

    /** Fails the asks whose deadline has passed at {@code now}. */
    void expire(long now) {
        pending.forEach((f, d) -> {
            if (now - d.nanos() >= 0) {
                f.completeExceptionally(new CallTimeoutException(d.to(), d.timeoutMs()));
            }
        });
    }

    /** Fails every pending ask with {@code why}. */
    void failAll(WharfException why) {
        pending.keySet().forEach(f -> f.completeExceptionally(why));
    }

    int size() {
        return count.get();
    }

    static WharfException tooMany(int max) {
        return new DeliveryRefusedException(ErrorCode.LATTICE_UNAVAILABLE, max
                + " asks to other nodes are waiting for their replies already (max-pending-asks); try again later");
    }
}
