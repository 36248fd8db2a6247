package dev.wharf.runtime.internal.actor;

import dev.wharf.api.ComponentId;
import dev.wharf.internal.config.ConfigCheck;
import dev.wharf.runtime.internal.telemetry.Telemetry;
import dev.wharf.runtime.internal.telemetry.Tracing;
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
@Component(service = ActorSystem.class, configurationPid = ActorSystem.PID)
@Designate(ocd = DispatcherConfig.class)
public final class ActorSystem {

    static final String PID = "dev.wharf.dispatcher";
    /** How long a call waits in a capability before its thread is replaced on the pool. */
    private static final long PARKED_MS = 2;
    private static final long PARKED_NANOS = TimeUnit.MILLISECONDS.toNanos(PARKED_MS);
    static final System.Logger LOG = System.getLogger("dev.wharf.runtime");
    /** Properties that moved to other PIDs when the configuration was split by concern. */
    private static final Map<String, String> MOVED = Map.of("policy-wait-ms", "dev.wharf.policygate",
            "policy-wait-max", "dev.wharf.policygate", "compile", "dev.wharf.engine", "watchdog-tick-ms",
            "dev.wharf.watchdog (tick-ms)");

    private final ConcurrentHashMap<ComponentId, ComponentActor> actors = new ConcurrentHashMap<>();
    // the Java components; an id is in at most one of the two tables (adds are under the lock)
    private final ConcurrentHashMap<ComponentId, JavaActor> javaActors = new ConcurrentHashMap<>();
    private final Object adding = new Object();
    // per thread: [0] how many turns it is inside (a turn never runs on a thread already in one),
    // [1] how many synchronous calls it waits in (only those may run a turn here, caller-runs)
    private final ThreadLocal<int[]> turns = ThreadLocal.withInitial(() -> new int[2]);
    private final DeadLetters deadLetters = new DeadLetters(1000, LOG);
    private final AtomicInteger poolGeneration = new AtomicInteger();
    private final Watchdog watchdog;
    private final Telemetry telemetry;
    private ScheduledFuture<?> compensation;
    private volatile DispatcherPool pool;
    // capability calls under way in the container, at most max-capability-calls
    private final AtomicInteger capabilityCalls = new AtomicInteger();
    private volatile Settings settings;

    /** The settings of PID {@code dev.wharf.dispatcher}, checked: one snapshot, swapped whole. */
    record Settings(int threads, int maxThreads, long blockedNanos, int throughput, long drainTimeoutMs,
            boolean callerRuns, long spinNanos, int maxCapabilityCalls, long instanceIdleMs) {

        /** @throws IllegalArgumentException naming the property that is out of range */
        static Settings of(DispatcherConfig c) {
            ConfigCheck check = new ConfigCheck(PID);
            int cores = Runtime.getRuntime().availableProcessors();
            int threads = check.atLeast("threads", c.threads(), 0);
            threads = threads > 0 ? threads : cores;
            int max = check.atLeast("max-threads", c.max$_$threads(), 0);
            max = max > 0 ? max : Math.max(threads, 16 * cores);
            if (max < threads) {
                throw check.bad("max-threads", max, "at least threads (" + threads + ")");
            }
            return new Settings(threads, max,
                    TimeUnit.MILLISECONDS.toNanos(check.atLeast("blocked-after-ms", c.blocked$_$after$_$ms(), 1)),
                    check.atLeast("throughput", c.throughput(), 1), check.atLeast("drain-timeout-ms", c.drain$_$timeout$_$ms(), 0),
                    c.caller$_$runs(), TimeUnit.MICROSECONDS.toNanos(check.atLeast("spin-us", c.spin$_$us(), 0)),
                    check.atLeast("max-capability-calls", c.max$_$capability$_$calls(), 1),
                    check.atLeast("instance-idle-ms", c.instance$_$idle$_$ms(), 1));
        }

        /** Whether a pool of these settings differs from one of {@code other}'s. */
        boolean otherPool(Settings other) {
            return other == null || threads != other.threads || maxThreads != other.maxThreads
                    || blockedNanos != other.blockedNanos || spinNanos != other.spinNanos;
        }
    }

    @Activate
    public ActorSystem(@Reference Watchdog watchdog, @Reference Telemetry telemetry, DispatcherConfig config,
            Map<String, Object> properties) {
        this.watchdog = watchdog;
        this.telemetry = telemetry;
        configure(config, properties);
    }

    /** An actor system that traces nothing (wired by hand: tests, benchmarks). */
    public ActorSystem(Watchdog watchdog, DispatcherConfig config, Map<String, Object> properties) {
        this(watchdog, new Telemetry(), config, properties);
    }

