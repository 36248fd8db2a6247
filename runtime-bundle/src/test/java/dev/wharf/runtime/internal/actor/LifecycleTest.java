package dev.wharf.runtime.internal.actor;

import static dev.wharf.runtime.internal.actor.Harness.ask;
import static dev.wharf.runtime.internal.actor.Harness.eventually;
import static dev.wharf.runtime.internal.actor.Harness.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.dylibso.chicory.wasi.WasiExitException;
import dev.wharf.api.CallTimeoutException;
import dev.wharf.api.ComponentId;
import dev.wharf.api.ComponentState;
import dev.wharf.api.ComponentUnavailableException;
import dev.wharf.api.GuestTrapException;
import dev.wharf.api.RestartPolicy;
import dev.wharf.api.RestartRecord;
import dev.wharf.runtime.internal.actor.ActorState.Phase;
import dev.wharf.runtime.internal.guest.FakeGuest;
import dev.wharf.runtime.internal.guest.FakeModule;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The transitions of a component's lifecycle, driven by a fake guest on a real pool: start,
 * wait, crash and restart, give up, end, operator restart, stop.
 */
class LifecycleTest {

    final Harness h = new Harness();
    final FakeModule module = new FakeModule();

    @AfterEach
    void close() {
        h.close();
    }

    /** A script whose deliveries trap when the payload says so. */
    static FakeModule.Script trapOn(String word) {
        return new FakeModule.Script() {
            @Override
            public byte[] deliver(FakeGuest g, ComponentId sender, byte[] payload, boolean request) {
                if (new String(payload).equals(word)) {
                    throw new IllegalStateException("trap on " + word);
                }
                return request ? (g.number + ":" + new String(payload)).getBytes() : null;
            }
        };
    }

    @Test
    void startingThenReadyAndTheRegistryIsToldOfEachChange() throws Exception {
        ComponentActor a = h.actor("c", module, Harness.limits(500, RestartPolicy.PERMANENT, 5));
        assertThat(a.state()).isEqualTo(ComponentState.STARTING);
        a.start();
        assertThat(a.state()).isEqualTo(ComponentState.READY);
        assertThat(module.events).containsExactly("1:initialize");
        assertThat(h.published).extracting(m -> m.state()).containsExactly(ComponentState.READY);
        assertThat(text(ask(a, "hi"))).isEqualTo("hi");
    }

    @Test
    void aFirstStartThatFailsClosesItsInstanceAndThrows() {
        module.script = new FakeModule.Script() {
            @Override
            public void initialize(FakeGuest g) {
                throw new IllegalStateException("no");
            }
        };
        ComponentActor a = h.actor("c", module, Harness.limits(500, RestartPolicy.PERMANENT, 5));
        assertThatThrownBy(a::start).isInstanceOf(GuestTrapException.class).hasMessageContaining("_initialize");
        assertThat(module.live()).isZero();
        assertThat(a.acceptsMessages()).isFalse();
    }

    @Test
    void waitingThenStartedWhenItsCapabilitiesCome() throws Exception {
        ComponentActor a = h.actor("c", module, Harness.limits(500, RestartPolicy.PERMANENT, 5));
        a.waitFor("waiting for capability 'kv'");
        a.waitFor("waiting for capability 'http'");
        assertThat(a.state.phase()).isEqualTo(Phase.WAITING);
        assertThat(a.reason()).contains("waiting for capability 'http'");
        assertThat(ask(a, "x")).failsWithin(1, TimeUnit.SECONDS).withThrowableOfType(ExecutionException.class)
                .withCauseInstanceOf(ComponentUnavailableException.class);
        assertThat(a.startAfterWaiting(() -> {})).isTrue();
        assertThat(a.state()).isEqualTo(ComponentState.READY);
        assertThat(a.startAfterWaiting(() -> {})).as("a second start").isFalse();
    }

    @Test
    void aWaitingComponentWhoseCheckFailsIsFailedAndOneStoppedMeanwhileDoesNotStart() {
        ComponentActor a = h.actor("c", module, Harness.limits(500, RestartPolicy.PERMANENT, 5));
        a.waitFor("waiting");
        assertThat(a.startAfterWaiting(() -> {
            throw new IllegalArgumentException("signature differs");
        })).isFalse();
        assertThat(a.state()).isEqualTo(ComponentState.FAILED);
        assertThat(a.reason().orElseThrow()).contains("signature differs");

        ComponentActor b = h.actor("d", module, Harness.limits(500, RestartPolicy.PERMANENT, 5));
        b.waitFor("waiting");
        b.stop(100);
        assertThat(b.startAfterWaiting(() -> {})).isFalse();
        assertThat(b.state()).isEqualTo(ComponentState.STOPPED);
        assertThat(module.live()).isZero();
    }

