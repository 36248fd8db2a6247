package dev.wharf.runtime.internal.dispatch;

import dev.wharf.api.ComponentId;
import dev.wharf.api.ComponentSpec;
import dev.wharf.api.Delivery;
import dev.wharf.api.DeliveryRefusedException;
import dev.wharf.api.ErrorCode;
import dev.wharf.api.UnknownComponentException;
import dev.wharf.api.WharfException;
import dev.wharf.internal.config.ConfigCheck;
import dev.wharf.runtime.internal.actor.ActorSystem;
import dev.wharf.runtime.internal.actor.MessageTarget;
import dev.wharf.runtime.internal.actor.Watchdog;
import dev.wharf.spi.security.PolicyDecision;
import dev.wharf.spi.security.SecurityPolicy;
import java.lang.System.Logger.Level;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
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
 * Every message between components passes here: the {@link SecurityPolicy} decides it. The
 * policy is a dynamic reference, and the gate fails closed: while no policy is present, messages
 * wait in arrival order (at most {@code policy-wait-max} of them, each at most
 * {@code policy-wait-ms}) and are checked by the next policy that arrives. Until the queue is
 * empty again, new messages queue behind it, so none overtakes a waiting one.
 */
@Component(service = PolicyGate.class, configurationPid = PolicyGate.PID)
@Designate(ocd = PolicyGateConfig.class)
public final class PolicyGate {

    static final String PID = "dev.wharf.policygate";
    private static final Delivery FAILED_POLICY = new Delivery.Refused(new DeliveryRefusedException(ErrorCode.NO_POLICY,
            "the security policy failed on the message (see the log); it was not delivered"));
    private static final System.Logger LOG = System.getLogger("dev.wharf.runtime");

    /** Where admitted messages go. */
    public interface Route {
        /** The declarations of live component {@code id}, or {@code null} when there is none. */
        ComponentSpec spec(ComponentId id);

        /**
         * Queues an admitted message in its receiver's mailbox.
         *
         * @param waited it waited for a policy and was accepted then: it must not be refused for a full mailbox
         * @return accepted, or refused with why
         */
        Delivery enqueue(ComponentId sender, ComponentId to, byte[] payload, CompletableFuture<byte[]> reply,
                boolean waited);

        /** {@link #enqueue} into {@code target}, which the caller has just looked up (one lookup less). */
        default Delivery enqueue(MessageTarget target, ComponentId sender, byte[] payload,
                CompletableFuture<byte[]> reply) {
            return enqueue(sender, target.id(), payload, reply, false);
        }

        /** A message that waited, and then was refused: its sender hears of it. */
        void refused(ComponentId sender, ComponentId to, byte[] payload, CompletableFuture<byte[]> reply,
                WharfException why);

        /** Runs {@code task} on the dispatcher pool. */
        void execute(Runnable task);
    }

    /** A message that arrived while no security policy was present. */
    private record Waiting(ComponentId sender, ComponentId to, byte[] payload, CompletableFuture<byte[]> reply,
            long since) {}

    private final Route route;
    private final ConcurrentLinkedQueue<Waiting> waiting = new ConcurrentLinkedQueue<>();
    // counted until handled, so that a new message never overtakes a waiting one
    private final AtomicInteger waitingCount = new AtomicInteger();
    private final AtomicBoolean draining = new AtomicBoolean();
    private final ScheduledFuture<?> expiry;
    private volatile SecurityPolicy policy;
    private volatile Settings settings;

    /** The settings of PID {@code dev.wharf.policygate}, checked. */
    record Settings(long waitNanos, int waitMax) {
        /** @throws IllegalArgumentException naming the property that is out of range */
        static Settings of(long waitMs, int waitMax) {
            ConfigCheck check = new ConfigCheck(PID);
            return new Settings(TimeUnit.MILLISECONDS.toNanos(check.atLeast("policy-wait-ms", waitMs, 0)),
                    check.atLeast("policy-wait-max", waitMax, 0));
        }
    }

    @Activate
    public PolicyGate(@Reference ActorSystem system, @Reference Watchdog watchdog, PolicyGateConfig config) {
        this(new ActorRoute(system), watchdog, config.policy$_$wait$_$ms(), config.policy$_$wait$_$max());
    }

