package dev.wharf.runtime.internal.actor;

import dev.wharf.api.ComponentId;
import dev.wharf.api.ComponentMetadata;
import dev.wharf.api.ComponentSpec;
import dev.wharf.api.ComponentState;
import dev.wharf.api.ComponentUnavailableException;
import dev.wharf.api.Delivery;
import dev.wharf.api.HealthStatus;
import dev.wharf.api.RestartRecord;
import dev.wharf.api.WharfException;
import dev.wharf.api.runtime.ComponentStats;
import dev.wharf.api.runtime.InstanceStats;
import dev.wharf.runtime.internal.guest.Guest;
import dev.wharf.runtime.internal.guest.GuestModule;
import dev.wharf.runtime.internal.guest.GuestVars;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A live WebAssembly component: its code, its instances and its state. Each {@link Instance}
 * processes its messages one at a time (a guest is not thread-safe) in its turns on the
 * dispatcher pool; {@link Instances} decides which instance a message goes to. The state is the
 * {@link ActorState}'s, the way instances come and go the {@link Lifecycle}'s, the restart
 * decisions the {@link Supervisor}'s, the call deadlines the {@link CallGuard}s'; the guest itself
 * is behind the {@link Guest} interface, whatever its kind.
 */
public final class ComponentActor implements MessageTarget {

    /** The export a component answers HTTP requests with. */
    public static final String HTTP_HANDLER = "wasi:http/incoming-handler#handle";

    final ActorSystem system;
    final ActorServices services;
    private volatile ComponentSpec spec;
    // all four change together when an update of its bundle swaps a new module in
    private volatile Map<String, String> headerAttributes;
    private volatile GuestModule module;
    private volatile Origin origin;
    private final Instant firstInstalled;
    final Supervisor supervisor;
    final HealthRecord health = new HealthRecord();
    final ActorState state;
    final Lifecycle lifecycle;
    final Instances pool;
    final Placement placement;
    // what its instances share: the log and its throttle, the vars of an Extism plugin
    final System.Logger guestLog;
    final LogThrottle logThrottle = new LogThrottle();
    final GuestVars vars = new GuestVars();

    public ComponentActor(ActorServices services, ComponentSpec spec, Map<String, String> headerAttributes,
            GuestModule module, Origin origin, Instant firstInstalled, int restarts, List<RestartRecord> history) {
        this.system = services.system();
        this.services = services;
        this.spec = spec;
        this.headerAttributes = Map.copyOf(headerAttributes);
        this.module = module;
        this.origin = origin;
        this.firstInstalled = firstInstalled;
        this.supervisor = new Supervisor(restarts, history);
        this.state = new ActorState(this::changed);
        this.guestLog = System.getLogger("dev.wharf.guest." + spec.id());
        this.pool = new Instances(this);
        this.placement = new Placement(this, pool);
        this.lifecycle = new Lifecycle(this);
    }

    @Override
    public ComponentId id() {
        return spec.id();
    }

    @Override
    public ComponentSpec spec() {
        return spec;
    }

    /** The attributes of its header clause, before any configuration is applied. */
    public Map<String, String> headerAttributes() {
        return headerAttributes;
    }

    /**
     * Applies a changed spec at once: mailbox capacity, timeouts and limits take effect with the
     * next message; a new memory cap with the next instance; more instances when the load needs
     * them, fewer as the idle ones are given back.
     */
    public void reconfigure(ComponentSpec changed) {
        apply(changed);
        changed();
    }

    private void apply(ComponentSpec s) {
        spec = s;
        for (Instance i : pool.list()) {
            i.mailbox.capacity(s.limits().mailbox());
            i.guard.timeoutMs(s.limits().timeoutMs());
        }
    }

    public GuestModule module() {
        return module;
    }

    /** Takes the code, declarations and origin of an update: with its new instance, or while it has none (waiting). */
    public void replace(GuestModule m, ComponentSpec s, Map<String, String> attributes, Origin o) {
        module = m;
        headerAttributes = Map.copyOf(attributes);
        origin = o;
        apply(s);
    }

