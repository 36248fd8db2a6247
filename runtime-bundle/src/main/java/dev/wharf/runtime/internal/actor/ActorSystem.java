package dev.wharf.runtime.internal.actor;

import dev.wharf.api.CallTimeoutException;
import dev.wharf.api.Codec;
import dev.wharf.api.ComponentPattern;
import dev.wharf.api.Delivery;
import dev.wharf.api.DeliveryRefusedException;
import dev.wharf.api.ErrorCode;
import dev.wharf.api.UnknownCodecException;
import dev.wharf.api.ComponentId;
import dev.wharf.api.ComponentMessage;
import dev.wharf.api.ComponentMetadata;
import dev.wharf.api.ComponentRegistry;
import dev.wharf.api.ComponentSpec;
import dev.wharf.api.ComponentState;
import dev.wharf.api.ComponentUnavailableException;
import dev.wharf.api.ExportSignature;
import dev.wharf.api.InvalidComponentException;
import dev.wharf.api.InvokeResult;
import dev.wharf.api.UnknownComponentException;
import dev.wharf.api.UnknownExportException;
import dev.wharf.api.WharfException;
import dev.wharf.runtime.internal.codec.ArgumentCodec;
import dev.wharf.runtime.internal.engine.LoadedModule;
import dev.wharf.runtime.internal.engine.WasmEngine;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;

/**
 * Owns the live components: the actor table, the dispatcher thread pool, the call watchdog and
 * the engine. The message path reads only the actor table, never the registry, so swapping the
 * registry never stalls a message; the registry is kept up to date on every state change and
 * refilled whenever a registry service (re)appears.
 */
@Component(service = ActorSystem.class, configurationPid = "dev.wharf.dispatcher", immediate = true)
@Designate(ocd = DispatcherConfig.class)
public final class ActorSystem {

    private static final System.Logger LOG = System.getLogger("dev.wharf.runtime");

    private final ConcurrentHashMap<ComponentId, ComponentActor> actors = new ConcurrentHashMap<>();
    private final List<DeploymentProblem> problems = new CopyOnWriteArrayList<>();
    private final ArgumentCodec codec = new ArgumentCodec();
    private final DeadLetters deadLetters = new DeadLetters(1000, LOG);
    private final WasmEngine engine;
    private final ScheduledExecutorService watchdog;
    private final ScheduledFuture<?> watchdogTask;
    private final AtomicInteger poolGeneration = new AtomicInteger();

    private volatile DispatcherPool pool;
    private volatile long spinNanos = -1;
    private volatile int throughput;
    private volatile long drainTimeoutMs;
    private volatile ComponentRegistry registry;