    PolicyGate(Route route, Watchdog watchdog, long waitMs, int waitMax) {
        this.route = route;
        configure(waitMs, waitMax);
        this.expiry = watchdog.every(this::expire, 5);
    }

    @Modified
    void modified(PolicyGateConfig config) {
        configure(config.policy$_$wait$_$ms(), config.policy$_$wait$_$max());
    }

    private void configure(long waitMs, int max) {
        Settings before = settings;
        settings = ConfigCheck.apply(() -> Settings.of(waitMs, max), before != null ? before
                : defaults(), before == null, LOG);
    }

    private static Settings defaults() {
        PolicyGateConfig d = ConfigCheck.defaults(PolicyGateConfig.class);
        return Settings.of(d.policy$_$wait$_$ms(), d.policy$_$wait$_$max());
    }

    @Deactivate
    void deactivate() {
        expiry.cancel(false);
        Waiting w;
        while ((w = waiting.poll()) != null) {
            route.refused(w.sender(), w.to(), w.payload(), w.reply(), new DeliveryRefusedException(ErrorCode.NO_POLICY,
                    "the runtime stopped while the message waited for a security policy"));
            waitingCount.decrementAndGet();
        }
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    public void bindPolicy(SecurityPolicy p) {
        policy = p;
        if (!waiting.isEmpty()) {
            scheduleDrain();
        }
    }

    public void unbindPolicy(SecurityPolicy p) {
        if (policy == p) {
            policy = null;
        }
    }

    /**
     * Lets a message through to its receiver's mailbox when the policy admits it, or keeps it
     * until a policy is present.
     *
     * @param senderSpec the sender's declarations, {@code null} for the host
     * @return accepted (queued, or waiting for a policy), or the refusal
     */
    public Delivery submit(ComponentId sender, ComponentSpec senderSpec, MessageTarget target,
            byte[] payload, CompletableFuture<byte[]> reply) {
        SecurityPolicy p = policy;
        if (p == null || waitingCount.get() > 0) {
            return park(sender, target.id(), payload, reply);
        }
        PolicyDecision decision = decide(p, sender, senderSpec, target.id(), target.spec(), payload);
        if (decision instanceof PolicyDecision.Deny deny) {
            return refusal(deny);
        }
        return decision == null ? FAILED_POLICY : route.enqueue(target, sender, payload, reply);
    }

    /**
     * Lets a message from another node of the lattice through to its receiver's mailbox when the
     * policy admits it ({@link SecurityPolicy#checkRemote}). It does not wait for a policy: with
     * none present it is refused at once, and the sending node hears of it.
     */
    public Delivery submitRemote(String node, ComponentId sender, MessageTarget target, byte[] payload,
            CompletableFuture<byte[]> reply) {
        SecurityPolicy p = policy;
        if (p == null) {
            return new Delivery.Refused(new DeliveryRefusedException(ErrorCode.NO_POLICY, "no security policy is "
                    + "present on the receiving node; the message from node '" + node + "' was not delivered"));
        }
        PolicyDecision decision;
        try {
            decision = p.checkRemote(node, sender, target.spec(), payload.length);
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "the security policy failed on a message " + sender + "@" + node + " -> " + target.id(), e);
            return FAILED_POLICY;
        }
        if (decision instanceof PolicyDecision.Deny deny) {
            return refusal(deny);
        }
        return route.enqueue(target, sender, payload, reply);
    }