    public Origin origin() {
        return origin;
    }

    public ComponentState state() {
        return state.phase().visible();
    }

    /** Why it is in its state (what it waits for, why it failed), if anything says so. */
    public Optional<String> reason() {
        return Optional.ofNullable(state.snapshot().reason());
    }

    /** What the registry should know about this component now. */
    public ComponentMetadata metadata() {
        ActorState.Snapshot s = state.snapshot();
        return new ComponentMetadata(spec, origin.bundleId(), origin.symbolicName(), origin.version(),
                module.sha256(), module.exportList(), s.phase().visible(), s.since(), Optional.ofNullable(s.reason()),
                health(), supervisor.restartCount(), firstInstalled, supervisor.restarts());
    }

    /** Its health: the last check's result while it is ready, else what its state says. */
    public HealthStatus health() {
        HealthStatus h = health.last();
        return state() == ComponentState.READY && h != null ? h : stateHealth();
    }

    /** Health as the state alone says it (Ready healthy, Starting/Stopping degraded, Failed unhealthy). */
    public HealthStatus stateHealth() {
        ActorState.Snapshot s = state.snapshot();
        ComponentState visible = s.phase().visible();
        String why = s.reason() == null ? visible.name().toLowerCase(Locale.ROOT) : s.reason();
        return switch (visible) {
            case READY -> HealthStatus.HEALTHY;
            case STARTING, STOPPING -> new HealthStatus.Degraded(why);
            default -> new HealthStatus.Unhealthy(why);
        };
    }

    public int consecutiveUnhealthy() {
        return health.consecutiveUnhealthy();
    }

    public Optional<Instant> lastCheck() {
        return health.lastCheck();
    }

    /**
     * Records a health check's result; returns whether it makes {@code threshold} unhealthy
     * results in a row, which calls for a restart.
     */
    public boolean recordHealth(HealthStatus status, int threshold) {
        HealthRecord.Outcome o = health.record(health(), status, threshold);
        if (o.changed()) {
            changed();
        }
        return o.restartDue();
    }

    /** Starts health check {@code check} unless one is under way; returns that one, or {@code null}. */
    public CompletableFuture<HealthStatus> beginHealthCheck(CompletableFuture<HealthStatus> check) {
        return health.begin(check);
    }

    public int restartCount() {
        return supervisor.restartCount();
    }

    /** Whether messages are accepted: when ready, and while a restart is under way. */
    public boolean acceptsMessages() {
        return state.phase().accepts();
    }

    /**
     * Records an event in the component's history without a change of state: an update taken
     * or refused ({@code READY since <now> (updated 1.0.1 -> 1.0.2)}).
     */
    public void note(String why) {
        state.note(why);
    }

    /** Tells the registry, while this is the live component of its id. */
    void changed() {
        if (system.isCurrent(this)) {
            services.changes().accept(this);
        }
    }

    /** Instantiates the module and runs its initialisation, on the caller's thread; then it is ready. */
    public void start() {
        lifecycle.start(Carried.NOTHING);
    }

    /**
     * Like {@link #start()}, taking over from the previous runtime: with its state restored and
     * its queued messages first in the mailbox, before any other message.
     */
    public void start(Carried carried) {
        lifecycle.start(carried == null ? Carried.NOTHING : carried);
    }

    /** The runtime is being updated: it stops taking messages and its turns wait; returns whether it is serving. */
    public boolean pauseForHandover() {
        return lifecycle.pauseForHandover();
    }

    /**
     * After {@link #pauseForHandover()}: its state and queued messages for the next runtime, its
     * instance closed; {@code null} when its call under way did not end within {@code waitMs}
     * (then it stopped, as on a stop).
     */
    public Carried handOver(long waitMs) {
        return lifecycle.handOver(waitMs);
    }

    /** Starts it after it waited, unless it is being stopped; a failure (of {@code check} too) leaves it FAILED. */
    public boolean startAfterWaiting(Runnable check) {
        return lifecycle.startAfterWaiting(check);
    }