    @Test
    void aTrapFailsTheMessageAndTheComponentRestartsWithAFreshInstance() throws Exception {
        module.script = trapOn("boom");
        ComponentActor a = h.started("c", module);
        assertThat(ask(a, "boom")).failsWithin(5, TimeUnit.SECONDS).withThrowableOfType(ExecutionException.class)
                .withCauseInstanceOf(GuestTrapException.class);
        assertThat(eventually(() -> a.state() == ComponentState.READY && a.restartCount() == 1)).isTrue();
        assertThat(text(ask(a, "after"))).isEqualTo("2:after");
        assertThat(module.live()).isEqualTo(1);
        assertThat(a.metadata().restarts()).extracting(RestartRecord::reason).containsExactly(RestartRecord.Reason.TRAP);
    }

    @Test
    void messagesThatArriveDuringARestartWaitForTheNewInstanceInOrder() throws Exception {
        module.script = trapOn("boom");
        ComponentActor a = h.started("c", module);
        CompletableFuture<byte[]> crash = ask(a, "boom");
        assertThat(eventually(() -> a.state.phase() == Phase.RESTARTING)).isTrue();
        List<CompletableFuture<byte[]>> queued = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            queued.add(ask(a, "m" + i));
        }
        assertThat(crash).isCompletedExceptionally();
        for (int i = 0; i < 20; i++) {
            assertThat(text(queued.get(i))).isEqualTo("2:m" + i);
        }
        List<String> delivered = module.events.stream().filter(e -> e.startsWith("2:deliver")).toList();
        assertThat(delivered).hasSize(20).first().isEqualTo("2:deliver host m0");
    }

    @Test
    void tooManyRestartsFailItAndTheQueueIsAnsweredThenAnOperatorBringsItBack() throws Exception {
        module.script = trapOn("boom");
        ComponentActor a = h.actor("c", module, Harness.limits(500, RestartPolicy.PERMANENT, 1));
        a.start();
        ask(a, "boom");
        assertThat(eventually(() -> a.state() == ComponentState.READY && a.restartCount() == 1)).isTrue();
        ask(a, "boom");
        assertThat(eventually(() -> a.state() == ComponentState.FAILED)).isTrue();
        assertThat(a.reason().orElseThrow()).contains("restarted 1 times within");
        assertThat(ask(a, "late")).failsWithin(1, TimeUnit.SECONDS).withThrowableOfType(ExecutionException.class)
                .withCauseInstanceOf(ComponentUnavailableException.class);
        assertThat(module.live()).isZero();

        a.requestRestart(RestartRecord.Reason.OPERATOR, "wasm:restart");
        assertThat(eventually(() -> a.state() == ComponentState.READY)).isTrue();
        assertThat(text(ask(a, "back"))).isEqualTo("3:back");
    }

    @Test
    void aTemporaryComponentIsNotRestarted() throws Exception {
        module.script = trapOn("boom");
        ComponentActor a = h.actor("c", module, Harness.limits(500, RestartPolicy.TEMPORARY, 5));
        a.start();
        ask(a, "boom");
        assertThat(eventually(() -> a.state() == ComponentState.FAILED)).isTrue();
        assertThat(a.reason().orElseThrow()).contains("restart policy temporary");
        assertThat(module.created).hasValue(1);
    }

    @Test
    void aTransientComponentThatExitsNormallyEndsAndAnOperatorMayRestartIt() throws Exception {
        module.script = new FakeModule.Script() {
            @Override
            public byte[] deliver(FakeGuest g, ComponentId sender, byte[] payload, boolean request) {
                throw new WasiExitException(0);
            }
        };
        ComponentActor a = h.actor("c", module, Harness.limits(500, RestartPolicy.TRANSIENT, 5));
        a.start();
        ask(a, "bye");
        assertThat(eventually(() -> a.state.phase() == Phase.ENDED)).isTrue();
        assertThat(a.state()).isEqualTo(ComponentState.STOPPED);
        assertThat(a.reason().orElseThrow()).contains("exited normally");
        a.requestRestart(RestartRecord.Reason.OPERATOR, "wasm:restart");
        assertThat(eventually(() -> a.state() == ComponentState.READY)).isTrue();
    }

    @Test
    void aShutdownRunsTheCleanupAfterTheMessagesBeforeItAndEndsTheComponent() throws Exception {
        ComponentActor a = h.started("c", module);
        CompletableFuture<byte[]> before = ask(a, "before");
        CompletableFuture<Void> done = new CompletableFuture<>();
        assertThat(a.enqueueControl(new Envelope.Shutdown(done)).accepted()).isTrue();
        done.get(5, TimeUnit.SECONDS);
        assertThat(text(before)).isEqualTo("before");
        assertThat(a.state.phase()).isEqualTo(Phase.ENDED);
        assertThat(a.reason()).contains("shut down on request");
        assertThat(module.events).containsSubsequence("1:deliver host before", "1:cleanup", "1:close");
        a.requestRestart(RestartRecord.Reason.OPERATOR, "wasm:restart");
        assertThat(eventually(() -> a.state() == ComponentState.READY)).isTrue();
    }

    @Test
    void aStopDrainsTheQueueRunsTheCleanupAndRefusesWhatComesAfter() throws Exception {
        ComponentActor a = h.started("c", module);
        List<CompletableFuture<byte[]>> queued = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            queued.add(ask(a, "m" + i));
        }
        a.stop(5000);
        // the queued ones are drained; the one under way when the stop came, if any, is ended at once
        List<CompletableFuture<byte[]>> ended = queued.stream().filter(CompletableFuture::isCompletedExceptionally).toList();
        assertThat(ended).hasSizeLessThanOrEqualTo(1);
        ended.forEach(q -> assertThat(q).failsWithin(java.time.Duration.ZERO).withThrowableOfType(ExecutionException.class)
                .withCauseInstanceOf(ComponentUnavailableException.class));
        queued.stream().filter(q -> !ended.contains(q)).forEach(q -> assertThat(q).isCompleted());
        assertThat(a.state()).isEqualTo(ComponentState.STOPPED);
        assertThat(module.events).endsWith("1:cleanup", "1:close");
        assertThat(ask(a, "late")).isCompletedExceptionally();
        a.requestRestart(RestartRecord.Reason.OPERATOR, "wasm:restart");
        assertThat(a.state()).as("a stopped component never comes back").isEqualTo(ComponentState.STOPPED);
    }

    @Test
    void aStopEndsACallUnderWayAtOnceAndNothingRestartsAfterIt() throws Exception {
        CountDownLatch inCall = new CountDownLatch(1);
        module.script = new FakeModule.Script() {
            @Override
            public byte[] deliver(FakeGuest g, ComponentId sender, byte[] payload, boolean request) {
                inCall.countDown();
                try {
                    new CountDownLatch(1).await();
                } catch (InterruptedException e) {
                    throw new IllegalStateException("interrupted", e);
                }
                return null;
            }
        };
        ComponentActor a = h.actor("c", module, Harness.limits(30_000, RestartPolicy.PERMANENT, 5));
        a.start();
        CompletableFuture<byte[]> stuck = ask(a, "stuck");
        assertThat(inCall.await(5, TimeUnit.SECONDS)).isTrue();
        long t0 = System.nanoTime();
        a.stop(5000);
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).isLessThan(3000);
        assertThat(stuck).failsWithin(1, TimeUnit.SECONDS).withThrowableOfType(ExecutionException.class)
                .withCauseInstanceOf(ComponentUnavailableException.class);
        assertThat(a.state()).isEqualTo(ComponentState.STOPPED);
        assertThat(module.live()).isZero();
        assertThat(module.created).as("no restart after the stop").hasValue(1);
    }

    @Test
    void aTimeoutCrashesTheInstanceLikeATrap() throws Exception {
        module.script = new FakeModule.Script() {
            @Override
            public byte[] deliver(FakeGuest g, ComponentId sender, byte[] payload, boolean request) {
                while (!Thread.currentThread().isInterrupted()) {
                    Thread.onSpinWait();
                }
                throw new IllegalStateException("interrupted");
            }
        };
        ComponentActor a = h.actor("c", module, Harness.limits(50, RestartPolicy.PERMANENT, 5));
        a.start();
        assertThat(ask(a, "spin")).failsWithin(5, TimeUnit.SECONDS).withThrowableOfType(ExecutionException.class)
                .withCauseInstanceOf(CallTimeoutException.class);
        assertThat(eventually(() -> a.restartCount() == 1)).isTrue();
        assertThat(a.metadata().restarts()).extracting(RestartRecord::reason).containsExactly(RestartRecord.Reason.TIMEOUT);
    }

    @Test
    void aStopDuringARestartBackoffLeavesNoInstanceAndNoRestart() throws Exception {
        module.script = trapOn("boom");
        ComponentActor a = h.started("c", module);
        ask(a, "boom");
        assertThat(eventually(() -> a.state.phase() == Phase.RESTARTING)).isTrue();
        CompletableFuture<byte[]> waiting = ask(a, "waiting");
        a.stop(1000);
        assertThat(waiting).failsWithin(1, TimeUnit.SECONDS);
        assertThat(a.state()).isEqualTo(ComponentState.STOPPED);
        // the backoff (100 ms) passes: the restart finds the component stopped
        Thread.sleep(300);
        assertThat(module.created).hasValue(1);
        assertThat(module.live()).isZero();
    }
}
