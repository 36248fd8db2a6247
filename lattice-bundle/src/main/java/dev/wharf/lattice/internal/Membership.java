package dev.wharf.lattice.internal;

import dev.wharf.api.ComponentId;
import dev.wharf.spi.lattice.LatticeDelivery;
import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.HashSet;
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
    private final Set<ComponentId> subscribed = new HashSet<>();
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
        Set<ComponentId> now = new HashSet<>(delivery.hosted());
        if (now.equals(subscribed)) {
            return false;
        }
        // withdraw first: the queue group sends the next message for a stopped id to another node
        for (ComponentId gone : List.copyOf(subscribed)) {
            if (!now.contains(gone)) {
                if (dispatcher != null) {
                    dispatcher.unsubscribe(subjects.messagesFor(gone));
                }
                subscribed.remove(gone);
            }
        }
        hosted = Set.copyOf(now);
        for (ComponentId id : now) {
            if (!subscribed.contains(id)) {
                if (dispatcher != null) {
                    dispatcher.subscribe(subjects.messagesFor(id), Subjects.queue(id));
                }
                subscribed.add(id);
            }
        }
        return true;
    }

    /** Subscribes every hosted id on a new dispatcher, after a (re)connect. */
    void resubscribe(Dispatcher dispatcher) {
        subscribed.clear();
        hosted = Set.of();
        refresh(dispatcher);
    }

    /** Withdraws every subscription: this node leaves. */
    void withdrawAll(Dispatcher dispatcher) {
        if (dispatcher != null) {
            for (ComponentId id : subscribed) {
                try {
                    dispatcher.unsubscribe(subjects.messagesFor(id));
                } catch (IllegalStateException e) {
                    // the connection is closing already: the server drops the subscriptions with it
                }
            }
        }
        subscribed.clear();
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
            LOG.log(Level.DEBUG, "announcement not sent: " + e.getMessage());
        }
    }
}
