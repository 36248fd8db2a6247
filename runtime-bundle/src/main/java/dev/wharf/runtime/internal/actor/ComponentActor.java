package dev.wharf.runtime.internal.actor;

import dev.wharf.api.ComponentId;
import dev.wharf.api.ComponentMetadata;
import dev.wharf.api.ComponentSpec;
import dev.wharf.api.ComponentState;
import dev.wharf.api.ComponentUnavailableException;
import dev.wharf.api.DeliveryRefusedException;
import dev.wharf.api.ErrorCode;
import dev.wharf.api.HealthStatus;
import dev.wharf.api.RestartRecord;
import dev.wharf.api.runtime.ComponentStats;
import dev.wharf.runtime.internal.engine.GuestInstance;
import dev.wharf.runtime.internal.engine.LoadedModule;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A live component: its module, its one instance, its mailbox and its state. Messages are
 * processed one at a time (a WebAssembly instance is not thread-safe) on the shared dispatcher
 * pool, at most {@code throughput} per turn so a busy component cannot starve the others. The
 * call deadline is the {@link CallGuard}'s, the restart decisions the {@link Supervisor}'s, the
 * ABI the {@link GuestAbi}'s, and the way an instance comes and goes the {@link Lifecycle}'s.
 */
public final class ComponentActor implements MessageTarget, Runnable {

    static final String HEALTH = "_health";

    final ActorServices services;
    private volatile ComponentSpec spec;
    // all three change together when an update of its bundle swaps a new module in
    private volatile Map<String, String> headerAttributes;
    private volatile LoadedModule module;
    private volatile Origin origin;
    private final Instant firstInstalled;
    final Mailbox mailbox;
    private final AtomicInteger scheduled = new AtomicInteger();
    final CallGuard guard;
    final Supervisor supervisor;
    final HealthRecord health = new HealthRecord();
    private final ActorMetrics metrics = new ActorMetrics();
    final GuestAbi abi;
    final Lifecycle lifecycle;

    private volatile ComponentState state = ComponentState.STARTING;
    private volatile Instant stateSince = Instant.now();
    private volatile String reason;
    volatile GuestInstance guest;
    // while a restart is under way, messages are accepted and wait for the new instance
    volatile boolean restarting;

