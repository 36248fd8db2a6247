package dev.wharf.spi.security;

import dev.wharf.api.ComponentId;
import java.time.Instant;

/**
 * One policy decision as the audit log keeps it.
 *
 * @param time when it was decided
 * @param sender the sending component (or {@code host}); for a capability call, the calling component
 * @param target the receiving component's id, or for a capability call {@code wharf:<capability>.<function>}
 *     (e.g. {@code wharf:kv.set}, {@code wharf:http.request})
 * @param size the payload size in bytes; 0 for a capability call
 * @param allowed whether it was allowed
 * @param reason why
 */
public record AuditRecord(Instant time, ComponentId sender, String target, int size, boolean allowed, String reason) {

    /** A decision about a message to component {@code receiver}. */
    public AuditRecord(Instant time, ComponentId sender, ComponentId receiver, int size, boolean allowed, String reason) {
        this(time, sender, receiver.value(), size, allowed, reason);
    }

    /** The audit target of capability function {@code function} of {@code capability}. */
    public static String capabilityTarget(String capability, String function) {
        return "wharf:" + capability + "." + function;
    }
}