    /** It does not start yet: it waits, and {@code why} says for what. */
    public void waitFor(String why) {
        if (!state.note(ActorState.Phase.WAITING, why)) {
            state.move(ActorState.Phase.STARTING, ActorState.Phase.WAITING, why);
        }
    }

    /**
     * Stops accepting messages, lets the ones already queued finish (at most {@code drainMs}),
     * runs the guest's cleanup and closes the instance. For good: it never serves again.
     */
    public void stop(long drainMs) {
        lifecycle.stop(drainMs);
    }

    /** Queues a restart behind the messages already waiting; out of Failed or a shutdown, restarts at once. */
    public void requestRestart(RestartRecord.Reason why, String detail) {
        lifecycle.restarts.request(why, detail);
    }

    /**
     * Its guest's call enters a capability's provider, which may wait; returns whether the
     * container allows one more such call ({@code max-capability-calls}).
     */
    public boolean enterCapability(CallGuard guard) {
        return system.enterCapability(guard);
    }

    /** The capability call that {@link #enterCapability} let in has returned. */
    public void leaveCapability(CallGuard guard) {
        system.leaveCapability(guard);
    }

    /**
     * Makes an instance of {@code fresh}, initialised beside the running one, for an update; the
     * caller hands it over with an {@link Envelope.Swap}.
     */
    public Guest prepareSwap(GuestModule fresh, ComponentSpec freshSpec) {
        return lifecycle.prepare(fresh, freshSpec);
    }

    // ---- messages and instances ------------------------------------------------------------

    @Override
    public Delivery enqueue(Envelope e, boolean accepted) {
        WharfException closed = refusal();
        if (closed != null) {
            pool.earlier.refused.increment();
            return new Delivery.Refused(closed);
        }
        return placement.enqueue(e, accepted);
    }

    /**
     * Queues a control message (a health check, a shutdown, an update) past the capacity: it must
     * not be refused for a full mailbox, only when the component takes no messages at all.
     */
    public Delivery enqueueControl(Envelope e) {
        WharfException closed = refusal();
        if (closed != null) {
            return new Delivery.Refused(closed);
        }
        if (e instanceof Envelope.Health h) {
            return lifecycle.checkHealth(h);
        }
        if (e instanceof Envelope.Shutdown s) {
            lifecycle.shutdown(s.done());
            return Delivery.ACCEPTED;
        }
        pool.first().force(e);
        return Delivery.ACCEPTED;
    }

    /** The call guard of its first instance, which lives as long as the component. */
    public CallGuard guard() {
        return pool.first().guard;
    }

    /** Whether any of its instances is in a call. */
    public boolean busy() {
        return pool.busy();
    }

    /** Messages waiting in all its instances. */
    public int mailboxDepth() {
        return pool.depth();
    }

    /** Its figures: the sums of its instances' and of those given back, and each instance's. */
    public ComponentStats stats() {
        return pool.figures(id(), spec.limits().mailbox());
    }

    /** Its instances now, by number. */
    public List<InstanceStats> instances() {
        return pool.stats();
    }

    WharfException refusal() {
        ActorState.Phase p = state.phase();
        return p.accepts() ? null : new ComponentUnavailableException(id(), p.visible());
    }

    /** While the runtime hands it over, every instance's turns wait. */
    boolean handingOver() {
        return state.phase() == ActorState.Phase.HANDING_OVER;
    }

    /** Whether it serves (an update may be under way): more instances may start. */
    boolean serving() {
        ActorState.Phase p = state.phase();
        return p == ActorState.Phase.READY || p == ActorState.Phase.SWAPPING;
    }

    /** Whether it is stopping for good: its instances drain their mailboxes. */
    boolean stopping() {
        return state.phase() == ActorState.Phase.STOPPING;
    }

    /** Whether it failed or ended: no instance keeps a guest. */
    boolean ended() {
        ActorState.Phase p = state.phase();
        return p == ActorState.Phase.FAILED || p == ActorState.Phase.ENDED;
    }

    @Override
    public String toString() {
        return "component " + id() + " from " + origin;
    }
}
