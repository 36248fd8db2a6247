package dev.wharf.runtime.internal.registry;

import dev.wharf.api.ComponentId;
import dev.wharf.api.ComponentMetadata;
import dev.wharf.runtime.internal.actor.ActorSystem;
import dev.wharf.runtime.internal.actor.ComponentActor;
import dev.wharf.spi.registry.ComponentStore;
import java.lang.System.Logger.Level;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * Keeps the {@link ComponentStore} up to date from one writer thread ({@code wharf-registry-writer}),
 * so a state or health change on a dispatcher thread never waits for the store's disk. Updates of
 * one component are written in the order they were published. A burst of updates that do not
 * change the component's state (health, restarts, limits) is coalesced: only the latest is
 * written. Each change of state is written, so the registry's history misses none. The queue is
 * bounded; when a store falls that far behind, updates are coalesced harder, then dropped (and
 * counted in the log), and the next store to appear gets every live component again.
 */
@Component(service = RegistryPublisher.class, immediate = true)
public final class RegistryPublisher implements Consumer<ComponentActor> {

    private static final System.Logger LOG = System.getLogger("dev.wharf.runtime");
    static final int CAPACITY = 100_000;

    /** One queued write; its metadata may be replaced by a newer one until the writer takes it. */
    private static final class Update {
        final ComponentId id;
        final long seq;
        ComponentMetadata metadata; // null: remove the entry

        Update(ComponentId id, long seq, ComponentMetadata metadata) {
            this.id = id;
            this.seq = seq;
            this.metadata = metadata;
        }

        /** Whether {@code m} is the same point in the component's history (same state since the same time). */
        boolean samePoint(ComponentMetadata m) {
            return metadata != null && m != null && metadata.state() == m.state()
                    && metadata.stateSince().equals(m.stateSince());
        }
    }

    private final Supplier<List<ComponentMetadata>> live;
    private final int capacity;
    private final Object lock = new Object();
    private final ArrayDeque<Update> queue = new ArrayDeque<>();
    private final Map<ComponentId, Update> lastQueued = new HashMap<>();
    private final Thread writer;
    private long published;
    private long written;
    private long dropped;
    private boolean running = true;
    private volatile ComponentStore store;

    @Activate
    public RegistryPublisher(@Reference ActorSystem system) {
        this(() -> system.actors().stream().map(ComponentActor::metadata).toList(), CAPACITY);
    }

    RegistryPublisher(Supplier<List<ComponentMetadata>> live, int capacity) {
        this.live = live;
        this.capacity = capacity;
        this.writer = new Thread(this::writeLoop, "wharf-registry-writer");
        writer.setDaemon(true);
        writer.start();
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindStore(ComponentStore s) {
        store = s;
        // a new store (a restart of the registry, another implementation) learns every live component
        live.get().forEach(this::publish);
    }

    void unbindStore(ComponentStore s) {
        if (store == s) {
            store = null;
        }
    }

    /** Writes what is queued, then stops the writer thread. */
    @Deactivate
    public void stop() {
        synchronized (lock) {
            running = false;
            lock.notifyAll();
        }
        try {
            writer.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A live component changed. */
    @Override
    public void accept(ComponentActor actor) {
        publish(actor.metadata());
    }

    /** Queues {@code metadata} for the store; returns a ticket for {@link #await}. */
    public long publish(ComponentMetadata metadata) {
        return enqueue(metadata.id(), metadata);
    }

    /** Queues the removal of {@code id}'s entry; returns a ticket for {@link #await}. */
    public long remove(ComponentId id) {
        return enqueue(id, null);
    }

    private long enqueue(ComponentId id, ComponentMetadata metadata) {
        synchronized (lock) {
            Update last = lastQueued.get(id);
            boolean full = queue.size() >= capacity;
            if (last != null && (last.samePoint(metadata) || (full && metadata != null && last.metadata != null))) {
                if (full && !last.samePoint(metadata)) {
                    dropped++; // a point of its history is lost: the store is far behind
                }
                last.metadata = metadata;
                return last.seq;
            }
            if (full) {
                dropped++;
                return published;
            }
            Update u = new Update(id, ++published, metadata);
            queue.addLast(u);
            lastQueued.put(id, u);
            lock.notifyAll();
            return u.seq;
        }
    }

    /**
     * Waits until the update with {@code ticket}, and all before it, are written (or the
     * timeout passes); returns whether they were.
     */
    public boolean await(long ticket, long timeoutMs) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        synchronized (lock) {
            while (written < ticket && running) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(lock, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return written >= ticket;
        }
    }

    private void writeLoop() {
        while (true) {
            Update u;
            ComponentMetadata m;
            long lost;
            synchronized (lock) {
                while (running && queue.isEmpty()) {
                    try {
                        lock.wait();
                    } catch (InterruptedException e) {
                        running = false;
                    }
                }
                u = queue.pollFirst();
                if (u == null) {
                    return;
                }
                lastQueued.remove(u.id, u);
                m = u.metadata;
                lost = dropped;
                dropped = 0;
            }
            if (lost > 0) {
                LOG.log(Level.WARNING, "the component store fell behind by " + capacity + " updates; " + lost
                        + " updates were merged or dropped");
            }
            write(u.id, m);
            synchronized (lock) {
                written = u.seq;
                lock.notifyAll();
            }
        }
    }

    private void write(ComponentId id, ComponentMetadata m) {
        ComponentStore s = store;
        if (s == null) {
            return;
        }
        try {
            if (m == null) {
                s.remove(id);
            } else {
                s.put(m);
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "the component store refused the entry of " + id, e);
        }
    }
}
