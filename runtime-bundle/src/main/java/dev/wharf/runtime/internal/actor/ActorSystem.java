package dev.wharf.runtime.internal.actor;

import dev.wharf.api.ComponentId;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;

/**
 * The live components and the threads that run them: the actor table (by id) and the dispatcher
 * pool, configured by PID {@code dev.wharf.dispatcher}. The message path reads only this table,
 * never the registry, so swapping the registry never stalls a message.
 */
@Component(service = ActorSystem.class, configurationPid = "dev.wharf.dispatcher")
@Designate(ocd = DispatcherConfig.class)
public final class ActorSystem {

    static final System.Logger LOG = System.getLogger("dev.wharf.runtime");
    /** Properties that moved to other PIDs when the configuration was split by concern. */
    private static final Map<String, String> MOVED = Map.of("policy-wait-ms", "dev.wharf.policygate",
            "policy-wait-max", "dev.wharf.policygate", "compile", "dev.wharf.engine", "watchdog-tick-ms",
            "dev.wharf.watchdog (tick-ms)");

    private final ConcurrentHashMap<ComponentId, ComponentActor> actors = new ConcurrentHashMap<>();
    private volatile boolean callerRuns = true;
    // the Java components; an id is in at most one of the two tables (adds are under the lock)
    private final ConcurrentHashMap<ComponentId, JavaActor> javaActors = new ConcurrentHashMap<>();
    private final Object adding = new Object();
    // how many turns the current thread is inside: a turn never runs on a thread already in one
    private final ThreadLocal<int[]> turns = ThreadLocal.withInitial(() -> new int[1]);
    private final DeadLetters deadLetters = new DeadLetters(1000, LOG);
    private final AtomicInteger poolGeneration = new AtomicInteger();
    private final ScheduledFuture<?> compensation;
    private volatile DispatcherPool pool;
    private volatile int throughput;
    private volatile long drainTimeoutMs;

    @Activate
    public ActorSystem(@Reference Watchdog watchdog, DispatcherConfig config, Map<String, Object> properties) {
        configure(config, properties);
        // a guest in a long call gets its thread replaced, so the other components are served
        this.compensation = watchdog.every(() -> {
            DispatcherPool p = pool;
            p.compensate(watchdog.longCalls(p.blockedNanos()));
        }, Math.max(1, pool.blockedNanos() / 2_000_000));
    }

    @Modified
    void modified(DispatcherConfig config, Map<String, Object> properties) {
        configure(config, properties);
    }

    private synchronized void configure(DispatcherConfig config, Map<String, Object> properties) {
        MOVED.forEach((key, pid) -> {
            if (properties.containsKey(key)) {
                LOG.log(Level.WARNING, "dev.wharf.dispatcher: property " + key + " is ignored here; it moved to PID " + pid);
            }
        });
        throughput = Math.max(1, config.throughput());
        callerRuns = config.caller$_$runs();
        drainTimeoutMs = Math.max(0, config.drain$_$timeout$_$ms());
        int cores = Runtime.getRuntime().availableProcessors();
        int threads = config.threads() > 0 ? config.threads() : cores;
        int max = Math.max(threads, config.max$_$threads() > 0 ? config.max$_$threads() : 16 * cores);
        long blocked = TimeUnit.MILLISECONDS.toNanos(Math.max(1, config.blocked$_$after$_$ms()));
        long spin = TimeUnit.MICROSECONDS.toNanos(Math.max(0, config.spin$_$us()));
        DispatcherPool old = pool;
        if (old == null || old.size() != threads || old.maxThreads() != max || old.blockedNanos() != blocked
                || old.spinNanos() != spin) {
            pool = new DispatcherPool("wharf-dispatcher-" + poolGeneration.incrementAndGet(), threads, max, blocked, spin);
            if (old != null) {
                // turns already queued on the old pool finish there; new turns go to the new one
                old.shutdown(drainTimeoutMs);
            }
        }
    }

