package dev.wharf.runtime.internal.actor;

/**
 * Call latencies in log-linear buckets (each power of two split in 8), enough for p50/p99 within
 * about 12%. Written by one actor at a time; readers may see a slightly stale copy, which is
 * fine for statistics.
 */
public final class LatencyHistogram {

    private static final int SUB = 8;
    private final long[] counts = new long[64 * SUB];

    void record(long nanos) {
        counts[bucket(Math.max(1, nanos))]++;
    }

    /** Adds the calls {@code other} counted (an instance that went): one thread at a time. */
    synchronized void add(LatencyHistogram other) {
        for (int i = 0; i < counts.length; i++) {
            counts[i] += other.counts[i];
        }
    }

    static int bucket(long v) {
        int exp = 63 - Long.numberOfLeadingZeros(v);
        if (exp < 3) {
            return (int) v;
        }
        int sub = (int) ((v >>> (exp - 3)) & (SUB - 1));
        return exp * SUB + sub;
    }

    static long lowerBound(int bucket) {
        int exp = bucket / SUB;
        int sub = bucket % SUB;
        if (exp < 3) {
            return bucket;
        }
        return (1L << exp) + ((long) sub << (exp - 3));
    }

    public long count() {
        long n = 0;
        for (long c : counts) {
            n += c;
        }
        return n;
    }

    /** The latency below which {@code fraction} of the calls fell, in nanoseconds; 0 without calls. */
    public long percentile(double fraction) {
        long total = count();
        if (total == 0) {
            return 0;
        }
        long rank = (long) Math.ceil(fraction * total);
        long seen = 0;
        for (int i = 0; i < counts.length; i++) {
            seen += counts[i];
            if (seen >= rank) {
                return lowerBound(i);
            }
        }
        return lowerBound(counts.length - 1);
    }
}
