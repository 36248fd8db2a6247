package dev.wharf.security.internal;

import dev.wharf.internal.config.ConfigCheck;
import dev.wharf.spi.security.AuditLog;
import dev.wharf.spi.security.AuditRecord;
import dev.wharf.api.ComponentId;
import dev.wharf.api.ComponentAttribute;
import dev.wharf.api.ComponentPattern;
import dev.wharf.api.ComponentSpec;
import dev.wharf.api.ErrorCode;
import dev.wharf.spi.security.PolicyDecision;
import dev.wharf.spi.security.SecurityPolicy;
import java.lang.System.Logger.Level;
import java.time.Instant;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;

/**
 * The security policy (docs/configuration.md, PID {@code dev.wharf.security}): for each message,
 * in this order, the receiver's {@code receive-from} must admit the sender, the sender's {@code send-to} the receiver, the
 * payload must fit the receiver's {@code max-message-size}, and the sender must be within the
 * receiver's {@code rate-limit}. The first failure wins. The host may always reach a component:
 * only the size applies to it.
 *
 * <p>The allowed path allocates nothing and, with audit off, does no I/O of any kind.
 */
@Component(service = SecurityPolicy.class, configurationPid = SecurityConfig.PID, immediate = true)
@Designate(ocd = SecurityConfig.class)
public final class DeclarationPolicy implements SecurityPolicy {

    private static final System.Logger LOG = System.getLogger("dev.wharf.security");
    private static final long SWEEP_SECONDS = 5;

    /** An immutable snapshot of the configuration, swapped whole on every change. */
    private record Settings(Mode mode, boolean audit, int defaultMaxMessageSize, int defaultRateLimit) {
        /** @throws IllegalArgumentException naming the property that is wrong */
        static Settings of(SecurityConfig c) {
            ConfigCheck check = new ConfigCheck(SecurityConfig.PID);
            Mode mode = Mode.parse(c.mode());
            if (mode == null) {
                throw check.bad("mode", "'" + c.mode() + "'", "strict, permissive or development");
            }
            return new Settings(mode, c.audit(), check.atLeast("default-max-message-size", c.default$_$max$_$message$_$size(), 0),
                    check.atLeast("default-rate-limit", c.default$_$rate$_$limit(), 1));
        }
    }

    private final RateLimiter limiter = new RateLimiter();
    private final ScheduledExecutorService sweeper;
    private final AtomicLong permissiveLogged = new AtomicLong(System.nanoTime() - TimeUnit.SECONDS.toNanos(1));
    private volatile Settings settings;
    private volatile AuditLog audit;