    @Activate
    public ActorSystem(DispatcherConfig config) {
        this.engine = new WasmEngine(config.compile());
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "wharf-watchdog");
            t.setDaemon(true);
            return t;
        });
        // ask timeouts are cancelled far more often than they fire: do not let them pile up
        timer.setRemoveOnCancelPolicy(true);
        this.watchdog = timer;
        long tick = Math.max(1, config.watchdog_tick_ms());
        this.watchdogTask = watchdog.scheduleAtFixedRate(this::checkDeadlines, tick, tick, TimeUnit.MILLISECONDS);
        configure(config);
    }

    @Modified
    void modified(DispatcherConfig config) {
        configure(config);
    }

    private void configure(DispatcherConfig config) {
        throughput = Math.max(1, config.throughput());
        drainTimeoutMs = Math.max(0, config.drain_timeout_ms());
        int threads = config.threads() > 0 ? config.threads() : Runtime.getRuntime().availableProcessors();
        long spin = TimeUnit.MICROSECONDS.toNanos(Math.max(0, config.spin_us()));
        DispatcherPool old = pool;
        if (old == null || old.size() != threads || spinNanos != spin) {
            spinNanos = spin;
            pool = new DispatcherPool("wharf-dispatcher-" + poolGeneration.incrementAndGet(), threads, spin);
            if (old != null) {
                // turns already queued on the old pool finish there; new turns go to the new one
                old.shutdown(drainTimeoutMs);
            }
        }
    }

    /** Stops every component, the pool and the watchdog. */
    @Deactivate
    public void shutdown() {
        for (ComponentActor a : new ArrayList<>(actors.values())) {
            undeploy(a);
        }
        watchdogTask.cancel(false);
        watchdog.shutdownNow();
        if (!pool.shutdown(drainTimeoutMs + 1000)) {
            LOG.log(Level.WARNING, "dispatcher threads did not stop within " + (drainTimeoutMs + 1000) + " ms");
        }
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindRegistry(ComponentRegistry r) {
        registry = r;
        for (ComponentActor a : actors.values()) {
            publish(r, a);
        }
    }

    void unbindRegistry(ComponentRegistry r) {
        if (registry == r) {
            registry = null;
        }
    }

    // ---- deployment -----------------------------------------------------------------------

    /**
     * Loads, instantiates and starts a component. On return it is {@code READY}.
     *
     * @throws WharfException naming what prevented it (invalid module, duplicate id, trap in
     *     {@code _initialize}, ...); nothing of it stays behind
     */
    public ComponentActor deploy(ComponentSpec spec, byte[] moduleBytes, ComponentActor.Origin origin) {
        String where = "module " + spec.modulePath() + " of component '" + spec.id() + "' in " + origin;
        ComponentActor existing = actors.get(spec.id());
        if (existing != null) {
            throw duplicate(spec, origin, existing);
        }
        LoadedModule module = engine.load(moduleBytes, spec.limits().memoryMaxPages(), where);
        ComponentRegistry r = registry;
        Instant firstInstalled = Optional.ofNullable(r).flatMap(x -> x.lookup(spec.id()))
                .filter(m -> m.bundleSymbolicName().equals(origin.symbolicName()))
                .map(ComponentMetadata::firstInstalled).orElse(Instant.now());
        ComponentActor actor = new ComponentActor(this, spec, module, origin, firstInstalled);
        existing = actors.putIfAbsent(spec.id(), actor);
        if (existing != null) {
            throw duplicate(spec, origin, existing);
        }
        try {
            actor.start();
        } catch (RuntimeException e) {
            actors.remove(spec.id(), actor);
            throw e;
        }
        LOG.log(Level.INFO, "component " + spec.id() + " is ready (" + where + ", "
                + (module.compiled() ? "compiled" : "interpreted") + ")");
        return actor;
    }

    private static InvalidComponentException duplicate(ComponentSpec spec, ComponentActor.Origin origin,
            ComponentActor existing) {
        return new InvalidComponentException(origin + ": Wasm-Component id '" + spec.id()
                + "' is a duplicate; it is already provided by " + existing.origin());
    }

    /** Drains and stops {@code actor}, then forgets it. */
    public void undeploy(ComponentActor actor) {
        actor.stop(drainTimeoutMs);
        actors.remove(actor.id(), actor);
        ComponentRegistry r = registry;
        if (r != null) {
            try {
                r.unregister(actor.id());
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "registry refused to unregister " + actor.id(), e);
            }
        }
        LOG.log(Level.INFO, "component " + actor.id() + " stopped");
    }

    void stateChanged(ComponentActor actor) {
        if (actor.state() == ComponentState.STOPPED) {
            return; // undeploy unregisters it
        }
        ComponentRegistry r = registry;
        if (r != null && actors.get(actor.id()) == actor) {
            publish(r, actor);
        }
    }

    private static void publish(ComponentRegistry r, ComponentActor a) {
        try {
            r.register(a.metadata());
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "registry refused component " + a.id(), e);
        }
    }

    public void reportProblem(DeploymentProblem p) {
        problems.add(p);
        LOG.log(Level.ERROR, "cannot deploy " + (p.componentId() == null ? "a component" : "component '" + p.componentId() + "'")
                + " of bundle " + p.bundleId() + " (" + p.symbolicName() + "): " + p.message());
    }

    public void clearProblems(long bundleId) {
        problems.removeIf(p -> p.bundleId() == bundleId);
    }

    public List<DeploymentProblem> problems() {
        return List.copyOf(problems);
    }

    // ---- lookups -----------------------------------------------------------------------------

    public Optional<ComponentActor> actor(ComponentId id) {
        return Optional.ofNullable(actors.get(id));
    }

    public List<ComponentActor> actors() {
        List<ComponentActor> out = new ArrayList<>(actors.values());
        out.sort(Comparator.comparing(ComponentActor::id));
        return out;
    }

    public Optional<ComponentRegistry> registry() {
        return Optional.ofNullable(registry);
    }

    // ---- messages --------------------------------------------------------------------------

    /** Checks and decodes an Invoke on the caller's thread, then queues it for the actor. */
    public CompletionStage<InvokeResult> invoke(ComponentId target, ComponentMessage.Invoke invoke) {
        CompletableFuture<InvokeResult> result = new Reply<>();
        try {
            ComponentActor actor = actors.get(target);
            if (actor == null) {
                throw new UnknownComponentException(target);
            }
            if (actor.state() != ComponentState.READY) {
                throw new ComponentUnavailableException(target, actor.state());
            }
            ExportSignature sig = actor.module().exports().get(invoke.function());
            if (sig == null) {
                throw new UnknownExportException(target, invoke.function());
            }
            Codec c = Codec.of(invoke.args());
            long[] args = codec.decode(invoke.args(), c, sig);
            actor.enqueue(new Envelope.Call(sig, args, c, result));
        } catch (WharfException e) {
            result.completeExceptionally(e);
        }
        return result;
    }

    /** Sends an inter-component message without waiting for it to be handled. */
    public Delivery tell(ComponentMessage.InterComponent m) {
        WharfException refused = deliver(m.sender(), null, m.to(), m.payload(), null);
        return refused == null ? Delivery.ACCEPTED : new Delivery.Refused(refused);
    }

    /** Sends a request; the stage completes with the receiver's reply or the reason there is none. */
    public CompletionStage<byte[]> ask(ComponentMessage.InterComponent m, Duration timeout) {
        Reply<byte[]> reply = new Reply<>();
        WharfException refused = deliver(m.sender(), null, m.to(), m.payload(), reply);
        if (refused != null) {
            reply.completeExceptionally(refused);
            return reply;
        }
        long ms = Math.max(1, timeout.toMillis());
        ComponentId to = m.to();
        ScheduledFuture<?> expiry = watchdog.schedule(
                () -> reply.completeExceptionally(new CallTimeoutException(to, ms)), ms, TimeUnit.MILLISECONDS);
        reply.whenComplete((r, x) -> expiry.cancel(false));
        return reply;
    }

    /**
     * The one path of every inter-component message, from Java or from a guest's {@code send}:
     * the target must exist, the payload must carry a known codec prefix, the declarations of
     * both ends must admit the message, and the target's mailbox must have room.
     *
     * @param senderActor the sending actor when a guest sends, else {@code null}
     * @param reply the asker's future, or {@code null} for a tell
     * @return {@code null} when accepted, else the refusal (also recorded as a dead letter)
     */
    WharfException deliver(ComponentId sender, ComponentActor senderActor, ComponentId to, byte[] payload,
            CompletableFuture<byte[]> reply) {
        WharfException refused;
        ComponentActor target = actors.get(to);
        if (target == null) {
            refused = new UnknownComponentException(to);
        } else {
            refused = admit(sender, senderActor, target, payload);
            if (refused == null) {
                try {
                    target.enqueue(new Envelope.Deliver(sender, to, payload, reply, deadLetters));
                    return null;
                } catch (WharfException e) {
                    refused = e;
                }
            }
        }
        deadLetters.record(sender, to, payload.length, refused);
        return refused;
    }

    /**
     * Until a {@code SecurityPolicy} service takes over: the receiver's {@code receive-from} must
     * admit the sender and the sender's {@code send-to} the receiver; the host may always send.
     */
    private WharfException admit(ComponentId sender, ComponentActor senderActor, ComponentActor target, byte[] payload) {
        try {
            Codec.of(payload);
        } catch (UnknownCodecException e) {
            return e;
        }
        if (sender.isHost()) {
            return null;
        }
        if (!ComponentPattern.anyMatches(target.spec().receiveFrom(), sender)) {
            return new DeliveryRefusedException(ErrorCode.DENIED, "component '" + target.id()
                    + "' does not receive from '" + sender + "' (receive-from: "
                    + (target.spec().receiveFrom().isEmpty() ? "host only" : String.join(",", target.spec().receiveFrom()))
                    + ")");
        }
        ComponentActor from = senderActor != null ? senderActor : actors.get(sender);
        if (from == null) {
            return new DeliveryRefusedException(ErrorCode.DENIED, "sender '" + sender + "' is not a live component");
        }
        if (!ComponentPattern.anyMatches(from.spec().sendTo(), target.id())) {
            return new DeliveryRefusedException(ErrorCode.DENIED, "component '" + sender + "' may not send to '"
                    + target.id() + "' (send-to: "
                    + (from.spec().sendTo().isEmpty() ? "none" : String.join(",", from.spec().sendTo())) + ")");
        }
        return null;
    }

    public DeadLetters deadLetters() {
        return deadLetters;
    }

    ArgumentCodec codec() {
        return codec;
    }

    public ArgumentCodec argumentCodec() {
        return codec;
    }

    int throughput() {
        return throughput;
    }

    System.Logger log() {
        return LOG;
    }

    void execute(ComponentActor actor) {
        try {
            pool.execute(actor);
        } catch (RejectedExecutionException e) {
            // the pool was replaced between the read and the call: use the new one
            pool.execute(actor);
        }
    }

    private void checkDeadlines() {
        long now = System.nanoTime();
        for (ComponentActor a : actors.values()) {
            a.checkDeadline(now);
        }
    }

    Collection<ComponentActor> live() {
        return actors.values();
    }
}
