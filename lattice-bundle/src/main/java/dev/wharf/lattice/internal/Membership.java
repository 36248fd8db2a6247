package dev.wharf.lattice.internal;

import dev.wharf.api.ComponentId;
import dev.wharf.spi.lattice.LatticeDelivery;
import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What this node hosts, as the lattice sees it: one queue subscription per hosted id (so a
 * message for an id hosted on several nodes goes to one of them) and the announcements that tell
 * the other nodes. Runs on the lattice's own thread only, so subscriptions and announcements
 * change in one order.
 */
final class Membership {

    private static final System.Logger LOG = System.getLogger("dev.wharf.lattice");

    private final LatticeDelivery delivery;
    private final Subjects subjects;
    private final String node;
    private final String instance;
    /** The ids subscribed to here, replaced whole on each change so {@link #hosts} reads a snapshot. */
    private volatile Set<ComponentId> hosted = Set.of();

    Membership(LatticeDelivery delivery, Subjects subjects, String node, String instance) {
        this.delivery = delivery;
        this.subjects = subjects;
        this.node = node;
        this.instance = instance;
    }

    /** Whether this node takes messages for {@code id} now: it never receives for ids it does not host. */
    boolean hosts(ComponentId id) {
        return hosted.contains(id);
    }

    /** The ids hosted here, ordered. */
    List<ComponentId> hosted() {
        List<ComponentId> ids = new ArrayList<>(hosted);
        ids.sort(null);
        return ids;
    }

    /**
     * Brings the subscriptions in line with what the runtime hosts now.
     *
     * @return whether anything changed (then the caller announces it at once)
     */
    boolean refresh(Dispatcher dispatcher) {
        Set<ComponentId> old = hosted;
        Set<ComponentId> now = Set.copyOf(delivery.hosted());
        if (now.equals(old)) {
            return false;
        }
        // withdraw first: the queue group sends the next message for a stopped id to another node
        if (dispatcher != null) {
            for (ComponentId gone : old) {
                if (!now.contains(gone)) {
                    dispatcher.unsubscribe(subjects.messagesFor(gone));
                }
            }
        }
        hosted = now;
        if (dispatcher != null) {
            for (ComponentId id : now) {
                if (!old.contains(id)) {
                    dispatcher.subscribe(subjects.messagesFor(id), Subjects.queue(id));
                }
            }
        }
        return true;
    }

    /** Subscribes every hosted id on a new dispatcher, after a (re)connect. */
    void resubscribe(Dispatcher dispatcher) {
        hosted = Set.of();
        refresh(dispatcher);
    }

    /** Withdraws every subscription: this node leaves. */
    void withdrawAll(Dispatcher dispatcher) {
        if (dispatcher != null) {
            for (ComponentId id : hosted) {
                try {
                    dispatcher.unsubscribe(subjects.messagesFor(id));
                } catch (IllegalStateException e) {
                    // the connection is closing already: the server drops the subscriptions with it
                }
            }
        }
        hosted = Set.of();
    }

    /** Publishes an announcement of {@code kind}; a connection that is down is not an error here. */
    void announce(Connection c, Announcement.Kind kind) {
        if (c == null || c.getStatus() != Connection.Status.CONNECTED) {
            return;
        }
        try {
            c.publish(subjects.node(node), new Announcement(node, instance, kind, hosted()).encode());
        } catch (IllegalStateException e) {
            LOG.log(Level.DEBUG, "announcement not sent: " + e.getMessage(), e);
        }
    }
}
