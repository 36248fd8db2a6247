package dev.wharf.lattice.internal;

import dev.wharf.api.ComponentId;
import dev.wharf.spi.lattice.LatticeNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Which other nodes of the lattice are alive and what they host, from their announcements. A
 * node is alive from its first announcement until its {@code bye}, or until no announcement came
 * from it for {@code node-timeout}: then it is dropped, and messages to what it hosted are
 * refused rather than sent into the void. While this node itself is cut off from NATS it hears
 * nobody, so nothing is dropped then; on reconnect every node gets a fresh timeout to speak up.
 *
 * <p>Changes are rare (announcements, sweeps) and lookups happen on every message to a remote
 * id: the set of remotely hosted ids is an immutable snapshot, replaced whole on each change.
 */
final class Directory {

    /** What is known of one other node. */
    private record Entry(String instance, long seenNanos, List<ComponentId> hosts) {}

    /** What an announcement changed. */
    enum Change { NONE, JOINED, CHANGED, LEFT }

    private final String self;
    private final long timeoutNanos;
    private final Map<String, Entry> nodes = new HashMap<>();
    private volatile Set<ComponentId> reachable = Set.of();

    Directory(String self, long timeoutMs) {
        this.self = self;
        this.timeoutNanos = TimeUnit.MILLISECONDS.toNanos(timeoutMs);
    }

    /** Whether another live node hosts {@code id}. */
    boolean reaches(ComponentId id) {
        return reachable.contains(id);
    }

    /** Takes in an announcement heard at {@code now}; this node's own are ignored. */
    synchronized Change heard(Announcement a, long now) {
        if (a.node().equals(self)) {
            return Change.NONE;
        }
        if (a.kind() == Announcement.Kind.BYE) {
            Entry gone = nodes.get(a.node());
            if (gone == null || !gone.instance().equals(a.instance())) {
                return Change.NONE; // a late bye of an instance that was replaced already
            }
            nodes.remove(a.node());
            reindex();
            return Change.LEFT;
        }
        Entry old = nodes.put(a.node(), new Entry(a.instance(), now, a.hosts()));
        if (old == null) {
            reindex();
            return Change.JOINED;
        }
        if (!old.hosts().equals(a.hosts())) {
            reindex();
            return Change.CHANGED;
        }
        return Change.NONE;
    }

    /** Drops the nodes not heard from within the timeout; returns their names. */
    synchronized List<String> sweep(long now) {
        List<String> dead = new ArrayList<>();
        nodes.entrySet().removeIf(e -> {
            boolean expired = now - e.getValue().seenNanos() > timeoutNanos;
            if (expired) {
                dead.add(e.getKey());
            }
            return expired;
        });
        if (!dead.isEmpty()) {
            reindex();
        }
        dead.sort(null);
        return dead;
    }

    /** After a reconnect: every node gets a full timeout from {@code now} to be heard again. */
    synchronized void refreshAll(long now) {
        nodes.replaceAll((n, e) -> new Entry(e.instance(), now, e.hosts()));
    }

    /** The other live nodes, ordered by name. */
    synchronized List<LatticeNode> others(long now) {
        List<LatticeNode> out = new ArrayList<>(nodes.size());
        nodes.forEach((name, e) -> out.add(new LatticeNode(name, false,
                TimeUnit.NANOSECONDS.toMillis(Math.max(0, now - e.seenNanos())), e.hosts())));
        out.sort(Comparator.comparing(LatticeNode::name));
        return out;
    }

    /** The instance id another node of this name announced, or {@code null}. */
    synchronized String instanceOf(String node) {
        Entry e = nodes.get(node);
        return e == null ? null : e.instance();
    }

    private void reindex() {
        Set<ComponentId> ids = new HashSet<>();
        nodes.values().forEach(e -> ids.addAll(e.hosts()));
        reachable = Set.copyOf(ids);
    }
}
