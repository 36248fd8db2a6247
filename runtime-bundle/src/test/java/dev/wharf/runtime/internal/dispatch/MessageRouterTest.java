package dev.wharf.runtime.internal.dispatch;

import static dev.wharf.runtime.internal.actor.Harness.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.api.CallTimeoutException;
import dev.wharf.api.Codec;
import dev.wharf.api.ComponentId;
import dev.wharf.api.ComponentMessage;
import dev.wharf.api.ComponentSpec;
import dev.wharf.api.Delivery;
import dev.wharf.api.ErrorCode;
import dev.wharf.api.InvokeResult;
import dev.wharf.api.UnknownExportException;
import dev.wharf.api.WharfException;
import dev.wharf.api.runtime.DeadLetter;
import dev.wharf.runtime.internal.actor.ComponentActor;
import dev.wharf.runtime.internal.actor.Harness;
import dev.wharf.runtime.internal.guest.FakeGuest;
import dev.wharf.runtime.internal.guest.FakeModule;
import dev.wharf.spi.lattice.LatticeLink;
import dev.wharf.spi.lattice.LatticeView;
import dev.wharf.spi.security.PolicyDecision;
import dev.wharf.spi.security.SecurityPolicy;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The one path of every message: target, codec, policy, mailbox, the lattice for ids not hosted here. */
class MessageRouterTest {

    static final ComponentId A = ComponentId.of("a");
    static final ComponentId B = ComponentId.of("b");

    /** Allows everything, locally and across nodes, and remembers who sent what. */
    static final class Recording implements SecurityPolicy {
        final List<String> checks = new CopyOnWriteArrayList<>();
        volatile PolicyDecision answer = PolicyDecision.ALLOW;

        @Override
        public PolicyDecision check(ComponentId sender, ComponentSpec senderSpec, ComponentSpec receiver, int size) {
            checks.add(sender + (senderSpec == null ? "" : "(spec)") + ">" + receiver.id());
            return answer;
        }

        @Override
        public PolicyDecision checkCapability(ComponentSpec component, String capability, String function) {
            return PolicyDecision.ALLOW;
        }

        @Override
        public PolicyDecision checkOutbound(ComponentId sender, ComponentSpec senderSpec, ComponentId receiver, int size) {
            checks.add("out " + sender + ">" + receiver);
            return answer;
        }

        @Override
        public void forget(ComponentId id) {}
    }

    final Harness h = new Harness();
    final PolicyGate gate = new PolicyGate(new ActorRoute(h.system), h.watchdog, 5000, 100);
    final MessageRouter router = new MessageRouter(h.system, gate, h.watchdog);
    final Recording policy = new Recording();
    final FakeModule module = new FakeModule();

    MessageRouterTest() {
        h.outbox(router);
    }

    @AfterEach
    void close() {
        h.close();
    }

    static byte[] cbor(String text) {
        return ("Q" + text).getBytes(StandardCharsets.UTF_8);
    }

    static WharfException refusal(Delivery d) {
        return ((Delivery.Refused) d).error();
    }

    @Test
    void aMessageToAnUnknownIdOrWithoutACodecIsRefusedAtOnceAndRecorded() {
        gate.bindPolicy(policy);
        h.started("a", module);
        Delivery unknown = router.tell(new ComponentMessage.InterComponent(ComponentId.HOST, B, cbor("1")));
        assertThat(refusal(unknown).code()).isEqualTo(ErrorCode.UNKNOWN_TARGET);
        Delivery unreadable = router.tell(new ComponentMessage.InterComponent(ComponentId.HOST, A, "x".getBytes()));
        assertThat(refusal(unreadable).code()).isEqualTo(ErrorCode.UNKNOWN_CODEC);
        assertThat(h.system.deadLetters().newest(10)).extracting(DeadLetter::to).containsExactlyInAnyOrder(B, A);
        assertThat(policy.checks).isEmpty();
    }

    @Test
    void withoutAPolicyMessagesWaitAndTheNextPolicyDecidesThemInOrder() throws Exception {
        h.started("a", module);
        for (int i = 0; i < 5; i++) {
            assertThat(router.tell(new ComponentMessage.InterComponent(ComponentId.HOST, A, cbor("m" + i))).accepted()).isTrue();
        }
        assertThat(module.events).noneMatch(e -> e.contains("deliver"));
        gate.bindPolicy(policy);
        assertThat(eventually(() -> module.events.stream().filter(e -> e.contains("deliver")).count() == 5)).isTrue();
        assertThat(module.events.stream().filter(e -> e.contains("deliver")).toList())
                .containsExactly("1:deliver host Qm0", "1:deliver host Qm1", "1:deliver host Qm2", "1:deliver host Qm3",
                        "1:deliver host Qm4");
    }

    @Test
    void aDenialIsAnsweredWithThePolicysCode() throws Exception {
        gate.bindPolicy(policy);
        h.started("a", module);
        policy.answer = new PolicyDecision.Deny(ErrorCode.RATE_LIMITED, "too fast");
        CompletableFuture<byte[]> r = router.ask(new ComponentMessage.InterComponent(ComponentId.HOST, A, cbor("1")),
                Duration.ofSeconds(1)).toCompletableFuture();
        assertThat(r).failsWithin(1, TimeUnit.SECONDS).withThrowableOfType(ExecutionException.class)
                .havingCause().withMessage("too fast");
    }