    /**
     * Decides the sending side of a message to a component on another node
     * ({@link SecurityPolicy#checkOutbound}): accepted when it may go.
     */
    public Delivery checkOutbound(ComponentId sender, ComponentSpec senderSpec, ComponentId to, int size) {
        SecurityPolicy p = policy;
        if (p == null) {
            return new Delivery.Refused(new DeliveryRefusedException(ErrorCode.NO_POLICY,
                    "no security policy is present; nothing is sent to other nodes"));
        }
        PolicyDecision decision;
        try {
            decision = p.checkOutbound(sender, senderSpec, to, size);
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "the security policy failed on a message " + sender + " -> " + to, e);
            return FAILED_POLICY;
        }
        return decision instanceof PolicyDecision.Deny deny ? refusal(deny) : Delivery.ACCEPTED;
    }

    /** The security policy present now, or {@code null}: capability calls are decided by it directly. */
    public SecurityPolicy policy() {
        return policy;
    }

    /** Drops what the policy keeps for {@code id} (its rate limiters); when a component stops. */
    public void forget(ComponentId id) {
        SecurityPolicy p = policy;
        if (p != null) {
            p.forget(id);
        }
    }

    /** How many messages wait for a policy now. */
    int waiting() {
        return waitingCount.get();
    }

    private Delivery check(SecurityPolicy p, ComponentId sender, ComponentSpec senderSpec, ComponentId to,
            ComponentSpec receiverSpec, byte[] payload, CompletableFuture<byte[]> reply, boolean waited) {
        PolicyDecision decision = decide(p, sender, senderSpec, to, receiverSpec, payload);
        if (decision instanceof PolicyDecision.Deny deny) {
            return refusal(deny);
        }
        return decision == null ? FAILED_POLICY : route.enqueue(sender, to, payload, reply, waited);
    }

    /** The refusal a {@link PolicyDecision.Deny} makes. */
    private static Delivery refusal(PolicyDecision.Deny deny) {
        return new Delivery.Refused(new DeliveryRefusedException(deny.code(), deny.reason()));
    }

    /** The policy's decision, or {@code null} when the policy itself failed (logged): nothing is delivered then. */
    private static PolicyDecision decide(SecurityPolicy p, ComponentId sender, ComponentSpec senderSpec, ComponentId to,
            ComponentSpec receiverSpec, byte[] payload) {
        try {
            return p.check(sender, senderSpec, receiverSpec, payload.length);
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "the security policy failed on a message " + sender + " -> " + to, e);
            return null;
        }
    }

    private Delivery park(ComponentId sender, ComponentId to, byte[] payload, CompletableFuture<byte[]> reply) {
        int waitMax = settings.waitMax();
        if (waitingCount.incrementAndGet() > waitMax) {
            waitingCount.decrementAndGet();
            return new Delivery.Refused(new DeliveryRefusedException(ErrorCode.NO_POLICY, "no security policy is "
                    + "present and " + waitMax + " messages are already waiting for one"));
        }
        waiting.add(new Waiting(sender, to, payload, reply, System.nanoTime()));
        if (policy != null) {
            scheduleDrain();
        }
        return Delivery.ACCEPTED;
    }

    private void scheduleDrain() {
        if (draining.compareAndSet(false, true)) {
            try {
                route.execute(this::drain);
            } catch (RejectedExecutionException e) {
                draining.set(false);
            }
        }
    }

    /** Checks the waiting messages, in arrival order, against the policy that has arrived. */
    private void drain() {
        try {
            SecurityPolicy p;
            while ((p = policy) != null) {
                Waiting w = waiting.poll();
                if (w == null) {
                    break;
                }
                try {
                    ComponentSpec receiver = route.spec(w.to());
                    Delivery d = receiver == null ? new Delivery.Refused(new UnknownComponentException(w.to()))
                            : check(p, w.sender(), w.sender().isHost() ? null : route.spec(w.sender()), w.to(), receiver,
                                    w.payload(), w.reply(), true);
                    if (d instanceof Delivery.Refused r) {
                        route.refused(w.sender(), w.to(), w.payload(), w.reply(), r.error());
                    }
                } finally {
                    waitingCount.decrementAndGet();
                }
            }
        } finally {
            draining.set(false);
        }
        if (policy != null && !waiting.isEmpty()) {
            scheduleDrain();
        }
    }

    /** Fails the messages that waited longer than {@code policy-wait-ms} for a policy. */
    private void expire() {
        long now = System.nanoTime();
        Waiting w;
        long waitNanos = settings.waitNanos();
        while ((w = waiting.peek()) != null && now - w.since() > waitNanos && policy == null) {
            if (waiting.remove(w)) {
                route.refused(w.sender(), w.to(), w.payload(), w.reply(), new DeliveryRefusedException(ErrorCode.NO_POLICY,
                        "no security policy was present within " + TimeUnit.NANOSECONDS.toMillis(waitNanos)
                                + " ms; the message was not delivered"));
                waitingCount.decrementAndGet();
            }
        }
    }
}
