package dev.wharf.runtime.internal.actor;

import static dev.wharf.runtime.internal.actor.Harness.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.api.ComponentState;
import dev.wharf.api.HealthStatus;
import dev.wharf.api.RestartPolicy;
import dev.wharf.api.RestartRecord;
import dev.wharf.runtime.internal.guest.FakeGuest;
import dev.wharf.runtime.internal.guest.FakeModule;
import dev.wharf.runtime.internal.health.HealthChecks;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Health checks in the component's turn: results, the threshold, a trap, and a check that outlives its timeout. */
class HealthTurnTest {

    final Harness h = new Harness();
    final FakeModule module = new FakeModule();
    final HealthChecks checks = new HealthChecks(h.watchdog);

    @AfterEach
    void close() {
        h.close();
    }

    HealthStatus check(ComponentActor a, int threshold, long timeoutMs) throws Exception {
        return checks.check(a, threshold, timeoutMs).toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    @Test
    void withoutACheckOfItsOwnItsStateDecides() throws Exception {
        ComponentActor a = h.started("c", module);
        assertThat(check(a, 3, 1000)).isEqualTo(HealthStatus.HEALTHY);
        assertThat(module.events).doesNotContain("1:health");
    }

    @Test
    void unhealthyResultsInARowRestartItAtTheThreshold() throws Exception {
        module.checksHealth = true;
        module.script = new FakeModule.Script() {
            @Override
            public HealthStatus health(FakeGuest g) {
                return g.number == 1 ? new HealthStatus.Unhealthy("sick") : HealthStatus.HEALTHY;
            }
        };
        ComponentActor a = h.started("c", module);
        assertThat(check(a, 2, 1000)).isInstanceOf(HealthStatus.Unhealthy.class);
        assertThat(a.consecutiveUnhealthy()).isEqualTo(1);
        assertThat(a.health()).isInstanceOf(HealthStatus.Unhealthy.class);
        assertThat(check(a, 2, 1000)).isInstanceOf(HealthStatus.Unhealthy.class);
        assertThat(eventually(() -> a.state() == ComponentState.READY && a.restartCount() == 1)).isTrue();
        assertThat(a.metadata().restarts()).extracting(RestartRecord::reason).containsExactly(RestartRecord.Reason.UNHEALTHY);
        assertThat(check(a, 2, 1000)).isEqualTo(HealthStatus.HEALTHY);
    }

    @Test
    void aTrapInTheCheckIsUnhealthyAndRestartsIt() throws Exception {
        module.checksHealth = true;
        module.script = new FakeModule.Script() {
            @Override
            public HealthStatus health(FakeGuest g) {
                throw new IllegalStateException("health trapped");
            }
        };
        ComponentActor a = h.started("c", module);
        assertThat(check(a, 3, 1000)).isInstanceOf(HealthStatus.Unhealthy.class).asString().contains("trapped");
        assertThat(eventually(() -> a.restartCount() == 1)).isTrue();
    }

    /**
     * The check's own timeout (50 ms) passes first: it counts as unhealthy and, at threshold 1,
     * asks for a restart; then the call passes the component's timeout (200 ms) and crashes the
     * instance. One restart follows, not two: the request was for the instance that is gone.
     */
    @Test
    void aCheckThatOutlivesItsTimeoutCountsOnceAndRestartsOnce() throws Exception {
        CountDownLatch inCheck = new CountDownLatch(1);
        module.checksHealth = true;
        module.script = new FakeModule.Script() {
            @Override
            public HealthStatus health(FakeGuest g) {
                if (g.number > 1) {
                    return HealthStatus.HEALTHY;
                }
                inCheck.countDown();
                while (!Thread.currentThread().isInterrupted()) {
                    Thread.onSpinWait();
                }
                throw new IllegalStateException("interrupted");
            }
        };
        ComponentActor a = h.actor("c", module, Harness.limits(200, RestartPolicy.PERMANENT, 5));
        a.start();
        HealthStatus first = check(a, 1, 50);
        assertThat(first).isInstanceOf(HealthStatus.Unhealthy.class).asString().contains("timed out after 50 ms");
        assertThat(eventually(() -> a.state() == ComponentState.READY && a.restartCount() == 1)).isTrue();
        assertThat(check(a, 1, 1000)).isEqualTo(HealthStatus.HEALTHY);
        assertThat(a.restartCount()).isEqualTo(1);
        assertThat(module.created).hasValue(2);
    }
}