    @Activate
    public DeclarationPolicy(SecurityConfig config) {
        configure(config);
        ScheduledThreadPoolExecutor s = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "wharf-security-sweeper");
            t.setDaemon(true);
            return t;
        });
        s.scheduleWithFixedDelay(() -> limiter.sweep(System.nanoTime()), SWEEP_SECONDS, SWEEP_SECONDS, TimeUnit.SECONDS);
        this.sweeper = s;
    }

    @Modified
    void modified(SecurityConfig config) {
        configure(config);
    }

    private void configure(SecurityConfig config) {
        Settings old = settings;
        // a bad value refuses the whole configuration; unlike elsewhere the defaults (strict) apply
        // then, not the configuration before: a typo must never leave a permissive policy running
        Settings s = ConfigCheck.apply(() -> Settings.of(config), Settings.of(ConfigCheck.defaults(SecurityConfig.class)),
                true, LOG);
        if (s.mode() == Mode.DEVELOPMENT && (old == null || old.mode() != Mode.DEVELOPMENT)) {
            LOG.log(Level.WARNING, "security policy in DEVELOPMENT mode: messages between components are NOT checked");
        }
        settings = s;
    }

    @Deactivate
    void deactivate() {
        sweeper.shutdownNow();
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    public void bindAudit(AuditLog log) {
        audit = log;
    }

    void unbindAudit(AuditLog log) {
        if (audit == log) {
            audit = null;
        }
    }

    @Override
    public PolicyDecision check(ComponentId sender, ComponentSpec senderSpec, ComponentSpec receiver, int payloadSize) {
        Settings s = settings;
        if (s.mode() == Mode.DEVELOPMENT) {
            if (s.audit()) {
                record(sender, receiver.id().value(), payloadSize, true, "development mode: not checked", null);
            }
            return PolicyDecision.ALLOW;
        }
        return decided(s, sender, receiver.id().value(), payloadSize, evaluate(s, sender, senderSpec, receiver, payloadSize),
                null);
    }

    private PolicyDecision evaluate(Settings s, ComponentId sender, ComponentSpec senderSpec, ComponentSpec receiver,
            int size) {
        if (!sender.isHost()) {
            PolicyDecision d = receives(receiver, sender);
            if (d != null) {
                return d;
            }
            if (senderSpec == null) {
                return new PolicyDecision.Deny(ErrorCode.DENIED, "sender '" + sender + "' is not a live component");
            }
            d = sends(senderSpec, receiver.id());
            if (d != null) {
                return d;
            }
        }
        return limits(s, sender, receiver, size);
    }

    /** The receiver's {@code receive-from} must admit the sender; {@code null} when it does. */
    private static PolicyDecision receives(ComponentSpec receiver, ComponentId sender) {
        if (ComponentPattern.anyMatches(receiver.receiveFrom(), sender)) {
            return null;
        }
        return new PolicyDecision.Deny(ErrorCode.DENIED, "component '" + receiver.id() + "' does not receive from '"
                + sender + "' (receive-from: "
                + (receiver.receiveFrom().isEmpty() ? "host only" : String.join(",", receiver.receiveFrom())) + ")");
    }

    /** The sender's {@code send-to} must admit the receiver; {@code null} when it does. */
    private static PolicyDecision sends(ComponentSpec senderSpec, ComponentId receiver) {
        if (ComponentPattern.anyMatches(senderSpec.sendTo(), receiver)) {
            return null;
        }
        return new PolicyDecision.Deny(ErrorCode.DENIED, "component '" + senderSpec.id() + "' may not send to '"
                + receiver + "' (send-to: "
                + (senderSpec.sendTo().isEmpty() ? "none" : String.join(",", senderSpec.sendTo())) + ")");
    }

    /** The receiver's size limit, then (not for the host) its rate limit per sender. */
    private PolicyDecision limits(Settings s, ComponentId sender, ComponentSpec receiver, int size) {
        int max = receiver.declares(ComponentAttribute.MAX_MESSAGE_SIZE) ? receiver.limits().maxMessageSize() : s.defaultMaxMessageSize();
        if (size > max) {
            return new PolicyDecision.Deny(ErrorCode.TOO_LARGE, "payload of " + size + " bytes is larger than the "
                    + max + " bytes component '" + receiver.id() + "' accepts");
        }
        if (!sender.isHost()) {
            int rate = receiver.declares(ComponentAttribute.RATE_LIMIT) ? receiver.limits().rateLimit() : s.defaultRateLimit();
            // Integer.MAX_VALUE messages a second is no limit: no bucket to keep, no clock to read
            if (rate != Integer.MAX_VALUE && !limiter.tryAcquire(receiver.id(), sender, rate, System.nanoTime())) {
                return new PolicyDecision.Deny(ErrorCode.RATE_LIMITED, "'" + sender + "' exceeds the rate-limit of "
                        + rate + " messages per second of component '" + receiver.id() + "'");
            }
        }
        return PolicyDecision.ALLOW;
    }

    /**
     * The sending side of a message to another node: the sender's {@code send-to}. The host may
     * send anywhere, as it may here; the receiving node decides the rest.
     */
    @Override
    public PolicyDecision checkOutbound(ComponentId sender, ComponentSpec senderSpec, ComponentId receiver,
            int payloadSize) {
        Settings s = settings;
        if (s.mode() == Mode.DEVELOPMENT || sender.isHost()) {
            return PolicyDecision.ALLOW;
        }
        PolicyDecision d = senderSpec == null
                ? new PolicyDecision.Deny(ErrorCode.DENIED, "sender '" + sender + "' is not a live component")
                : sends(senderSpec, receiver);
        return decided(s, sender, receiver.value(), payloadSize, d == null ? PolicyDecision.ALLOW : d, null);
    }

    /**
     * A message from another node: the receiver's {@code receive-from} must admit the real
     * sender, then size and rate as for a local message. A remote node's host is the host: the
     * operator restricts who may publish as it with NATS permissions ({@code docs/lattice.md}).
     */
    @Override
    public PolicyDecision checkRemote(String node, ComponentId sender, ComponentSpec receiver, int payloadSize) {
        Settings s = settings;
        if (s.mode() == Mode.DEVELOPMENT) {
            if (s.audit()) {
                record(sender, receiver.id().value(), payloadSize, true, "development mode: not checked", node);
            }
            return PolicyDecision.ALLOW;
        }
        PolicyDecision d = sender.isHost() ? null : receives(receiver, sender);
        return decided(s, sender, receiver.id().value(), payloadSize, d == null ? limits(s, sender, receiver, payloadSize) : d,
                node);
    }

    /** Audits {@code d} as the mode says (a permissive mode lets a denial through) and returns the answer. */
    private PolicyDecision decided(Settings s, ComponentId sender, String target, int size, PolicyDecision d, String node) {
        if (d instanceof PolicyDecision.Deny deny) {
            if (s.mode() == Mode.PERMISSIVE) {
                record(sender, target, size, true, "permissive mode, would deny: " + deny.reason(), node);
                logPermissive(deny);
                return PolicyDecision.ALLOW;
            }
            record(sender, target, size, false, deny.reason(), node);
            return d;
        }
        if (s.audit()) {
            record(sender, target, size, true, "allowed", node);
        }
        return d;
    }

    @Override
    public PolicyDecision checkCapability(ComponentSpec component, String capability, String function) {
        Settings s = settings;
        if (s.mode() == Mode.DEVELOPMENT) {
            if (s.audit()) {
                record(component.id(), AuditRecord.capabilityTarget(capability, function), 0, true,
                        "development mode: not checked", null);
            }
            return PolicyDecision.ALLOW;
        }
        PolicyDecision d = component.uses(capability) ? PolicyDecision.ALLOW : new PolicyDecision.Deny(ErrorCode.DENIED,
                "component '" + component.id() + "' does not declare capability '" + capability + "' (capabilities: "
                        + (component.capabilities().isEmpty() ? "none" : String.join(",", component.capabilities())) + ")");
        if (d == PolicyDecision.ALLOW && !s.audit()) {
            return d; // nothing to record: build no audit target
        }
        return decided(s, component.id(), AuditRecord.capabilityTarget(capability, function), 0, d, null);
    }

    private void record(ComponentId sender, String receiver, int size, boolean allowed, String reason, String node) {
        AuditLog log = audit;
        if (log != null) {
            log.record(new AuditRecord(Instant.now(), sender, receiver, size, allowed, reason, node));
        }
    }

    private void logPermissive(PolicyDecision.Deny deny) {
        long now = System.nanoTime();
        long last = permissiveLogged.get();
        if (now - last >= TimeUnit.SECONDS.toNanos(1) && permissiveLogged.compareAndSet(last, now)) {
            LOG.log(Level.WARNING, "permissive mode delivers a message the policy would deny: " + deny.reason());
        }
    }

    @Override
    public void forget(ComponentId id) {
        limiter.forget(id);
    }

    /** Pairs with rate-limiter state, for tests of the clean-up. */
    int limiterEntries() {
        return limiter.size();
    }
}
