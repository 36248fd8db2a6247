package dev.wharf.spi.security;

import dev.wharf.api.ComponentId;
import dev.wharf.api.ComponentSpec;
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

    /** Drops any state kept for {@code id} (rate limiters); called when a component stops. */
    void forget(ComponentId id);
}