    /** Stops the pool; the components were stopped by their deployer before. */
    @Deactivate
    public void shutdown() {
        compensation.cancel(false);
        if (!pool.shutdown(drainTimeoutMs + 1000)) {
            LOG.log(Level.WARNING, "dispatcher threads did not stop within " + (drainTimeoutMs + 1000) + " ms");
        }
    }

    /** Adds {@code actor} to the table; returns the one that already has its id, or {@code null}. */
    public ComponentActor add(ComponentActor actor) {
        synchronized (adding) {
            if (javaActors.containsKey(actor.id())) {
                throw new dev.wharf.api.InvalidComponentException("component id '" + actor.id()
                        + "' is taken by the Java component " + javaActors.get(actor.id()).source());
            }
            return actors.putIfAbsent(actor.id(), actor);
        }
    }

    /** Adds a Java component; returns the component that already has its id, or {@code null}. */
    public MessageTarget add(JavaActor actor) {
        synchronized (adding) {
            MessageTarget existing = target(actor.id());
            if (existing == null) {
                javaActors.put(actor.id(), actor);
            }
            return existing;
        }
    }

    public void remove(JavaActor actor) {
        javaActors.remove(actor.id(), actor);
    }

    /** The live Java components, ordered by id. */
    public List<JavaActor> javaActors() {
        List<JavaActor> out = new ArrayList<>(javaActors.values());
        out.sort(Comparator.comparing(JavaActor::id));
        return out;
    }

    /** Whatever a message to {@code id} goes to: a WebAssembly or a Java component, or {@code null}. */
    public MessageTarget target(ComponentId id) {
        ComponentActor a = actors.get(id);
        return a != null ? a : javaActors.get(id);
    }

    /** Removes {@code actor}, if it is the one in the table under its id. */
    public void remove(ComponentActor actor) {
        actors.remove(actor.id(), actor);
    }

    /** Whether {@code actor} is the live component of its id (not one that stopped or was replaced). */
    public boolean isCurrent(ComponentActor actor) {
        return actors.get(actor.id()) == actor;
    }

    public Optional<ComponentActor> actor(ComponentId id) {
        return Optional.ofNullable(actors.get(id));
    }

    /** The live component {@code id}, or {@code null}: for the message path, which must not allocate. */
    public ComponentActor get(ComponentId id) {
        return actors.get(id);
    }

    /** The live components, ordered by id. */
    public List<ComponentActor> actors() {
        List<ComponentActor> out = new ArrayList<>(actors.values());
        out.sort(Comparator.comparing(ComponentActor::id));
        return out;
    }

    /**
     * The current thread's turn counter when it may run a component's turn itself (caller-runs):
     * caller-runs is on and the thread is not inside a turn already (a guest's send, a Java
     * component's handler), so turns never nest and a call guard never runs inside another on
     * one thread. Else {@code null}. One lookup on the path of every caller-run message.
     */
    int[] turnCounterIfFree() {
        if (!callerRuns) {
            return null;
        }
        int[] depth = turns.get();
        return depth[0] == 0 ? depth : null;
    }

    /** Marks the current thread as running a turn until the returned counter is decremented. */
    int[] enterTurn() {
        int[] depth = turns.get();
        depth[0]++;
        return depth;
    }

    /**
     * Runs {@code delivery} with the current thread marked as inside a turn, so that the turns it
     * queues go to the pool rather than running here: for threads that must not run guests,
     * such as the lattice's network thread.
     */
    public <T> T handingOff(java.util.function.Supplier<T> delivery) {
        int[] depth = enterTurn();
        try {
            return delivery.get();
        } finally {
            depth[0]--;
        }
    }

    /** Dispatcher pool threads now, extra ones included. */
    public int poolThreads() {
        return pool.workers();
    }

    public DeadLetters deadLetters() {
        return deadLetters;
    }

    int throughput() {
        return throughput;
    }

    public long drainTimeoutMs() {
        return drainTimeoutMs;
    }

    /** Runs {@code task} on the dispatcher pool. */
    public void execute(Runnable task) {
        try {
            pool.execute(task);
        } catch (RejectedExecutionException e) {
            // the pool was replaced between the read and the call: use the new one
            pool.execute(task);
        }
    }
}
