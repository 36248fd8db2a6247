package dev.wharf.runtime.internal.actor;

import static dev.wharf.runtime.internal.actor.Harness.ask;
import static dev.wharf.runtime.internal.actor.Harness.text;
import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.api.ComponentId;
import dev.wharf.api.ComponentLimits;
import dev.wharf.api.ComponentSpec;
import dev.wharf.api.ComponentUnavailableException;
import dev.wharf.api.Delivery;
import dev.wharf.api.ErrorCode;
import dev.wharf.api.GuestErrorException;
import dev.wharf.api.NoReplyException;
import dev.wharf.api.RestartPolicy;
import dev.wharf.runtime.internal.guest.FakeGuest;
import dev.wharf.runtime.internal.guest.FakeModule;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What WebAssembly and Java actors share: the mailbox, the turns, caller-runs, refusals as answers. */
class ActorTest {

    Harness h;

    @AfterEach
    void close() {
        if (h != null) {
            h.close();
        }
    }

    @Test
    void anIdleComponentRunsOnTheThreadOfASynchronousCallerWithCallerRunsAndOnThePoolOtherwise() throws Exception {
        AtomicReference<String> thread = new AtomicReference<>();
        FakeModule m = new FakeModule();
        m.script = new FakeModule.Script() {
            @Override
            public byte[] deliver(FakeGuest g, ComponentId sender, byte[] payload, boolean request) {
                thread.set(Thread.currentThread().getName());
                return payload;
            }
        };
        h = new Harness(true);
        ComponentActor a = h.started("c", m);
        // only a caller that waits for the answer lends its thread
        CompletableFuture<byte[]> r = h.system.waiting(() -> ask(a, "x"));
        assertThat(r).isCompleted();
        assertThat(thread.get()).isEqualTo(Thread.currentThread().getName());
        assertThat(text(ask(a, "y"))).isEqualTo("y");
        assertThat(thread.get()).as("an asynchronous ask never runs here").startsWith("wharf-dispatcher-");
        h.close();
        h = new Harness(false);
        ComponentActor b = h.started("d", m);
        assertThat(text(ask(b, "y"))).isEqualTo("y");
        assertThat(thread.get()).startsWith("wharf-dispatcher-");
    }

    @Test
    void aFullMailboxRefusesAtOnceButAMessageThatWaitedForAPolicyGoesIn() throws Exception {
        h = new Harness();
        CountDownLatch release = new CountDownLatch(1);
        FakeModule m = new FakeModule();
        m.script = FakeModule.waitingFor(release);
        ComponentLimits d = ComponentLimits.DEFAULTS;
        ComponentActor a = h.actor("c", m, new ComponentLimits(d.maxMessageSize(), d.rateLimit(), d.memoryMaxPages(), 5000,
                2, RestartPolicy.PERMANENT, 5, 60_000));
        a.start();
        CompletableFuture<byte[]> first = ask(a, "1");
        Harness.eventually(() -> a.mailboxDepth() == 0 && m.events.contains("1:deliver host 1"));
        ask(a, "2");
        ask(a, "3");
        CompletableFuture<byte[]> refused = ask(a, "4");
        assertThat(refused).failsWithin(1, TimeUnit.SECONDS).withThrowableOfType(ExecutionException.class)
                .havingCause().isInstanceOf(dev.wharf.api.DeliveryRefusedException.class)
                .satisfies(e -> assertThat(((dev.wharf.api.WharfException) e).code()).isEqualTo(ErrorCode.MAILBOX_FULL));
        CompletableFuture<byte[]> waited = new CompletableFuture<>();
        Delivery forced = a.enqueue(new Envelope.Deliver(ComponentId.HOST, a.id(), "5".getBytes(), waited,
                h.system.deadLetters()), true);
        assertThat(forced.accepted()).isTrue();
        assertThat(a.stats().refused()).isEqualTo(1);
        release.countDown();
        assertThat(text(first)).isEqualTo("1");
        assertThat(text(waited)).isEqualTo("5");
    }

    @Test
    void aRequestHandledWithoutAReplyOrWithAnErrorFailsTheAsker() throws Exception {
        h = new Harness();
        FakeModule m = new FakeModule();
        m.script = new FakeModule.Script() {
            @Override
            public byte[] deliver(FakeGuest g, ComponentId sender, byte[] payload, boolean request) {
                if (new String(payload).equals("err")) {
                    throw new GuestErrorException(ComponentId.of("c"), 42);
                }
                return null;
            }
        };
        ComponentActor a = h.started("c", m);
        assertThat(ask(a, "silent")).failsWithin(5, TimeUnit.SECONDS).withThrowableOfType(ExecutionException.class)
                .withCauseInstanceOf(NoReplyException.class);
        assertThat(ask(a, "err")).failsWithin(5, TimeUnit.SECONDS).withThrowableOfType(ExecutionException.class)
                .withCauseInstanceOf(GuestErrorException.class);
        assertThat(a.restartCount()).as("an application error is not a crash").isZero();
    }

    @Test
    void aJavaComponentRunsOnThePoolRepliesAndRefusesOnceClosed() throws Exception {
        h = new Harness(true);
        AtomicReference<String> thread = new AtomicReference<>();
        CountDownLatch release = new CountDownLatch(1);
        JavaActor j = new JavaActor(new ComponentSpec(ComponentId.of("j"), "java:j", List.of("*"), List.of(),
                ComponentLimits.DEFAULTS), m -> {
                    thread.set(Thread.currentThread().getName());
                    release.await();
                    m.reply(m.payload());
                }, new JavaActor.Source(1, "b", "1", 9), h.system, new JavaActor.Messenger() {
                    @Override
                    public Delivery tell(ComponentId from, ComponentSpec spec, ComponentId to, byte[] payload) {
                        return Delivery.ACCEPTED;
                    }

                    @Override
                    public CompletionStage<byte[]> ask(ComponentId from, ComponentSpec spec, ComponentId to, byte[] payload,
                            Duration timeout) {
                        return CompletableFuture.completedFuture(payload);
                    }
                });
        h.system.add(j);
        CompletableFuture<byte[]> r = ask(j, "Q");
        CompletableFuture<byte[]> queued = ask(j, "Qq");
        assertThat(r).isNotDone();
        release.countDown();
        assertThat(text(r)).isEqualTo("Q");
        assertThat(thread.get()).as("a Java handler never runs on the caller's thread").startsWith("wharf-dispatcher-");
        assertThat(text(queued)).isEqualTo("Qq");
        j.close();
        assertThat(ask(j, "late")).failsWithin(1, TimeUnit.SECONDS).withThrowableOfType(ExecutionException.class)
                .withCauseInstanceOf(ComponentUnavailableException.class);
    }

    @Test
    void capabilityCallsUnderWayAreBoundedContainerWide() throws Exception {
        h = new Harness();
        List<CallGuard> guards = new java.util.ArrayList<>();
        for (int i = 0; i < 256; i++) {
            CallGuard g = new CallGuard(ComponentId.of("c" + i), 1000);
            assertThat(h.system.enterCapability(g)).isTrue();
            guards.add(g);
        }
        CallGuard one = new CallGuard(ComponentId.of("more"), 1000);
        assertThat(h.system.enterCapability(one)).as("one more than max-capability-calls").isFalse();
        h.system.leaveCapability(guards.remove(0));
        assertThat(h.system.enterCapability(one)).isTrue();
        assertThat(h.system.capabilityCalls()).isEqualTo(256);
    }
}
