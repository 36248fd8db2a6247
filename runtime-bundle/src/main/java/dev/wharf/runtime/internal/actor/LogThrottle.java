package dev.wharf.runtime.internal.actor;

/**
 * Bounds how fast one component can write to the log: a token bucket of {@code burst} lines
 * refilled at {@code rate} lines per second. Lines beyond it are counted, not written; the count
 * is reported in one line before the next line that passes. Shared by a component's instances,
 * which may log at once: synchronized (uncontended but for them).
 */
final class LogThrottle {

    private static final double NANOS_PER_SECOND = 1e9;

    private double tokens = -1;
    private long last;
    private long suppressed;

    /**
     * Whether a line may be written now.
     *
     * @param rate lines per second
     * @param burst lines that may come at once
     * @param now {@link System#nanoTime()}
     */
    synchronized boolean tryAcquire(int rate, int burst, long now) {
        if (tokens < 0) {
            tokens = burst;
        } else {
            tokens = Math.min(burst, tokens + (now - last) * rate / NANOS_PER_SECOND);
        }
        last = now;
        if (tokens >= 1) {
            tokens -= 1;
            return true;
        }
        suppressed++;
        return false;
    }

    /** The lines suppressed since the last call, and starts counting again. */
    synchronized long takeSuppressed() {
        long n = suppressed;
        suppressed = 0;
        return n;
    }
}
