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
 * @param node the lattice node the message came from, or {@code null} for a message sent in this container
 */
public record AuditRecord(Instant time, ComponentId sender, String target, int size, boolean allowed, String reason,
        String node) {

    /** A decision about a message sent in this container, or a capability call. */
    public AuditRecord(Instant time, ComponentId sender, String target, int size, boolean allowed, String reason) {
        this(time, sender, target, size, allowed, reason, null);
    }

    /** A decision about a message to component {@code receiver}. */
    public AuditRecord(Instant time, ComponentId sender, ComponentId receiver, int size, boolean allowed, String reason) {
        this(time, sender, receiver.value(), size, allowed, reason, null);
    }

    /** The sender as an operator reads it: {@code id}, or {@code id@node} when it came from another node. */
    public String from() {
        return node == null ? sender.value() : sender.value() + "@" + node;
    }

    /** The audit target of capability function {@code function} of {@code capability}. */
    public static String capabilityTarget(String capability, String function) {
        return "wharf:" + capability + "." + function;
    }
}
