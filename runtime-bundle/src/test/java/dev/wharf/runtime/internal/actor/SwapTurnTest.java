package dev.wharf.runtime.internal.actor;

import static dev.wharf.runtime.internal.actor.Harness.ask;
import static dev.wharf.runtime.internal.actor.Harness.eventually;
import static dev.wharf.runtime.internal.actor.Harness.text;
import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.api.ComponentId;
import dev.wharf.api.ComponentState;
import dev.wharf.api.ComponentUnavailableException;
import dev.wharf.api.GuestErrorException;
import dev.wharf.api.GuestTrapException;
import dev.wharf.api.RestartRecord;
import dev.wharf.runtime.internal.actor.ActorState.Phase;
import dev.wharf.runtime.internal.guest.FakeGuest;
import dev.wharf.runtime.internal.guest.FakeModule;
import dev.wharf.runtime.internal.guest.Guest;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** An update swapped in a component's turn: state handed over, refusals, and the races with a stop and a restart. */
class SwapTurnTest {

    static final Origin V2 = new Origin(7, "test.bundle", "2.0.0");

    final Harness h = new Harness();
    final FakeModule v1 = new FakeModule("v1");
    final FakeModule v2 = new FakeModule("v2");

    @AfterEach
    void close() {
        h.close();
    }

    /** A script that keeps the last payload as its state and answers with its version and state. */
    static FakeModule.Script remembering(String version) {
        return new FakeModule.Script() {
            @Override
            public byte[] deliver(FakeGuest g, ComponentId sender, byte[] payload, boolean request) {
                String was = new String(g.state);
                g.state = payload;
                return request ? (version + " had " + was).getBytes() : null;
            }
        };
    }

    CompletableFuture<Long> swap(ComponentActor a, FakeModule fresh) {
        Guest g = a.prepareSwap(fresh, a.spec());
        CompletableFuture<Long> done = new CompletableFuture<>();
        assertThat(a.enqueueControl(new Envelope.Swap(g, fresh, a.spec(), Map.of("id", "c"), V2, done)).accepted()).isTrue();
        return done;
    }

    @Test
    void theStateGoesOverAndTheNewVersionServesTheMessagesBehind() throws Exception {
        v1.script = remembering("v1");
        v2.script = remembering("v2");
        v1.savesState = true;
        v2.restoresState = true;
        ComponentActor a = h.started("c", v1);
        assertThat(text(ask(a, "abc"))).isEqualTo("v1 had ");
        CompletableFuture<Long> done = swap(a, v2);
        CompletableFuture<byte[]> after = ask(a, "next");
        done.get(5, TimeUnit.SECONDS);
        assertThat(text(after)).isEqualTo("v2 had abc");
        assertThat(a.module()).isSameAs(v2);
        assertThat(a.origin()).isEqualTo(V2);
        assertThat(a.state.phase()).isEqualTo(Phase.READY);
        assertThat(v1.events).containsSubsequence("1:save", "1:cleanup", "1:close");
        assertThat(v1.live()).isZero();
        assertThat(v2.live()).isEqualTo(1);
    }

    @Test
    void aNewVersionThatRefusesTheStateIsDroppedAndTheOldOneGoesOn() throws Exception {
        v1.savesState = true;
        v2.restoresState = true;
        v2.script = new FakeModule.Script() {
            @Override
            public void restoreState(FakeGuest g, byte[] state) {
                throw new GuestErrorException(ComponentId.of("c"), 3);
            }
        };
        ComponentActor a = h.started("c", v1);
        assertThat(swap(a, v2)).failsWithin(5, TimeUnit.SECONDS).withThrowableOfType(ExecutionException.class)
                .withCauseInstanceOf(GuestErrorException.class);
        assertThat(a.module()).isSameAs(v1);
        assertThat(a.state.phase()).isEqualTo(Phase.READY);
        assertThat(v2.live()).isZero();
        assertThat(text(ask(a, "still"))).isEqualTo("still");
        assertThat(a.restartCount()).isZero();
    }

