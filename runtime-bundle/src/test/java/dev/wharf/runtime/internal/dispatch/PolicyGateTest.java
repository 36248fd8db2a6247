package dev.wharf.runtime.internal.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.api.ComponentId;
import dev.wharf.api.ComponentLimits;
import dev.wharf.api.ComponentSpec;
import dev.wharf.api.ErrorCode;
import dev.wharf.api.Delivery;
import dev.wharf.api.WharfException;
import dev.wharf.runtime.internal.actor.Watchdog;
import dev.wharf.spi.security.PolicyDecision;
import dev.wharf.spi.security.SecurityPolicy;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The fail-closed queue: messages wait for a policy, in order, bounded in count and time. */
class PolicyGateTest {

    static final ComponentId HOST = ComponentId.HOST;
    static final ComponentId A = ComponentId.of("a");
    static final ComponentId B = ComponentId.of("b");

    /** Records what reaches the mailboxes and what is refused after waiting. */
    static final class FakeRoute implements PolicyGate.Route {
        final Map<ComponentId, ComponentSpec> specs = new ConcurrentHashMap<>();
        final List<String> delivered = new CopyOnWriteArrayList<>();
        final List<String> refused = new CopyOnWriteArrayList<>();
        final ExecutorService pool = Executors.newSingleThreadExecutor(r -> new Thread(r, "test-pool"));

        FakeRoute() {
            for (ComponentId id : List.of(A, B)) {
                specs.put(id, new ComponentSpec(id, id + ".wasm", List.of("*"), List.of("*"), ComponentLimits.DEFAULTS));
            }
        }

        @Override
        public ComponentSpec spec(ComponentId id) {
            return specs.get(id);
        }

        @Override
        public Delivery enqueue(ComponentId sender, ComponentId to, byte[] payload, CompletableFuture<byte[]> reply,
                boolean waited) {
            delivered.add(sender + ">" + to + ":" + new String(payload, StandardCharsets.UTF_8) + (waited ? " (waited)" : ""));
            return Delivery.ACCEPTED;
        }

        @Override
        public void refused(ComponentId sender, ComponentId to, byte[] payload, CompletableFuture<byte[]> reply,
                WharfException why) {
            // the asker hears of it before the test sees it refused
            if (reply != null) {
                reply.completeExceptionally(why);
            }
            refused.add(new String(payload, StandardCharsets.UTF_8) + ":" + why.code());
        }

        @Override
        public void execute(Runnable task) {
            pool.execute(task);
        }
    }

    static final SecurityPolicy ALLOW_ALL = new SecurityPolicy() {
        @Override
        public PolicyDecision check(ComponentId sender, ComponentSpec senderSpec, ComponentSpec receiver, int size) {
            return PolicyDecision.ALLOW;
        }

        @Override
        public PolicyDecision checkCapability(ComponentSpec component, String capability, String function) {
            return PolicyDecision.ALLOW;
        }

        @Override
        public void forget(ComponentId id) {}
    };

    final Watchdog watchdog = new Watchdog(1);
    final FakeRoute route = new FakeRoute();

    @AfterEach
    void stop() {
        watchdog.stop();
        route.pool.shutdownNow();
    }

    WharfException submit(PolicyGate gate, ComponentId from, ComponentId to, String text) {
        return submit(gate, from, to, text, null);
    }

    /** The refusal, or {@code null} when accepted. */
    WharfException submit(PolicyGate gate, ComponentId from, ComponentId to, String text, CompletableFuture<byte[]> reply) {
        ComponentSpec spec = route.spec(to);
        dev.wharf.runtime.internal.actor.MessageTarget target = new dev.wharf.runtime.internal.actor.MessageTarget() {
            @Override public ComponentId id() { return to; }
            @Override public ComponentSpec spec() { return spec; }
            @Override public Delivery enqueue(dev.wharf.runtime.internal.actor.Envelope e, boolean accepted) {
                throw new AssertionError("the gate goes through its route");
            }
        };
        Delivery d = gate.submit(from, route.spec(from), target, text.getBytes(StandardCharsets.UTF_8), reply);
        return d instanceof Delivery.Refused r ? r.error() : null;
    }