    @Test
    void aGuestSendsAsItselfUnderThePolicy() throws Exception {
        gate.bindPolicy(policy);
        FakeModule sender = new FakeModule();
        sender.script = new FakeModule.Script() {
            @Override
            public byte[] deliver(FakeGuest g, ComponentId from, byte[] payload, boolean request) {
                Delivery d = g.host.send(B, payload);
                return (d.accepted() ? "sent" : "refused").getBytes();
            }
        };
        h.started("a", sender);
        h.started("b", module);
        byte[] r = router.ask(new ComponentMessage.InterComponent(ComponentId.HOST, A, cbor("hi")), Duration.ofSeconds(5))
                .toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertThat(new String(r)).isEqualTo("sent");
        assertThat(eventually(() -> module.events.contains("1:deliver a Qhi"))).isTrue();
        assertThat(policy.checks).contains("a(spec)>b");
    }

    @Test
    void anInvokeIsDecodedCalledAndEncodedInTheRequestsCodec() throws Exception {
        gate.bindPolicy(policy);
        h.started("a", module);
        InvokeResult r = router.invoke(A, new ComponentMessage.Invoke("add", Codec.JSON.encode("[2,3]".getBytes())))
                .toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertThat(r.values()).extracting(Number::longValue).containsExactly(5L);
        assertThat(router.invoke(A, new ComponentMessage.Invoke("nope", Codec.JSON.encode("[]".getBytes())))
                .toCompletableFuture()).failsWithin(1, TimeUnit.SECONDS).withThrowableOfType(ExecutionException.class)
                .withCauseInstanceOf(UnknownExportException.class);
    }

    /** A tell returns while the guest still works; a synchronous call waits for it. */
    @Test
    void asynchronousCallsNeverWaitForTheGuestSynchronousOnesDo() throws Exception {
        gate.bindPolicy(policy);
        CountDownLatch release = new CountDownLatch(1);
        module.script = FakeModule.waitingFor(release);
        h.started("a", module);
        Delivery d = router.tell(new ComponentMessage.InterComponent(ComponentId.HOST, A, cbor("slow")));
        assertThat(d.accepted()).isTrue();
        CompletableFuture<byte[]> asked = router.ask(new ComponentMessage.InterComponent(ComponentId.HOST, A, cbor("x")),
                Duration.ofSeconds(5)).toCompletableFuture();
        assertThat(asked).isNotDone();
        release.countDown();
        assertThat(new String(asked.get(5, TimeUnit.SECONDS))).isEqualTo("Qx");
        assertThat(new String(router.askAndWait(new ComponentMessage.InterComponent(ComponentId.HOST, A, cbor("y")),
                Duration.ofSeconds(5)))).isEqualTo("Qy");
        assertThat(router.call(A, new ComponentMessage.Invoke("add", Codec.JSON.encode("[20,22]".getBytes())),
                Duration.ofSeconds(5)).values()).extracting(Number::longValue).containsExactly(42L);
    }

    @Test
    void aSynchronousCallThrowsWhatTheStageWouldCompleteWith() {
        gate.bindPolicy(policy);
        h.started("a", module);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> router.call(A,
                new ComponentMessage.Invoke("nope", Codec.JSON.encode("[]".getBytes())), Duration.ofSeconds(1)))
                .isInstanceOf(UnknownExportException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> router.askAndWait(
                new ComponentMessage.InterComponent(ComponentId.HOST, B, cbor("1")), Duration.ofSeconds(1)))
                .isInstanceOf(dev.wharf.api.UnknownComponentException.class);
    }

    @Test
    void anAskPastItsTimeoutFailsAsATimeout() throws Exception {
        gate.bindPolicy(policy);
        CountDownLatch release = new CountDownLatch(1);
        module.script = FakeModule.waitingFor(release);
        h.started("a", module);
        CompletableFuture<byte[]> r = router.ask(new ComponentMessage.InterComponent(ComponentId.HOST, A, cbor("1")),
                Duration.ofMillis(50)).toCompletableFuture();
        assertThat(r).failsWithin(5, TimeUnit.SECONDS).withThrowableOfType(ExecutionException.class)
                .withCauseInstanceOf(CallTimeoutException.class);
        release.countDown();
    }

    @Test
    void anIdNotHostedHereGoesToTheLatticeAfterTheSendersSideIsDecided() throws Exception {
        gate.bindPolicy(policy);
        List<String> sent = new CopyOnWriteArrayList<>();
        ComponentId far = ComponentId.of("far");
        router.bindLattice(new LatticeLink() {
            @Override public String node() { return "here"; }
            @Override public boolean reaches(ComponentId id) { return id.equals(far); }
            @Override public Delivery tell(ComponentId sender, ComponentId to, byte[] payload) {
                sent.add("tell " + sender + ">" + to);
                return Delivery.ACCEPTED;
            }
            @Override public CompletableFuture<byte[]> ask(ComponentId sender, ComponentId to, byte[] payload, Duration t) {
                sent.add("ask " + sender + ">" + to);
                return CompletableFuture.completedFuture(cbor("pong"));
            }
            @Override public LatticeView view() { throw new AssertionError(); }
        });
        assertThat(router.tell(new ComponentMessage.InterComponent(ComponentId.HOST, far, cbor("1"))).accepted()).isTrue();
        byte[] r = router.ask(new ComponentMessage.InterComponent(ComponentId.HOST, far, cbor("ping")), Duration.ofSeconds(5))
                .toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertThat(new String(r)).isEqualTo("Qpong");
        assertThat(sent).containsExactly("tell host>far", "ask host>far");
        policy.answer = new PolicyDecision.Deny(ErrorCode.DENIED, "not to other nodes");
        assertThat(refusal(router.tell(new ComponentMessage.InterComponent(ComponentId.HOST, far, cbor("1")))).code())
                .isEqualTo(ErrorCode.DENIED);
        assertThat(sent).hasSize(2);
        assertThat(refusal(router.tell(new ComponentMessage.InterComponent(ComponentId.HOST, ComponentId.of("nowhere"),
                cbor("1")))).code()).isEqualTo(ErrorCode.UNKNOWN_TARGET);
    }
}