    @Test
    void anOldVersionThatTrapsInItsSaveIsRestartedAndTheUpdateRefused() throws Exception {
        v1.savesState = true;
        v2.restoresState = true;
        v1.script = new FakeModule.Script() {
            @Override
            public byte[] saveState(FakeGuest g) {
                throw new IllegalStateException("save trapped");
            }
        };
        ComponentActor a = h.started("c", v1);
        assertThat(swap(a, v2)).failsWithin(5, TimeUnit.SECONDS).withThrowableOfType(ExecutionException.class)
                .withCauseInstanceOf(GuestTrapException.class);
        assertThat(eventually(() -> a.state() == ComponentState.READY && a.restartCount() == 1)).isTrue();
        assertThat(a.module()).isSameAs(v1);
        assertThat(v2.live()).isZero();
        assertThat(v1.live()).isEqualTo(1);
    }

    @Test
    void aStopDuringTheSwapRefusesItAndLeavesNoInstance() throws Exception {
        CountDownLatch saving = new CountDownLatch(1);
        v1.savesState = true;
        v2.restoresState = true;
        v1.script = new FakeModule.Script() {
            @Override
            public byte[] saveState(FakeGuest g) {
                saving.countDown();
                try {
                    new CountDownLatch(1).await();
                } catch (InterruptedException e) {
                    throw new IllegalStateException("interrupted", e);
                }
                return new byte[0];
            }
        };
        ComponentActor a = h.started("c", v1);
        CompletableFuture<Long> done = swap(a, v2);
        assertThat(saving.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(a.state.phase()).isEqualTo(Phase.SWAPPING);
        a.stop(5000);
        assertThat(done).failsWithin(1, TimeUnit.SECONDS).withThrowableOfType(ExecutionException.class)
                .withCauseInstanceOf(ComponentUnavailableException.class);
        assertThat(a.state()).isEqualTo(ComponentState.STOPPED);
        assertThat(v1.live()).isZero();
        assertThat(v2.live()).isZero();
    }

    @Test
    void aSwapQueuedDuringARestartTakesOverFromTheFreshInstance() throws Exception {
        v1.script = LifecycleTest.trapOn("boom");
        ComponentActor a = h.started("c", v1);
        ask(a, "boom");
        assertThat(eventually(() -> a.state.phase() == Phase.RESTARTING)).isTrue();
        CompletableFuture<Long> done = swap(a, v2);
        done.get(5, TimeUnit.SECONDS);
        assertThat(a.restartCount()).isEqualTo(1);
        assertThat(a.module()).isSameAs(v2);
        assertThat(v1.live()).isZero();
        assertThat(v2.live()).isEqualTo(1);
        assertThat(text(ask(a, "v2?"))).isEqualTo("v2?");
        assertThat(v2.events).contains("1:deliver host v2?");
    }

    @Test
    void aSwapTheUpdaterGaveUpOnIsNotTaken() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        v1.script = FakeModule.waitingFor(release);
        ComponentActor a = h.started("c", v1);
        CompletableFuture<byte[]> busy = ask(a, "busy");
        Guest fresh = a.prepareSwap(v2, a.spec());
        Envelope.Swap swap = new Envelope.Swap(fresh, v2, a.spec(), Map.of(), V2, new CompletableFuture<>());
        a.enqueueControl(swap);
        assertThat(swap.claim()).as("the updater takes it back").isTrue();
        fresh.close();
        release.countDown();
        assertThat(text(busy)).isEqualTo("busy");
        assertThat(text(ask(a, "after"))).isEqualTo("after");
        assertThat(a.module()).isSameAs(v1);
        assertThat(v2.live()).isZero();
        assertThat(a.metadata().restarts()).extracting(RestartRecord::reason).isEmpty();
    }
}
