package dev.wharf.runtime.internal.actor;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LatencyHistogramTest {

    @Test
    void percentilesAreWithinABucketOfTheTruth() {
        LatencyHistogram h = new LatencyHistogram();
        for (int i = 1; i <= 1000; i++) {
            h.record(i * 1000L);
        }
        assertThat(h.count()).isEqualTo(1000);
        assertThat(h.percentile(0.5)).isBetween(440_000L, 500_000L);
        assertThat(h.percentile(0.99)).isBetween(870_000L, 990_000L);
        assertThat(new LatencyHistogram().percentile(0.5)).isZero();
    }

    @Test
    void bucketsAreMonotonic() {
        long last = -1;
        for (long v = 1; v < 1L << 40; v = v * 3 / 2 + 1) {
            long lb = LatencyHistogram.lowerBound(LatencyHistogram.bucket(v));
            assertThat(lb).isLessThanOrEqualTo(v).isGreaterThanOrEqualTo(last);
            last = lb;
        }
    }
}
