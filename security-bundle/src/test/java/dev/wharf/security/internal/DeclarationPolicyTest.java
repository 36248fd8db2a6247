package dev.wharf.security.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.spi.security.AuditLog;
import dev.wharf.spi.security.AuditRecord;
import dev.wharf.api.ComponentAttribute;
import dev.wharf.api.ComponentId;
import dev.wharf.api.ComponentLimits;
import dev.wharf.api.ComponentSpec;
import dev.wharf.api.ErrorCode;
import dev.wharf.spi.security.PolicyDecision;
import dev.wharf.spi.security.SecurityPolicy;
import dev.wharf.api.RestartPolicy;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DeclarationPolicyTest {

    final List<AuditRecord> audited = Collections.synchronizedList(new ArrayList<>());
    final AuditLog log = new AuditLog() {
        @Override public void record(AuditRecord r) { audited.add(r); }
        @Override public List<AuditRecord> newest(int count) { return audited; }
    };
    DeclarationPolicy policy;

    static ComponentSpec spec(String id, List<String> receiveFrom, List<String> sendTo, int maxSize, int rate) {
        ComponentLimits l = new ComponentLimits(maxSize, rate, 256, 1000, 1000, RestartPolicy.PERMANENT, 5, 60_000);
        return new ComponentSpec(ComponentId.of(id), id + ".wasm", receiveFrom, sendTo, l,
                Set.of(ComponentAttribute.MAX_MESSAGE_SIZE, ComponentAttribute.RATE_LIMIT));
    }

    DeclarationPolicy policy(String mode) {
        policy = new DeclarationPolicy(Configs.mode(mode));
        policy.bindAudit(log);
        return policy;
    }

    @AfterEach
    void stop() {
        if (policy != null) {
            policy.deactivate();
        }
    }

    static final ComponentId A = ComponentId.of("a");
    final ComponentSpec a = spec("a", List.of(), List.of("b"), 100, 1000);
    final ComponentSpec b = spec("b", List.of("a"), List.of(), 10, 3);

    @Test
    void checksInOrderAndTheFirstFailureWins() {
        DeclarationPolicy p = policy("strict");
        ComponentSpec outsider = spec("c", List.of(), List.of("b"), 100, 1000);
        // c is not in b's receive-from AND the payload is too large: receive-from wins
        assertThat(p.check(ComponentId.of("c"), outsider, b, 1000)).isEqualTo(
                new PolicyDecision.Deny(ErrorCode.DENIED, "component 'b' does not receive from 'c' (receive-from: a)"));
        // a may not send to c
        ComponentSpec c = spec("c", List.of("a"), List.of(), 100, 1000);
        assertThat(((PolicyDecision.Deny) p.check(A, a, c, 1)).reason()).contains("may not send to 'c'");
        // size: exactly the limit passes, one more does not
        assertThat(p.check(A, a, b, 10)).isEqualTo(PolicyDecision.ALLOW);
        assertThat(((PolicyDecision.Deny) p.check(A, a, b, 11)).code()).isEqualTo(ErrorCode.TOO_LARGE);
        // two tokens left of b's 3 per second; then rate limited, but size is checked first
        assertThat(p.check(A, a, b, 1)).isEqualTo(PolicyDecision.ALLOW);
        assertThat(p.check(A, a, b, 1)).isEqualTo(PolicyDecision.ALLOW);
        assertThat(((PolicyDecision.Deny) p.check(A, a, b, 1)).code()).isEqualTo(ErrorCode.RATE_LIMITED);
        assertThat(((PolicyDecision.Deny) p.check(A, a, b, 11)).code()).isEqualTo(ErrorCode.TOO_LARGE);
        // every denial is audited, grants are not (audit off)
        assertThat(audited).hasSize(5).noneMatch(AuditRecord::allowed);
    }

    @Test
    void theHostMayAlwaysSendWithinTheSizeLimit() {
        DeclarationPolicy p = policy("strict");
        for (int i = 0; i < 100; i++) {
            assertThat(p.check(ComponentId.HOST, null, b, 10)).isEqualTo(PolicyDecision.ALLOW);
        }
        assertThat(((PolicyDecision.Deny) p.check(ComponentId.HOST, null, b, 11)).code()).isEqualTo(ErrorCode.TOO_LARGE);
    }

    @Test
    void patternsEmptyAndWildcard() {
        DeclarationPolicy p = policy("strict");
        ComponentSpec any = spec("any", List.of("*"), List.of(), 100, 1000);
        ComponentSpec prefix = spec("p", List.of("billing.*"), List.of(), 100, 1000);
        ComponentSpec sender = spec("billing.eu", List.of(), List.of("*"), 100, 1000);
        assertThat(p.check(ComponentId.of("billing.eu"), sender, any, 1).allowed()).isTrue();
        assertThat(p.check(ComponentId.of("billing.eu"), sender, prefix, 1).allowed()).isTrue();
        ComponentSpec deep = spec("billing.eu.x", List.of(), List.of("*"), 100, 1000);
        assertThat(p.check(ComponentId.of("billing.eu.x"), deep, prefix, 1).allowed()).isFalse();
        ComponentSpec none = spec("none", List.of(), List.of(), 100, 1000);
        assertThat(p.check(ComponentId.of("billing.eu"), sender, none, 1).allowed()).isFalse();
    }

    @Test
    void undeclaredLimitsTakeThePolicyDefaults() {
        policy = new DeclarationPolicy(Configs.of("strict", false, 5, 2, 1 << 20, 5, 1024));
        ComponentSpec plain = new ComponentSpec(ComponentId.of("plain"), "plain.wasm", List.of("a"), List.of(),
                ComponentLimits.DEFAULTS, Set.of());
        ComponentSpec sender = spec("a", List.of(), List.of("*"), 100, 1000);
        assertThat(policy.check(A, sender, plain, 5).allowed()).isTrue();
        assertThat(((PolicyDecision.Deny) policy.check(A, sender, plain, 6)).code()).isEqualTo(ErrorCode.TOO_LARGE);
        assertThat(policy.check(A, sender, plain, 1).allowed()).isTrue();
        assertThat(((PolicyDecision.Deny) policy.check(A, sender, plain, 1)).code()).isEqualTo(ErrorCode.RATE_LIMITED);
    }

    @Test
    void permissiveDeliversAndAuditsDevelopmentChecksNothing() {
        DeclarationPolicy p = policy("permissive");
        ComponentSpec outsider = spec("c", List.of(), List.of(), 100, 1000);
        assertThat(p.check(ComponentId.of("c"), outsider, b, 1000)).isEqualTo(PolicyDecision.ALLOW);
        assertThat(audited).singleElement().satisfies(r -> assertThat(r.reason()).startsWith("permissive mode, would deny"));
        p.modified(Configs.mode("development"));
        assertThat(p.check(ComponentId.of("c"), outsider, b, 1000)).isEqualTo(PolicyDecision.ALLOW);
        assertThat(audited).hasSize(1);
        p.modified(Configs.mode("nonsense"));
        assertThat(p.check(ComponentId.of("c"), outsider, b, 1).allowed()).as("an invalid mode is strict").isFalse();
    }

    @Test
    void auditOnRecordsGrantsToo() {
        policy = new DeclarationPolicy(Configs.of("strict", true, 1 << 20, 1000, 1 << 20, 5, 1024));
        policy.bindAudit(log);
        assertThat(policy.check(A, a, b, 1).allowed()).isTrue();
        assertThat(audited).singleElement().satisfies(r -> {
            assertThat(r.allowed()).isTrue();
            assertThat(r.sender()).isEqualTo(A);
            assertThat(r.target()).isEqualTo("b");
            assertThat(r.size()).isEqualTo(1);
        });
    }

    @Test
    void ratesAreIsolatedPerSenderAndForgottenWithTheComponent() {
        DeclarationPolicy p = policy("strict");
        ComponentSpec shared = spec("shared", List.of("*"), List.of(), 100, 2);
        ComponentSpec x = spec("x", List.of(), List.of("*"), 100, 1000);
        ComponentSpec y = spec("y", List.of(), List.of("*"), 100, 1000);
        ComponentId xi = ComponentId.of("x");
        ComponentId yi = ComponentId.of("y");
        assertThat(p.check(xi, x, shared, 1).allowed()).isTrue();
        assertThat(p.check(xi, x, shared, 1).allowed()).isTrue();
        assertThat(p.check(xi, x, shared, 1).allowed()).isFalse();
        assertThat(p.check(yi, y, shared, 1).allowed()).as("y has its own bucket").isTrue();
        assertThat(p.limiterEntries()).isEqualTo(2);
        p.forget(ComponentId.of("shared"));
        assertThat(p.limiterEntries()).isZero();
        assertThat(p.check(xi, x, shared, 1).allowed()).as("a fresh bucket after forget").isTrue();
        p.forget(xi);
        assertThat(p.limiterEntries()).isZero();
    }

    @Test
    void concurrentChecksGrantExactlyTheBurst() throws Exception {
        DeclarationPolicy p = policy("strict");
        ComponentSpec target = spec("target", List.of("*"), List.of(), 100, 10_000);
        ComponentSpec s = spec("s", List.of(), List.of("*"), 100, 1000);
        ComponentId si = ComponentId.of("s");
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long start = System.nanoTime();
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                results.add(pool.submit(() -> {
                    int allowed = 0;
                    for (int i = 0; i < 5000; i++) {
                        if (p.check(si, s, target, 1).allowed()) {
                            allowed++;
                        }
                    }
                    return allowed;
                }));
            }
            int total = 0;
            for (Future<Integer> f : results) {
                total += f.get(60, TimeUnit.SECONDS);
            }
            long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            // the burst of 10,000, plus what refilled while the threads ran (10 per millisecond)
            assertThat(total).isBetween(10_000, 10_000 + 10 * (int) (elapsedMs + 1));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void idleBucketsAreSwept() {
        RateLimiter limiter = new RateLimiter();
        long t = 0;
        limiter.tryAcquire(ComponentId.of("r"), ComponentId.of("s1"), 10, t);
        limiter.tryAcquire(ComponentId.of("r"), ComponentId.of("s2"), 10, t);
        assertThat(limiter.sweep(t)).isEqualTo(2);
        assertThat(limiter.sweep(t + 1_000_000_000L)).isZero();
        assertThat(limiter.size()).isZero();
    }

    @Test
    void aCapabilityIsAllowedWhenDeclaredAndADenialIsAudited() {
        DeclarationPolicy p = policy("strict");
        ComponentSpec kv = new ComponentSpec(A, "a.wasm", List.of(), List.of(), ComponentLimits.DEFAULTS, Set.of(),
                List.of("kv", "config"), java.util.Map.of());
        assertThat(p.checkCapability(kv, "kv", "get").allowed()).isTrue();
        assertThat(audited).as("grants are not audited while audit is off").isEmpty();
        PolicyDecision d = p.checkCapability(kv, "http", "request");
        assertThat(d).isInstanceOfSatisfying(PolicyDecision.Deny.class, deny -> {
            assertThat(deny.code()).isEqualTo(ErrorCode.DENIED);
            assertThat(deny.reason()).contains("does not declare capability 'http'").contains("kv,config");
        });
        assertThat(audited).singleElement().satisfies(r -> {
            assertThat(r.allowed()).isFalse();
            assertThat(r.sender()).isEqualTo(A);
            assertThat(r.target()).isEqualTo("wharf:http.request");
        });
        p.modified(Configs.mode("permissive"));
        assertThat(p.checkCapability(kv, "http", "request").allowed()).isTrue();
        p.modified(Configs.mode("development"));
        assertThat(p.checkCapability(kv, "http", "request").allowed()).isTrue();
    }

    @Test
    void acrossNodesTheSenderSideIsSendToAndTheReceiverSideTheRestWithTheNodeAudited() {
        DeclarationPolicy p = policy("strict");
        // the sending node: a may send to b, not to c; the host anywhere
        assertThat(p.checkOutbound(A, a, ComponentId.of("b"), 1)).isEqualTo(PolicyDecision.ALLOW);
        assertThat(((PolicyDecision.Deny) p.checkOutbound(A, a, ComponentId.of("c"), 1)).reason())
                .contains("may not send to 'c'");
        assertThat(p.checkOutbound(ComponentId.HOST, null, ComponentId.of("c"), 1)).isEqualTo(PolicyDecision.ALLOW);
        assertThat(((PolicyDecision.Deny) p.checkOutbound(ComponentId.of("gone"), null, ComponentId.of("b"), 1)).reason())
                .contains("not a live component");
        // the receiving node: receive-from with the real sender, then size and rate
        assertThat(p.checkRemote("node-1", A, b, 10)).isEqualTo(PolicyDecision.ALLOW);
        assertThat(((PolicyDecision.Deny) p.checkRemote("node-1", A, b, 11)).code()).isEqualTo(ErrorCode.TOO_LARGE);
        assertThat(((PolicyDecision.Deny) p.checkRemote("node-1", ComponentId.of("c"), b, 1)).reason())
                .isEqualTo("component 'b' does not receive from 'c' (receive-from: a)");
        assertThat(p.checkRemote("node-1", ComponentId.HOST, b, 10)).as("a remote host is the host").isEqualTo(PolicyDecision.ALLOW);
        // the denials are audited; those from another node name it
        assertThat(audited).extracting(AuditRecord::from).containsExactly("a", "gone", "a@node-1", "c@node-1");
        assertThat(audited.get(3).node()).isEqualTo("node-1");
    }

    @Test
    void aPolicyThatKnowsNothingOfTheLatticeDeniesIt() {
        SecurityPolicy plain = new SecurityPolicy() {
            @Override public PolicyDecision check(ComponentId s, ComponentSpec ss, ComponentSpec r, int size) {
                return PolicyDecision.ALLOW;
            }
            @Override public PolicyDecision checkCapability(ComponentSpec c, String cap, String fn) {
                return PolicyDecision.ALLOW;
            }
            @Override public void forget(ComponentId id) { }
        };
        assertThat(plain.checkOutbound(A, a, ComponentId.of("b"), 1).allowed()).isFalse();
        assertThat(plain.checkRemote("n", A, b, 1).allowed()).isFalse();
    }
}
