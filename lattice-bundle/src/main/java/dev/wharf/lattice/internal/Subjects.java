package dev.wharf.lattice.internal;

import dev.wharf.api.ComponentId;

/**
 * The NATS subjects of one lattice. Everything lives under {@code wharf.<lattice>.}, so an
 * operator grants a node exactly what it needs (see {@code docs/lattice.md}):
 * <ul>
 * <li>{@code wharf.<lattice>.msg.<to>.<node>.<sender>}: a message for component {@code to} from
 *     component {@code sender} on node {@code node}; the nodes that host {@code to} subscribe to
 *     {@code wharf.<lattice>.msg.<to>.*.*} in the queue group {@code <to>}, so each message goes
 *     to one of them. Sender and node are in the subject, so NATS publish permissions can pin
 *     what a node may claim to be.</li>
 * <li>{@code wharf.<lattice>.node.<node>}: the node's announcements (hello, beat, bye).</li>
 * <li>{@code wharf.<lattice>.reply.<node>.>}: the node's inbox for the replies to its asks.</li>
 * </ul>
 * A component id may hold {@code .}, which separates subject tokens: it is written as
 * {@code ~}, which no id holds.
 */
final class Subjects {

    private final String prefix;
    private final String nodePrefix;
    private final String messagePrefix;

    Subjects(String lattice) {
        this.prefix = "wharf." + lattice + ".";
        this.nodePrefix = prefix + "node.";
        this.messagePrefix = prefix + "msg.";
    }

    /** A subject token for {@code id}. */
    static String token(ComponentId id) {
        return id.value().replace('.', '~');
    }

    static ComponentId id(String token) {
        String value = token.replace('~', '.');
        return ComponentId.isValid(value) ? ComponentId.of(value) : null;
    }

    String message(ComponentId to, String node, ComponentId sender) {
        return messagePrefix + token(to) + "." + node + "." + token(sender);
    }

    /** What a node that hosts {@code to} subscribes to. */
    String messagesFor(ComponentId to) {
        return messagePrefix + token(to) + ".*.*";
    }

    /** The queue group of the nodes that host {@code to}. */
    static String queue(ComponentId to) {
        return token(to);
    }

    String node(String node) {
        return nodePrefix + node;
    }

    String allNodes() {
        return nodePrefix + "*";
    }

    /** Whether {@code subject} is one of this lattice's announcements. */
    boolean isAnnouncement(String subject) {
        return subject.startsWith(nodePrefix);
    }

    /** The inbox prefix of {@code node}'s asks. */
    String replies(String node) {
        return prefix + "reply." + node;
    }

    /** A message subject taken apart, or {@code null} when it is not one of this lattice's. */
    Addressed parse(String subject) {
        if (!subject.startsWith(messagePrefix)) {
            return null;
        }
        String[] t = subject.substring(messagePrefix.length()).split("\\.", -1);
        if (t.length != 3 || t[1].isEmpty()) {
            return null;
        }
        ComponentId to = id(t[0]);
        ComponentId sender = id(t[2]);
        return to == null || sender == null ? null : new Addressed(to, t[1], sender);
    }

    /** The three parts of a message subject. */
    record Addressed(ComponentId to, String node, ComponentId sender) {}
}