    static void eventually(Runnable assertion) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (true) {
            try {
                assertion.run();
                return;
            } catch (AssertionError e) {
                if (System.nanoTime() > end) {
                    throw e;
                }
                Thread.sleep(5); // polling a fake's record, nothing to await
            }
        }
    }

    @Test
    void withAPolicyAMessageGoesStraightToTheMailbox() {
        PolicyGate gate = new PolicyGate(route, watchdog, 5000, 10);
        gate.bindPolicy(ALLOW_ALL);
        assertThat(submit(gate, A, B, "1")).isNull();
        assertThat(route.delivered).containsExactly("a>b:1");
        assertThat(gate.waiting()).isZero();
    }

    @Test
    void withoutAPolicyNothingIsDeliveredAndMessagesWaitInOrderForOne() throws Exception {
        PolicyGate gate = new PolicyGate(route, watchdog, 60_000, 100);
        for (int i = 0; i < 5; i++) {
            assertThat(submit(gate, i % 2 == 0 ? A : HOST, B, Integer.toString(i))).isNull();
        }
        assertThat(route.delivered).isEmpty();
        assertThat(gate.waiting()).isEqualTo(5);
        gate.bindPolicy(ALLOW_ALL);
        eventually(() -> assertThat(route.delivered).containsExactly("a>b:0 (waited)", "host>b:1 (waited)",
                "a>b:2 (waited)", "host>b:3 (waited)", "a>b:4 (waited)"));
        assertThat(gate.waiting()).isZero();
    }

    @Test
    void aNewMessageNeverOvertakesAWaitingOne() throws Exception {
        PolicyGate gate = new PolicyGate(route, watchdog, 60_000, 100);
        submit(gate, A, B, "first");
        // the drain runs on the pool: hold the pool so the policy is present while "first" still waits
        CompletableFuture<Void> hold = new CompletableFuture<>();
        route.pool.execute(hold::join);
        gate.bindPolicy(ALLOW_ALL);
        assertThat(submit(gate, A, B, "second")).isNull();
        assertThat(route.delivered).isEmpty();
        hold.complete(null);
        eventually(() -> assertThat(route.delivered).containsExactly("a>b:first (waited)", "a>b:second (waited)"));
    }

    @Test
    void beyondPolicyWaitMaxMessagesAreRefusedAtOnce() {
        PolicyGate gate = new PolicyGate(route, watchdog, 60_000, 2);
        assertThat(submit(gate, A, B, "1")).isNull();
        assertThat(submit(gate, A, B, "2")).isNull();
        WharfException refused = submit(gate, A, B, "3");
        assertThat(refused).isNotNull().extracting(WharfException::code).isEqualTo(ErrorCode.NO_POLICY);
        assertThat(refused).hasMessageContaining("2 messages are already waiting");
        assertThat(gate.waiting()).isEqualTo(2);
    }

    @Test
    void messagesThatWaitLongerThanPolicyWaitMsFailAndTheAskerHearsOfIt() throws Exception {
        PolicyGate gate = new PolicyGate(route, watchdog, 50, 100);
        CompletableFuture<byte[]> reply = new CompletableFuture<>();
        assertThat(submit(gate, HOST, B, "late", reply)).isNull();
        eventually(() -> assertThat(route.refused).containsExactly("late:NO_POLICY"));
        assertThat(reply).isCompletedExceptionally();
        try {
            reply.get();
        } catch (ExecutionException e) {
            assertThat(e.getCause()).hasMessageContaining("no security policy was present within 50 ms");
        }
        assertThat(gate.waiting()).isZero();
        gate.bindPolicy(ALLOW_ALL);
        assertThat(submit(gate, HOST, B, "fresh")).isNull();
        assertThat(route.delivered).containsExactly("host>b:fresh");
    }

    @Test
    void aWaitingMessageToAComponentThatWentAwayIsRefused() throws Exception {
        PolicyGate gate = new PolicyGate(route, watchdog, 60_000, 100);
        submit(gate, A, B, "orphan");
        route.specs.remove(B);
        gate.bindPolicy(ALLOW_ALL);
        eventually(() -> assertThat(route.refused).containsExactly("orphan:UNKNOWN_TARGET"));
    }

    @Test
    void denialsCarryThePolicysCodeAndAFailingPolicyFailsClosed() {
        PolicyGate gate = new PolicyGate(route, watchdog, 5000, 10);
        gate.bindPolicy(new SecurityPolicy() {
            @Override
            public PolicyDecision check(ComponentId sender, ComponentSpec senderSpec, ComponentSpec receiver, int size) {
                if (size > 3) {
                    throw new IllegalStateException("broken policy");
                }
                return new PolicyDecision.Deny(ErrorCode.RATE_LIMITED, "too many");
            }

            @Override
            public PolicyDecision checkCapability(ComponentSpec component, String capability, String function) {
                return PolicyDecision.ALLOW;
            }

            @Override
            public void forget(ComponentId id) {}
        });
        assertThat(submit(gate, A, B, "x")).extracting(WharfException::code).isEqualTo(ErrorCode.RATE_LIMITED);
        assertThat(submit(gate, A, B, "long one")).extracting(WharfException::code).isEqualTo(ErrorCode.NO_POLICY);
        assertThat(route.delivered).isEmpty();
    }

    @Test
    void losingThePolicyClosesTheGateAgain() {
        PolicyGate gate = new PolicyGate(route, watchdog, 60_000, 10);
        gate.bindPolicy(ALLOW_ALL);
        gate.unbindPolicy(ALLOW_ALL);
        assertThat(submit(gate, A, B, "1")).isNull();
        assertThat(route.delivered).isEmpty();
        assertThat(gate.waiting()).isEqualTo(1);
    }
}