    /** The tracing of every turn, ask and capability call: off unless an OpenTelemetry is present. */
    public Tracing tracing() {
        return telemetry;
    }

    @Modified
    void modified(DispatcherConfig config, Map<String, Object> properties) {
        configure(config, properties);
    }

    private synchronized void configure(DispatcherConfig config, Map<String, Object> properties) {
        MOVED.forEach((key, pid) -> {
            if (properties.containsKey(key)) {
                LOG.log(Level.WARNING, PID + ": property " + key + " is ignored here; it moved to PID " + pid);
            }
        });
        Settings before = settings;
        Settings next = ConfigCheck.apply(() -> Settings.of(config), before != null ? before
                : Settings.of(ConfigCheck.defaults(DispatcherConfig.class)), before == null, LOG);
        settings = next;
        if (next.otherPool(before)) {
            DispatcherPool old = pool;
            pool = new DispatcherPool("wharf-dispatcher-" + poolGeneration.incrementAndGet(), next.threads(),
                    next.maxThreads(), next.blockedNanos(), next.spinNanos());
            if (old != null) {
                // turns already queued on the old pool finish there; new turns go to the new one
                old.shutdown(next.drainTimeoutMs());
            }
        }
        if (before == null || before.blockedNanos() != next.blockedNanos()) {
            // a guest in a long call, or one waiting in a capability, gets its thread replaced so
            // the other components are served; checked twice per blocked-after-ms (and at least
            // every PARKED_MS: a parked thread is replaced within a few milliseconds)
            if (compensation != null) {
                compensation.cancel(false);
            }
            compensation = watchdog.every(() -> {
                DispatcherPool p = pool;
                Watchdog.Load load = watchdog.load(p.blockedNanos(), PARKED_NANOS);
                p.compensate(load.computing(), load.parked());
            }, Math.max(1, Math.min(PARKED_MS, next.blockedNanos() / 2_000_000)));
        }
    }

    /** Stops the pool; the components were stopped by their deployer before. */
    @Deactivate
    public synchronized void shutdown() {
        compensation.cancel(false);
        long wait = settings.drainTimeoutMs() + 1000;
        if (!pool.shutdown(wait)) {
            LOG.log(Level.WARNING, "dispatcher threads did not stop within " + wait + " ms");
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
     * caller-runs is on, the thread waits in a synchronous call ({@link #waiting}) and is not
     * inside a turn already (a guest's send, a Java component's handler), so an asynchronous call
     * never runs guest code on its caller's thread, turns never nest and a call guard never runs
     * inside another on one thread. Else {@code null}. One lookup on the path of every message.
     */
    int[] turnCounterIfFree() {
        if (!settings.callerRuns()) {
            return null;
        }
        int[] depth = turns.get();
        return depth[0] == 0 && depth[1] > 0 ? depth : null;
    }

    /**
     * Runs {@code call} with the current thread marked as waiting synchronously for what it
     * starts: an idle component's turn may run here (caller-runs) instead of on the pool.
     */
    public <T> T waiting(java.util.function.Supplier<T> call) {
        int[] depth = turns.get();
        depth[1]++;
        try {
            return call.get();
        } finally {
            depth[1]--;
        }
    }

    /** Marks the current thread as running a turn until the returned counter is decremented. */
    int[] enterTurn() {
        int[] depth = turns.get();
        depth[0]++;
        return depth;
    }

    /**
     * A guest's call enters a capability's provider, which may wait (a request, a database):
     * returns whether it may, that is whether fewer than {@code max-capability-calls} are under
     * way. Each {@code true} is followed by {@link #leaveCapability}.
     */
    public boolean enterCapability(CallGuard guard) {
        if (capabilityCalls.incrementAndGet() > settings.maxCapabilityCalls()) {
            capabilityCalls.decrementAndGet();
            return false;
        }
        guard.enterCapability();
        return true;
    }

    /** The capability call that {@link #enterCapability} let in has returned. */
    public void leaveCapability(CallGuard guard) {
        guard.leaveCapability();
        capabilityCalls.decrementAndGet();
    }

    /** Capability calls under way now. */
    public int capabilityCalls() {
        return capabilityCalls.get();
    }

    /** Dispatcher pool threads now, extra ones included. */
    public int poolThreads() {
        return pool.workers();
    }

    public DeadLetters deadLetters() {
        return deadLetters;
    }

    int throughput() {
        return settings.throughput();
    }

    public long drainTimeoutMs() {
        return settings.drainTimeoutMs();
    }

    /** How long an instance beyond a component's first may go without a message before it is given back. */
    long instanceIdleMs() {
        return settings.instanceIdleMs();
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
