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

    /** Drops any state kept for {@code id} (rate limiters); called when a component stops. */
    void forget(ComponentId id);
}