    public ComponentActor(ActorServices services, ComponentSpec spec, Map<String, String> headerAttributes,
            LoadedModule module, Origin origin, Instant firstInstalled, int restarts, List<RestartRecord> history) {
        this.services = services;
        this.spec = spec;
        this.headerAttributes = Map.copyOf(headerAttributes);
        this.module = module;
        this.origin = origin;
        this.firstInstalled = firstInstalled;
        this.mailbox = new Mailbox(spec.limits().mailbox());
        this.guard = new CallGuard(spec.id());
        this.supervisor = new Supervisor(restarts, history);
        this.abi = new GuestAbi(this, services.outbox());
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
     * next message; a new memory cap with the next instance.
     */
    public void reconfigure(ComponentSpec changed) {
        spec = changed;
        mailbox.capacity(changed.limits().mailbox());
        changed();
    }

    public LoadedModule module() {
        return module;
    }

    /** Takes the module, declarations and origin of an update: with its new instance, or while it has none (waiting). */
    public void replace(LoadedModule m, ComponentSpec s, Map<String, String> attributes, Origin o) {
        module = m;
        spec = s;
        headerAttributes = Map.copyOf(attributes);
        origin = o;
        mailbox.capacity(s.limits().mailbox());
    }

    public Origin origin() {
        return origin;
    }

    public ComponentState state() {
        return state;
    }

    /** Why it is in its state (what it waits for, why it failed), if anything says so. */
    public Optional<String> reason() {
        return Optional.ofNullable(reason);
    }

    public int mailboxDepth() {
        return mailbox.depth();
    }

    ActorMetrics metrics() {
        return metrics;
    }

    public ComponentStats stats() {
        return metrics.snapshot(id(), mailbox.depth(), spec.limits().mailbox());
    }

    public CallGuard guard() {
        return guard;
    }

    /** What the registry should know about this component now. */
    public ComponentMetadata metadata() {
        return new ComponentMetadata(spec, origin.bundleId(), origin.symbolicName(), origin.version(),
                module.sha256(), module.exportList(), state, stateSince, Optional.ofNullable(reason), health(),
                supervisor.restartCount(), firstInstalled, supervisor.restarts());
    }

    /** Its health: the last check's result while it is ready, else what its state says. */
    public HealthStatus health() {
        HealthStatus h = health.last();
        return state == ComponentState.READY && h != null ? h : stateHealth();
    }

    /** Health as the state alone says it (Ready healthy, Starting/Stopping degraded, Failed unhealthy). */
    public HealthStatus stateHealth() {
        String why = reason == null ? state.name().toLowerCase(Locale.ROOT) : reason;
        return switch (state) {
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
        ComponentState s = state;
        return s == ComponentState.READY || (s == ComponentState.STARTING && restarting);
    }

    /**
     * Records an event in the component's history without a change of state: an update taken
     * or refused ({@code READY since <now> (updated 1.0.1 -> 1.0.2)}).
     */
    public void note(String why) {
        setState(state, why);
    }

    void setState(ComponentState s, String why) {
        state = s;
        reason = why;
        stateSince = Instant.now();
        changed();
    }

    /** Tells the registry, while this is the live component of its id. */
    void changed() {
        if (services.system().isCurrent(this)) {
            services.changes().accept(this);
        }
    }

    /** Instantiates the module and runs {@code _initialize}, on the caller's thread; then it is ready. */
    public void start() {
        lifecycle.start();
    }

    /** Starts it after it waited, unless it is being stopped; a failure (of {@code check} too) leaves it FAILED. */
    public boolean startAfterWaiting(Runnable check) {
        return lifecycle.startAfterWaiting(check);
    }

    /** It does not start yet: STARTING, and {@code why} says what it waits for. */
    public void waitFor(String why) {
        setState(ComponentState.STARTING, why);
    }

    /**
     * Stops accepting messages, lets the ones already queued finish (at most {@code drainMs}),
     * runs {@code _cleanup} and closes the instance.
     */
    public void stop(long drainMs) {
        lifecycle.stop(drainMs);
    }

    /** Queues a restart behind the messages already waiting; out of Failed or a shutdown, restarts at once. */
    public void requestRestart(RestartRecord.Reason why, String detail) {
        lifecycle.requestRestart(why, detail);
    }

    // ---- messages -----------------------------------------------------------------------

    /** Queues {@code e}; refuses it at once when the component does not serve or the mailbox is full. */
    public void enqueue(Envelope e) {
        enqueue(e, false);
    }

    /**
     * @param accepted the message was already accepted (it waited for a security policy): it
     *     goes in even past the mailbox capacity, which such messages exceed by at most
     *     {@code policy-wait-max}
     */
    @Override
    public void enqueue(Envelope e, boolean accepted) {
        if (!acceptsMessages()) {
            metrics.refused.increment();
            throw new ComponentUnavailableException(id(), state);
        }
        if (!accepted && runsHere(e)) {
            return;
        }
        if (accepted) {
            mailbox.force(e);
        } else if (!mailbox.offer(e)) {
            metrics.refused.increment();
            throw new DeliveryRefusedException(ErrorCode.MAILBOX_FULL, "mailbox of component '" + id() + "' is full ("
                    + mailbox.capacity() + " messages)");
        }
        metrics.in.increment();
        schedule();
    }

    /** Queues a control message (a health check, a shutdown) past the capacity: it must not be refused for a full mailbox. */
    public void enqueueControl(Envelope e) {
        if (!acceptsMessages()) {
            throw new ComponentUnavailableException(id(), state);
        }
        mailbox.force(e);
        schedule();
    }

    void schedule() {
        if (scheduled.get() == 0 && scheduled.compareAndSet(0, 1)) {
            services.system().execute(this);
        }
    }

    /**
     * Caller-runs: when the component is idle (no turn, nothing queued, no restart) and this
     * thread is in no turn, {@code e} is processed here and now, without the hand-off to the pool.
     * Claiming the turn by CAS keeps one turn at a time; an empty mailbox keeps the order per
     * sender. What arrived meanwhile goes to the pool afterwards.
     */
    private boolean runsHere(Envelope e) {
        if (restarting || scheduled.get() != 0 || !mailbox.isEmpty()) {
            return false;
        }
        int[] depth = services.system().turnCounterIfFree();
        if (depth == null || !scheduled.compareAndSet(0, 1)) {
            return false;
        }
        metrics.inHere++;
        depth[0]++;
        try {
            process(e);
        } finally {
            endTurn(depth);
        }
        return true;
    }

    @Override
    public void run() {
        int budget = services.system().throughput();
        int[] depth = services.system().enterTurn();
        try {
            Envelope e;
            // while a restart is under way the mailbox keeps its messages for the new instance
            while (budget-- > 0 && !restarting && (e = mailbox.poll()) != null) {
                process(e);
            }
        } finally {
            endTurn(depth);
        }
    }

    /** Ends a turn: leaves it, frees the component, and hands what arrived meanwhile to the pool. */
    private void endTurn(int[] depth) {
        depth[0]--;
        scheduled.set(0);
        if (!restarting && !mailbox.isEmpty()) {
            schedule();
        }
    }

    private void process(Envelope e) {
        MessageTurn.process(this, e);
    }

    @Override
    public String toString() {
        return "component " + id() + " from " + origin;
    }
}
