package dev.wharf.runtime.internal.actor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.api.ComponentLimits;
import dev.wharf.api.RestartPolicy;
import dev.wharf.api.RestartRecord;
import dev.wharf.api.RestartRecord.Reason;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SupervisorTest {

    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    static ComponentLimits limits(RestartPolicy policy, int maxRestarts, long windowMs) {
        ComponentLimits d = ComponentLimits.DEFAULTS;
        return new ComponentLimits(d.maxMessageSize(), d.rateLimit(), d.memoryMaxPages(), d.timeoutMs(), d.mailbox(),
                policy, maxRestarts, windowMs);
    }

    @Test
    void backoffStartsAt100MsDoublesAndIsCappedAt30s() {
        assertThat(Supervisor.backoffMs(1)).isEqualTo(100);
        assertThat(Supervisor.backoffMs(2)).isEqualTo(200);
        assertThat(Supervisor.backoffMs(3)).isEqualTo(400);
        assertThat(Supervisor.backoffMs(9)).isEqualTo(25_600);
        assertThat(Supervisor.backoffMs(10)).isEqualTo(30_000);
        assertThat(Supervisor.backoffMs(1000)).isEqualTo(30_000);
    }

    @Test
    void permanentRestartsAfterEveryFailureWithGrowingBackoff() {
        Supervisor s = new Supervisor(0, List.of());
        ComponentLimits l = limits(RestartPolicy.PERMANENT, 5, 60_000);
        assertThat(s.onFailure(Reason.TRAP, "boom", l, 0)).isEqualTo(
                new Supervisor.Decision.Restart(100, "restarting in 100 ms after trap: boom"));
        assertThat(s.onFailure(Reason.TIMEOUT, "slow", l, SECOND)).isInstanceOf(Supervisor.Decision.Restart.class)
                .extracting(d -> ((Supervisor.Decision.Restart) d).delayMs()).isEqualTo(200L);
        assertThat(((Supervisor.Decision.Restart) s.onFailure(Reason.UNHEALTHY, "sick", l, 2 * SECOND)).delayMs())
                .isEqualTo(400);
        // a normal end is restarted too under permanent
        assertThat(s.onFailure(Reason.EXIT, "exited with code 0", l, 3 * SECOND)).isInstanceOf(Supervisor.Decision.Restart.class);
    }

    @Test
    void transientRestartsAfterFailuresButNotAfterANormalExit() {
        Supervisor s = new Supervisor(0, List.of());
        ComponentLimits l = limits(RestartPolicy.TRANSIENT, 5, 60_000);
        assertThat(s.onFailure(Reason.TRAP, "boom", l, 0)).isInstanceOf(Supervisor.Decision.Restart.class);
        assertThat(s.onFailure(Reason.EXIT, "exited with code 0", l, SECOND)).isEqualTo(
                new Supervisor.Decision.Stop("exited normally (restart policy transient: not restarted)"));
    }

    @Test
    void temporaryIsNeverRestartedButByAnOperator() {
        Supervisor s = new Supervisor(0, List.of());
        ComponentLimits l = limits(RestartPolicy.TEMPORARY, 5, 60_000);
        assertThat(s.onFailure(Reason.TRAP, "boom", l, 0)).isEqualTo(
                new Supervisor.Decision.Fail("boom (restart policy temporary: not restarted)"));
        assertThat(s.onFailure(Reason.EXIT, "bye", l, 0)).isInstanceOf(Supervisor.Decision.Stop.class);
        assertThat(s.onFailure(Reason.OPERATOR, "asked", l, 0)).isEqualTo(
                new Supervisor.Decision.Restart(0, "restarting in 0 ms after operator: asked"));
    }

    @Test
    void moreThanMaxRestartsWithinTheWindowFail() {
        Supervisor s = new Supervisor(0, List.of());
        ComponentLimits l = limits(RestartPolicy.PERMANENT, 3, 10_000);
        for (int i = 0; i < 3; i++) {
            assertThat(s.onFailure(Reason.TRAP, "t" + i, l, i * SECOND)).isInstanceOf(Supervisor.Decision.Restart.class);
        }
        assertThat(s.onFailure(Reason.TRAP, "t3", l, 3 * SECOND)).isEqualTo(new Supervisor.Decision.Fail(
                "restarted 3 times within 10000 ms, then failed again: t3"));
    }

    @Test
    void restartsOutsideTheWindowNoLongerCountAndTheBackoffStartsAgain() {
        Supervisor s = new Supervisor(0, List.of());
        ComponentLimits l = limits(RestartPolicy.PERMANENT, 2, 10_000);
        s.onFailure(Reason.TRAP, "a", l, 0);
        s.onFailure(Reason.TRAP, "b", l, SECOND);
        // 11 s later both have left the window
        Supervisor.Decision d = s.onFailure(Reason.TRAP, "c", l, 12 * SECOND);
        assertThat(d).isEqualTo(new Supervisor.Decision.Restart(100, "restarting in 100 ms after trap: c"));
    }

    @Test
    void anOperatorIsNotLimitedByTheWindowAndClearsIt() {
        Supervisor s = new Supervisor(0, List.of());
        ComponentLimits l = limits(RestartPolicy.PERMANENT, 1, 60_000);
        s.onFailure(Reason.TRAP, "a", l, 0);
        assertThat(s.onFailure(Reason.TRAP, "b", l, SECOND)).isInstanceOf(Supervisor.Decision.Fail.class);
        assertThat(s.onFailure(Reason.OPERATOR, "asked", l, 2 * SECOND)).isInstanceOf(Supervisor.Decision.Restart.class);
        s.operatorRestart();
        assertThat(s.onFailure(Reason.TRAP, "c", l, 3 * SECOND)).isInstanceOf(Supervisor.Decision.Restart.class);
    }

    @Test
    void countsRestartsAndKeepsTheMostRecentInItsLog() {
        List<RestartRecord> history = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            history.add(new RestartRecord(Instant.ofEpochSecond(i), Reason.TRAP, "old " + i));
        }
        Supervisor s = new Supervisor(20, history);
        assertThat(s.restarts()).hasSize(Supervisor.RESTART_LOG).first().extracting(RestartRecord::detail).isEqualTo("old 4");
        s.restarted(new RestartRecord(Instant.ofEpochSecond(100), Reason.OPERATOR, "new"));
        assertThat(s.restartCount()).isEqualTo(21);
        assertThat(s.restarts()).hasSize(Supervisor.RESTART_LOG).last().extracting(RestartRecord::detail).isEqualTo("new");
        assertThat(s.restarts().get(0).detail()).isEqualTo("old 5");
    }
}
