package dev.wharf.security.internal;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A lock-free token bucket (the generic cell rate algorithm): {@code rate} messages per second,
 * with a burst of one second's worth. The whole state is one "theoretical arrival time", so a
 * check is one compare-and-set.
 */
final class TokenBucket {

    private static final long SECOND = 1_000_000_000L;

    private final int rate;
    private final long interval;
    private final long limit;
    private final AtomicLong tat;

    TokenBucket(int rate, long now) {
        this.rate = rate;
        this.interval = Math.max(1, SECOND / rate);
        this.limit = interval * (long) rate;
        this.tat = new AtomicLong(now);
    }

    int rate() {
        return rate;
    }

    /** Takes a token at time {@code now} (nanoseconds); false when the bucket is empty. */
    boolean tryAcquire(long now) {
        while (true) {
            long t = tat.get();
            long next = Math.max(t, now) + interval;
            if (next - now > limit) {
                return false;
            }
            if (tat.compareAndSet(t, next)) {
                return true;
            }
        }
    }

    /** Whether the bucket has refilled completely, so forgetting it changes nothing. */
    boolean full(long now) {
        return tat.get() - now <= 0;
    }
}
