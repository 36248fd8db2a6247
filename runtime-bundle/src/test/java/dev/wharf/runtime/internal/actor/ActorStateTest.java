package dev.wharf.runtime.internal.actor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wharf.api.ComponentState;
import dev.wharf.runtime.internal.actor.ActorState.Phase;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The table of transitions, compare-and-set, and what is told outside. */
class ActorStateTest {

    static final Set<String> ALLOWED = Set.of(
            "STARTING>READY", "STARTING>WAITING", "STARTING>FAILED", "STARTING>STOPPING",
            "WAITING>STARTING", "WAITING>STOPPING",
            "READY>SWAPPING", "READY>RESTARTING", "READY>FAILED", "READY>ENDED", "READY>STOPPING", "READY>HANDING_OVER",
            "SWAPPING>READY", "SWAPPING>RESTARTING", "SWAPPING>FAILED", "SWAPPING>ENDED", "SWAPPING>STOPPING",
            "SWAPPING>HANDING_OVER",
            "RESTARTING>READY", "RESTARTING>RESTARTING", "RESTARTING>FAILED", "RESTARTING>ENDED", "RESTARTING>STOPPING",
            "RESTARTING>HANDING_OVER", "HANDING_OVER>STOPPED", "HANDING_OVER>STOPPING",
            "FAILED>RESTARTING", "FAILED>STOPPING",
            "ENDED>RESTARTING", "ENDED>STOPPING",
            "STOPPING>STOPPED");

    /** A state moved to {@code p} through allowed transitions. */
    static ActorState in(Phase p) {
        ActorState s = new ActorState(() -> {});
        switch (p) {
            case STARTING -> { }
            case WAITING -> s.move(Phase.STARTING, Phase.WAITING, "w");
            case READY -> s.move(Phase.STARTING, Phase.READY, null);
            case SWAPPING -> { s.move(Phase.STARTING, Phase.READY, null); s.move(Phase.READY, Phase.SWAPPING); }
            case RESTARTING -> { s.move(Phase.STARTING, Phase.READY, null); s.move(Phase.READY, Phase.RESTARTING, "r"); }
            case FAILED -> s.move(Phase.STARTING, Phase.FAILED, "f");
            case ENDED -> { s.move(Phase.STARTING, Phase.READY, null); s.move(Phase.READY, Phase.ENDED, "e"); }
            case STOPPING -> s.move(Phase.STARTING, Phase.STOPPING, null);
            case HANDING_OVER -> { s.move(Phase.STARTING, Phase.READY, null); s.move(Phase.READY, Phase.HANDING_OVER, "h"); }
            case STOPPED -> { s.move(Phase.STARTING, Phase.STOPPING, null); s.move(Phase.STOPPING, Phase.STOPPED, null); }
        }
        assertThat(s.phase()).isEqualTo(p);
        return s;
    }

    @Test
    void everyTransitionOfTheTableMovesAndEveryOtherThrows() {
        for (Phase from : Phase.values()) {
            for (Phase to : Phase.values()) {
                ActorState s = in(from);
                if (ALLOWED.contains(from + ">" + to)) {
                    assertThat(s.move(from, to, "x")).as(from + " -> " + to).isTrue();
                    assertThat(s.phase()).isEqualTo(to);
                } else {
                    assertThatThrownBy(() -> s.move(from, to, "x")).as(from + " -> " + to)
                            .isInstanceOf(IllegalStateException.class).hasMessageContaining(from + " -> " + to);
                    assertThat(s.phase()).isEqualTo(from);
                }
            }
        }
    }

    @Test
    void aMoveFromAPhaseItIsNoLongerInChangesNothing() {
        ActorState s = in(Phase.STOPPING);
        assertThat(s.move(Phase.READY, Phase.RESTARTING, "late")).isFalse();
        assertThat(s.phase()).isEqualTo(Phase.STOPPING);
        assertThat(s.moveFromAny(Phase.STOPPING, null)).as("already stopping").isNull();
    }

    @Test
    void ofRacingChangesExactlyOneWins() throws Exception {
        for (int round = 0; round < 200; round++) {
            ActorState s = in(Phase.READY);
            CountDownLatch go = new CountDownLatch(1);
            AtomicInteger wins = new AtomicInteger();
            Thread crash = new Thread(() -> {
                await(go);
                if (s.move(Phase.READY, Phase.RESTARTING, "trap")) {
                    wins.incrementAndGet();
                }
            });
            Thread stop = new Thread(() -> {
                await(go);
                if (s.moveFromAny(Phase.STOPPING, null) == Phase.READY) {
                    wins.incrementAndGet();
                }
            });
            crash.start();
            stop.start();
            go.countDown();
            crash.join();
            stop.join();
            // exactly one of them left READY; the stop ends in STOPPING either way
            assertThat(s.phase()).isEqualTo(Phase.STOPPING);
            assertThat(wins).hasValue(1);
        }
    }

    @Test
    void onlyWhatIsSeenOutsideIsTold() {
        AtomicInteger told = new AtomicInteger();
        ActorState s = new ActorState(told::incrementAndGet);
        s.move(Phase.STARTING, Phase.READY, null);
        assertThat(told).hasValue(1);
        var before = s.snapshot();
        s.move(Phase.READY, Phase.SWAPPING);
        s.move(Phase.SWAPPING, Phase.READY);
        assertThat(told).as("a swap is not a change of state outside").hasValue(1);
        assertThat(s.snapshot().since()).isEqualTo(before.since());
        s.note("updated 1.0.0 -> 2.0.0");
        assertThat(told).hasValue(2);
        assertThat(s.note(Phase.WAITING, "x")).as("a note for another phase").isFalse();
        for (Phase p : EnumSet.allOf(Phase.class)) {
            assertThat(p.visible()).isIn((Object[]) ComponentState.values());
        }
    }

    private static void await(CountDownLatch l) {
        try {
            l.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
