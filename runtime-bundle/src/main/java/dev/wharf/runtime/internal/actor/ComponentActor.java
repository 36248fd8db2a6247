package dev.wharf.runtime.internal.actor;

import dev.wharf.api.CallTimeoutException;
import dev.wharf.api.ComponentId;
import dev.wharf.api.ComponentMetadata;
import dev.wharf.api.ComponentSpec;
import dev.wharf.api.ComponentState;
import dev.wharf.api.ComponentUnavailableException;
import dev.wharf.api.GuestTrapException;
import dev.wharf.api.HealthStatus;
import dev.wharf.api.InvokeResult;
import dev.wharf.api.NoReplyException;
import dev.wharf.api.RestartRecord;
import dev.wharf.api.UnknownExportException;
import dev.wharf.api.WharfException;
import dev.wharf.runtime.internal.codec.ArgumentCodec;
import dev.wharf.runtime.internal.guest.Guest;
import dev.wharf.runtime.internal.guest.GuestModule;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A live WebAssembly component: its code, its one instance, its mailbox and its state. Messages
 * are processed one at a time (an instance is not thread-safe) in its turns on the dispatcher
 * pool. The state is the {@link ActorState}'s, the way an instance comes and goes the
 * {@link Lifecycle}'s, the restart decisions the {@link Supervisor}'s, the call deadline the
 * {@link CallGuard}'s; the guest itself is behind the {@link Guest} interface, whatever its kind.
 */
public final class ComponentActor extends Actor {

    /** The export a component answers HTTP requests with. */
    public static final String HTTP_HANDLER = "wasi:http/incoming-handler#handle";

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
    final ActorHost host;
    final Lifecycle lifecycle;

    public ComponentActor(ActorServices services, ComponentSpec spec, Map<String, String> headerAttributes,
            GuestModule module, Origin origin, Instant firstInstalled, int restarts, List<RestartRecord> history) {
        super(services.system(), spec.id(), spec.limits());
        this.services = services;
        this.spec = spec;
        this.headerAttributes = Map.copyOf(headerAttributes);
        this.module = module;
        this.origin = origin;
        this.firstInstalled = firstInstalled;
        this.supervisor = new Supervisor(restarts, history);
        this.state = new ActorState(this::changed);
        this.host = new ActorHost(this);
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
        apply(changed);
        changed();
    }

    private void apply(ComponentSpec s) {
        spec = s;
        mailbox.capacity(s.limits().mailbox());
        guard.timeoutMs(s.limits().timeoutMs());
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
        lifecycle.requestRestart(why, detail);
    }

    /**
     * Its guest's call enters a capability's provider, which may wait; returns whether the
     * container allows one more such call ({@code max-capability-calls}).
     */
    public boolean enterCapability() {
        return system.enterCapability(guard);
    }

    /** The capability call that {@link #enterCapability} let in has returned. */
    public void leaveCapability() {
        system.leaveCapability(guard);
    }

    /**
     * Makes an instance of {@code fresh}, initialised beside the running one, for an update; the
     * caller hands it over with an {@link Envelope.Swap}.
     */
    public Guest prepareSwap(GuestModule fresh, ComponentSpec freshSpec) {
        return lifecycle.prepare(fresh, freshSpec);
    }

    // ---- the turn -------------------------------------------------------------------------

    @Override
    WharfException refusal() {
        ActorState.Phase p = state.phase();
        return p.accepts() ? null : new ComponentUnavailableException(id(), p.visible());
    }

    /** While a restart is under way, and while it is handed over, the mailbox keeps its messages. */
    @Override
    boolean paused() {
        ActorState.Phase p = state.phase();
        return p == ActorState.Phase.RESTARTING || p == ActorState.Phase.HANDING_OVER;
    }

    @Override
    boolean callerRuns() {
        return true;
    }

    /**
     * What one envelope does: a control message goes to the {@link Lifecycle}, a health check,
     * an Invoke or a message into the guest. A trap or a timeout fails the envelope and crashes
     * the instance, which the supervisor then decides about; any other failure fails the
     * envelope only.
     */
    @Override
    void process(Envelope e) {
        if (e instanceof Envelope.Control c) {
            lifecycle.control(c);
            return;
        }
        Guest g = lifecycle.guest();
        if (g == null) {
            metrics.failed.increment();
            e.fail(new ComponentUnavailableException(id(), state()));
            return;
        }
        if (e instanceof Envelope.Health h) {
            lifecycle.checkHealth(g, h);
            return;
        }
        // the latency is measured from the guard's own start: one clock read less per message
        long before = guard.startedAt();
        try {
            if (e instanceof Envelope.Call call) {
                invoke(g, call);
            } else if (e instanceof Envelope.Deliver d) {
                deliver(g, d);
            } else if (e instanceof Envelope.Bytes b) {
                b.result().complete(g.call(guard, b.function(), b.input()));
            } else if (e instanceof Envelope.Values v) {
                v.result().complete(g.call(guard, v.function(), v.form(), v.arguments()));
            } else if (e instanceof Envelope.Http h) {
                serve(g, h);
            }
        } catch (GuestTrapException | CallTimeoutException ex) {
            // the sender hears of the trap; the instance is not trusted again
            metrics.failed.increment();
            e.fail(ex);
            lifecycle.crash(Lifecycle.reasonOf(ex), ex.getMessage());
        } catch (WharfException ex) {
            metrics.failed.increment();
            e.fail(ex);
        } catch (RuntimeException ex) {
            metrics.failed.increment();
            e.fail(new GuestTrapException(id(), "message", CallGuard.describe(ex), ex));
        } finally {
            long start = guard.startedAt();
            if (start != before) {
                metrics.latency.record(System.nanoTime() - start);
            }
        }
    }

    /** A reply is handed to the asker only after the guest has returned: no caller code runs inside a guest call. */
    private void deliver(Guest g, Envelope.Deliver d) {
        byte[] answer = g.deliver(guard, d.sender(), d.payload(), d.reply() != null);
        if (d.reply() == null) {
            return;
        }
        if (answer == null) {
            throw new NoReplyException("component '" + id() + "' handled the request from '" + d.sender()
                    + "' without replying");
        }
        d.reply().complete(answer);
    }

    /** An HTTP request, while its module answers them: an update queued before it may have taken that away. */
    private void serve(Guest g, Envelope.Http h) {
        if (!module.servesHttp()) {
            throw new UnknownExportException(id(), HTTP_HANDLER);
        }
        h.result().complete(g.serveHttp(guard, h.request()));
    }

    /** Runs an Invoke: the export with the decoded arguments, its results encoded in the request's codec. */
    private void invoke(Guest g, Envelope.Call call) {
        long[] raw = g.invoke(guard, call.signature(), call.args());
        ArgumentCodec codec = services.codec();
        call.result().complete(new InvokeResult(id(), call.signature().name(), call.codec(),
                codec.encode(call.codec(), call.signature(), raw), ArgumentCodec.values(call.signature(), raw)));
    }

    @Override
    public String toString() {
        return "component " + id() + " from " + origin;
    }
}
