package dev.wharf.spi.security;

import dev.wharf.api.ComponentId;
import dev.wharf.api.ComponentSpec;
import dev.wharf.api.ErrorCode;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Decides whether an inter-component message may be delivered. While no policy service is
 * present the dispatcher delivers nothing between components (fail closed).
 */
@ConsumerType
public interface SecurityPolicy {

    /**
     * Checks, in this order: the receiver's {@code receive-from} admits the sender, the sender's
     * {@code send-to} admits the receiver, the payload size, the per-sender rate. The first
     * failure wins.
     *
     * @param sender the sending component, or {@link ComponentId#HOST}
     * @param senderSpec the sender's declarations, {@code null} for the host
     * @param receiver the receiver's declarations
     * @param payloadSize size of the payload in bytes, prefix included
     */
    PolicyDecision check(ComponentId sender, ComponentSpec senderSpec, ComponentSpec receiver, int payloadSize);

    /**
     * Decides one call of capability function {@code function} of {@code capability} by
     * {@code component}: allowed when its {@code capabilities} (with operator overrides) name the
     * capability. A provider may refine further (the {@code http} capability checks
     * {@code http-allow}) and audits its own refusals. Denials are recorded in the audit log,
     * grants too when audit is on.
     */
    PolicyDecision checkCapability(ComponentSpec component, String capability, String function);

    /**
     * Decides the sending side of a message to a component on another node of the lattice:
     * the sender's {@code send-to} must admit {@code receiver}. The receiving node decides the
     * rest with {@link #checkRemote}. A policy that does not implement it denies: nothing leaves
     * the container that no policy decided.
     *
     * @param sender the sending component, or {@link ComponentId#HOST}
     * @param senderSpec the sender's declarations, {@code null} for the host
     */
    default PolicyDecision checkOutbound(ComponentId sender, ComponentSpec senderSpec, ComponentId receiver,
            int payloadSize) {
        return new PolicyDecision.Deny(ErrorCode.DENIED, "the security policy " + getClass().getName()
                + " does not decide messages to other nodes");
    }

    /**
     * Decides a message that arrived from node {@code node} of the lattice for a local
     * component: the receiver's {@code receive-from} must admit {@code sender} (its real id on
     * the sending node), then the payload size and the per-sender rate, as in {@link #check}.
     * Audit records name the sending node. A policy that does not implement it denies.
     */
    default PolicyDecision checkRemote(String node, ComponentId sender, ComponentSpec receiver, int payloadSize) {
        return new PolicyDecision.Deny(ErrorCode.DENIED, "the security policy " + getClass().getName()
                + " does not decide messages from other nodes");
    }

    /** Drops any state kept for {@code id} (rate limiters); called when a component stops. */
    void forget(ComponentId id);
}
