package dev.wharf.lattice.internal;

import dev.wharf.api.ComponentId;
import dev.wharf.api.DeliveryRefusedException;
import dev.wharf.api.ErrorCode;
import dev.wharf.api.WharfException;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The asks this node sent and that wait for their reply: at most {@code max} at a time, each
 * failed at its timeout by this node's timer (jnats alone notices only on its cleanup tick), and
 * all failed at once when the connection is lost, since their replies can no longer arrive.
 * None stays incomplete.
 */
final class PendingAsks {

    private final int max;
    private final ScheduledExecutorService timer;
    private final Set<CompletableFuture<byte[]>> pending = ConcurrentHashMap.newKeySet();
    private final AtomicInteger count = new AtomicInteger();

    PendingAsks(int max, ScheduledExecutorService timer) {
        this.max = max;
        this.timer = timer;
    }

    /**
     * A new pending ask to {@code to}, or {@code null} when {@code max} are pending already.
     */
    CompletableFuture<byte[]> open(ComponentId to, long timeoutMs) {
        if (count.incrementAndGet() > max) {
            count.decrementAndGet();
            return null;
        }
        CompletableFuture<byte[]> f = new CompletableFuture<>();
        pending.add(f);
        ScheduledFuture<?> expiry = timer.schedule(() -> f.completeExceptionally(Replies.timeout(to, timeoutMs)),
                timeoutMs, TimeUnit.MILLISECONDS);
        f.whenComplete((r, x) -> {
            expiry.cancel(false);
            if (pending.remove(f)) {
                count.decrementAndGet();
            }
        });
        return f;
    }

    /** Fails every pending ask with {@code why}. */
    void failAll(WharfException why) {
        for (CompletableFuture<byte[]> f : pending) {
            f.completeExceptionally(why);
        }
    }

    int size() {
        return count.get();
    }

    static WharfException tooMany(int max) {
        return new DeliveryRefusedException(ErrorCode.LATTICE_UNAVAILABLE, max
                + " asks to other nodes are waiting for their replies already (max-pending-asks); try again later");
    }
}
