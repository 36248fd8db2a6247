package dev.wharf.lattice.internal;

import dev.wharf.api.ComponentId;
import dev.wharf.spi.lattice.LatticeNode;
import java.util.ArrayList;
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
 * <p>Nodes are told apart by name and instance (a container's run): two containers that share a
 * name by mistake are two entries, so the mistake costs a log line, not the routing of either.
 *
 * <p>Changes are rare (announcements, sweeps) and lookups happen on every message to a remote
 * id: the set of remotely hosted ids is an immutable snapshot, replaced whole on each change.
 */
final class Directory {

    /** One run of another node. */
    private record Key(String node, String instance) {}

    /** What is known of one other node. */
    private record Entry(long seenNanos, List<ComponentId> hosts) {}

    /** What an announcement changed. */
    enum Change { NONE, JOINED, CHANGED, LEFT }

    private final String self;
    private final long timeoutNanos;
    private final Map<Key, Entry> nodes = new HashMap<>();
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
        Key key = new Key(a.node(), a.instance());
        if (a.kind() == Announcement.Kind.BYE) {
            if (nodes.remove(key) == null) {
                return Change.NONE; // a late bye of an instance that was dropped already
            }
            reindex();
            return known(a.node()) ? Change.CHANGED : Change.LEFT;
        }
        boolean knew = known(a.node());
        Entry old = nodes.put(key, new Entry(now, a.hosts()));
        if (old == null || !old.hosts().equals(a.hosts())) {
            reindex();
            return knew ? Change.CHANGED : Change.JOINED;
        }
        return Change.NONE;
    }

    private boolean known(String node) {
        return nodes.keySet().stream().anyMatch(k -> k.node().equals(node));
    }

    /** Drops the nodes not heard from within the timeout; returns their names. */
    synchronized List<String> sweep(long now) {
        List<String> dead = new ArrayList<>();
        nodes.entrySet().removeIf(e -> {
            boolean expired = now - e.getValue().seenNanos() > timeoutNanos;
            if (expired && !dead.contains(e.getKey().node())) {
                dead.add(e.getKey().node());
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
        nodes.replaceAll((k, e) -> new Entry(now, e.hosts()));
    }

    /** The other live nodes, in no order (a name shared by two containers twice); the view sorts them. */
    synchronized List<LatticeNode> others(long now) {
        List<LatticeNode> out = new ArrayList<>(nodes.size());
        nodes.forEach((k, e) -> out.add(new LatticeNode(k.node(), false,
                TimeUnit.NANOSECONDS.toMillis(Math.max(0, now - e.seenNanos())), e.hosts())));
        return out;
    }

    private void reindex() {
        Set<ComponentId> ids = new HashSet<>();
        nodes.values().forEach(e -> ids.addAll(e.hosts()));
        reachable = Set.copyOf(ids);
    }
}
