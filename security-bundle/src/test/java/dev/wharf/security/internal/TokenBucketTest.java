package dev.wharf.security.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TokenBucketTest {

    static final long SECOND = 1_000_000_000L;

    @Test
    void allowsABurstOfOneSecondThenTheRate() {
        long t = 1_000 * SECOND;
        TokenBucket b = new TokenBucket(10, t);
        for (int i = 0; i < 10; i++) {
            assertThat(b.tryAcquire(t)).isTrue();
        }
        assertThat(b.tryAcquire(t)).isFalse();
        assertThat(b.tryAcquire(t + SECOND / 10)).isTrue();
        assertThat(b.tryAcquire(t + SECOND / 10)).isFalse();
        assertThat(b.full(t + SECOND / 10)).isFalse();
        assertThat(b.full(t + 2 * SECOND)).isTrue();
    }

    @Test
    void neverExceedsTheRateOverALongRun() {
        TokenBucket b = new TokenBucket(100, 0);
        int allowed = 0;
        for (long now = 0; now < 10 * SECOND; now += SECOND / 1000) {
            if (b.tryAcquire(now)) {
                allowed++;
            }
        }
        // a burst of 100, then 100 per second for 10 seconds
        assertThat(allowed).isBetween(1000, 1100);
    }
}
