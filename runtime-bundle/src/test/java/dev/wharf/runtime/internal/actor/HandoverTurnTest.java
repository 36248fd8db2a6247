package dev.wharf.runtime.internal.actor;

import static dev.wharf.runtime.internal.actor.Harness.ask;
import static dev.wharf.runtime.internal.actor.Harness.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wharf.api.ComponentId;
import dev.wharf.api.ComponentUnavailableException;
import dev.wharf.api.RestartPolicy;
import dev.wharf.runtime.internal.actor.ActorState.Phase;
import dev.wharf.runtime.internal.guest.FakeGuest;
import dev.wharf.runtime.internal.guest.FakeModule;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A component carried from one runtime to the next: paused, its state and queue taken, served on. */
class HandoverTurnTest {

    final Harness before = new Harness();
    final Harness after = new Harness();
    final FakeModule module = new FakeModule("m");
    final CountDownLatch release = new CountDownLatch(1);

    @AfterEach
    void close() {
        release.countDown();
        before.close();
        after.close();
    }

    /** Keeps the last payload as its state and answers with what it had; "hold" waits for {@link #release}. */
    FakeModule.Script remembering() {
        return new FakeModule.Script() {
            @Override
            public byte[] deliver(FakeGuest g, ComponentId sender, byte[] payload, boolean request) {
                if (new String(payload).equals("hold")) {
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                }
                String had = new String(g.state);
                g.state = payload;
                return request ? ("had " + had).getBytes() : null;
            }
        };
    }

    @Test
    void theStateAndTheQueuedMessagesGoToTheNextRuntimeWhichServesThemFirst() throws Exception {
        module.script = remembering();
        module.savesState = true;
        module.restoresState = true;
        ComponentActor old = before.started("c", module);
        CompletableFuture<byte[]> held = ask(old, "hold"); // in a turn when the runtime is updated
        Harness.eventually(() -> old.guard().busy());
        CompletableFuture<byte[]> first = ask(old, "one");
        CompletableFuture<byte[]> second = ask(old, "two");
        assertThat(old.pauseForHandover()).isTrue();
        CompletableFuture<byte[]> late = ask(old, "late");
        release.countDown();
        Carried carried = old.handOver(5000);

        assertThat(text(held)).isEqualTo("had ");
        assertThat(new String(carried.state())).isEqualTo("hold");
        assertThat(carried.messages()).hasSize(2);
        assertThatThrownBy(() -> late.get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(ComponentUnavailableException.class);
        assertThat(old.state.phase()).isEqualTo(Phase.STOPPED);
        assertThat(module.events).as("no cleanup: it lives on").doesNotContain("1:cleanup").contains("1:save", "1:close");

        ComponentActor next = after.actor("c", module, Harness.limits(500, RestartPolicy.PERMANENT, 5));
        next.start(carried);
        CompletableFuture<byte[]> third = ask(next, "three");
        assertThat(text(first)).isEqualTo("had hold");
        assertThat(text(second)).isEqualTo("had one");
        assertThat(text(third)).isEqualTo("had two");
        assertThat(module.events).contains("2:restore");
    }

    @Test
    void aComponentThatIsNotServingIsNotPausedAndOneStillInACallStopsAsOnAStop() throws Exception {
        module.script = FakeModule.waitingFor(release);
        ComponentActor failed = before.actor("f", module, Harness.limits(500, RestartPolicy.PERMANENT, 5));
        assertThat(failed.pauseForHandover()).as("not started").isFalse();

        ComponentActor busy = before.actor("b", module, Harness.limits(60_000, RestartPolicy.PERMANENT, 5));
        busy.start();
        CompletableFuture<byte[]> inCall = ask(busy, "x");
        Harness.eventually(() -> busy.guard().busy());
        assertThat(busy.pauseForHandover()).isTrue();
        assertThat(busy.handOver(50)).as("its call did not end in time").isNull();
        assertThat(busy.state.phase()).isEqualTo(Phase.STOPPED);
        assertThatThrownBy(() -> inCall.get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class);
    }

    @Test
    void anInstanceThatRefusesTheStateIsReplacedByAFreshOneAndTheMessagesAreServed() throws Exception {
        module.script = new FakeModule.Script() {
            @Override
            public byte[] deliver(FakeGuest g, ComponentId sender, byte[] payload, boolean request) {
                return request ? ("fresh " + new String(g.state).isEmpty()).getBytes() : null;
            }

            @Override
            public void restoreState(FakeGuest g, byte[] state) {
                g.state = state;
                throw new dev.wharf.api.GuestErrorException(ComponentId.of("c"), -1, "no");
            }
        };
        module.restoresState = true;
        CompletableFuture<byte[]> carriedAsk = new CompletableFuture<>();
        Envelope.Deliver queued = new Envelope.Deliver(ComponentId.HOST, ComponentId.of("c"), "q".getBytes(),
                carriedAsk, new DeadLetters(10, System.getLogger("test")));
        ComponentActor next = after.actor("c", module, Harness.limits(500, RestartPolicy.PERMANENT, 5));
        next.start(new Carried("old".getBytes(), java.util.List.of(queued)));
        assertThat(text(carriedAsk)).isEqualTo("fresh true");
        assertThat(module.events).containsSubsequence("1:restore", "1:close");
    }
}
