package dev.wharf.runtime.internal.actor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class LogThrottleTest {

    @Test
    void aBurstPassesThenTheRateAppliesAndTheRestIsCounted() {
        LogThrottle t = new LogThrottle();
        long now = 0;
        int passed = 0;
        for (int i = 0; i < 1000; i++) {
            if (t.tryAcquire(100, 200, now)) {
                passed++;
            }
        }
        assertThat(passed).isEqualTo(200);
        assertThat(t.takeSuppressed()).isEqualTo(800);
        assertThat(t.takeSuppressed()).isZero();
        // half a second later, 50 more
        now += TimeUnit.MILLISECONDS.toNanos(500);
        passed = 0;
        for (int i = 0; i < 100; i++) {
            if (t.tryAcquire(100, 200, now)) {
                passed++;
            }
        }
        assertThat(passed).isEqualTo(50);
        assertThat(t.takeSuppressed()).isEqualTo(50);
    }

    @Test
    void aQuietComponentGetsItsWholeBurstBackButNoMore() {
        LogThrottle t = new LogThrottle();
        for (int i = 0; i < 200; i++) {
            t.tryAcquire(10, 200, 0);
        }
        long hourLater = TimeUnit.HOURS.toNanos(1);
        int passed = 0;
        for (int i = 0; i < 500; i++) {
            if (t.tryAcquire(10, 200, hourLater)) {
                passed++;
            }
        }
        assertThat(passed).isEqualTo(200);
    }
}
