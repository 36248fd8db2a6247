package dev.wharf.runtime.internal.actor;

import dev.wharf.api.CallTimeoutException;
import dev.wharf.api.Codec;
import dev.wharf.api.Delivery;
import dev.wharf.api.DeliveryRefusedException;
import dev.wharf.api.ErrorCode;
import dev.wharf.api.UnknownCodecException;
import dev.wharf.api.PolicyDecision;
import dev.wharf.api.SecurityPolicy;
import dev.wharf.api.ComponentId;
import dev.wharf.api.ComponentMessage;
import dev.wharf.api.ComponentMetadata;
import dev.wharf.api.ComponentRegistry;
import dev.wharf.api.ComponentSpec;
import dev.wharf.api.ComponentState;
import dev.wharf.api.ComponentUnavailableException;
import dev.wharf.api.ExportSignature;
import dev.wharf.api.HealthStatus;
import dev.wharf.api.RestartRecord;
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
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
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
    private volatile SecurityPolicy policy;

    // messages waiting for a security policy, oldest first; counted until handled, so that a
    // new message never overtakes a waiting one
    private final ConcurrentLinkedQueue<Pending> pending = new ConcurrentLinkedQueue<>();
    private final AtomicInteger pendingCount = new AtomicInteger();
    private final AtomicBoolean draining = new AtomicBoolean();
    private volatile long policyWaitNanos;
    private volatile int policyWaitMax;

    /** A message that arrived while no security policy was present. */
    private record Pending(ComponentId sender, ComponentId to, byte[] payload, CompletableFuture<byte[]> reply,
            long since) {}

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
        long tick = Math.max(1, config.watchdog$_$tick$_$ms());
        this.watchdogTask = watchdog.scheduleAtFixedRate(this::checkDeadlines, tick, tick, TimeUnit.MILLISECONDS);
        configure(config);
    }

    @Modified
    void modified(DispatcherConfig config) {
        configure(config);
    }

    private void configure(DispatcherConfig config) {
        throughput = Math.max(1, config.throughput());
        drainTimeoutMs = Math.max(0, config.drain$_$timeout$_$ms());
        policyWaitNanos = TimeUnit.MILLISECONDS.toNanos(Math.max(0, config.policy$_$wait$_$ms()));
        policyWaitMax = Math.max(0, config.policy$_$wait$_$max());
        int threads = config.threads() > 0 ? config.threads() : Runtime.getRuntime().availableProcessors();
        long spin = TimeUnit.MICROSECONDS.toNanos(Math.max(0, config.spin$_$us()));
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

    /**
     * The policy is a dynamic reference: while none is present, messages between components wait
     * (bounded in time and count) and are checked by the next policy that arrives.
     */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    public void bindPolicy(SecurityPolicy p) {
        policy = p;
        if (!pending.isEmpty()) {
            scheduleDrain();
        }
    }

    public void unbindPolicy(SecurityPolicy p) {
        if (policy == p) {
            policy = null;
        }
    }

    // ---- deployment -----------------------------------------------------------------------

    /**
     * Loads, instantiates and starts a component. On return it is {@code READY}.
     *
     * @throws WharfException naming what prevented it (invalid module, duplicate id, trap in
     *     {@code _initialize}, ...); nothing of it stays behind
     */
    public ComponentActor deploy(ComponentSpec spec, Map<String, String> headerAttributes, byte[] moduleBytes,
            ComponentActor.Origin origin) {
        String where = "module " + spec.modulePath() + " of component '" + spec.id() + "' in " + origin;
        ComponentActor existing = actors.get(spec.id());
        if (existing != null) {
            throw duplicate(spec, origin, existing);
        }
        LoadedModule module = engine.load(moduleBytes, spec.limits().memoryMaxPages(), where);
        ComponentRegistry r = registry;
        // the same component coming back (a restart of the container, an update of its bundle)
        // keeps its history: first-installed time and restarts
        Optional<ComponentMetadata> known = Optional.ofNullable(r).flatMap(x -> x.lookup(spec.id()))
                .filter(m -> m.bundleSymbolicName().equals(origin.symbolicName()));
        ComponentActor actor = new ComponentActor(this, spec, headerAttributes, module, origin,
                known.map(ComponentMetadata::firstInstalled).orElse(Instant.now()),
                known.map(ComponentMetadata::restartCount).orElse(0),
                known.map(ComponentMetadata::restarts).orElse(List.of()));
        existing = actors.putIfAbsent(spec.id(), actor);
        if (existing != null) {
            throw duplicate(spec, origin, existing);
        }
        if (r != null) {
            publish(r, actor); // STARTING
        }
        try {
            actor.start();
        } catch (RuntimeException e) {
            actors.remove(spec.id(), actor);
            if (r != null) {
                // it never came to life: its problem is reported, a registry entry would mislead
                if (known.isPresent()) {
                    r.register(known.get());
                } else {
                    r.unregister(spec.id());
                }
            }
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
        SecurityPolicy p = policy;
        if (p != null) {
            p.forget(actor.id());
        }
        // the entry stays, stopped, with its history; the registry drops it when the bundle is uninstalled
        ComponentRegistry r = registry;
        if (r != null) {
            publish(r, actor);
        }
        LOG.log(Level.INFO, "component " + actor.id() + " stopped");
    }

    void stateChanged(ComponentActor actor) {
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

    // ---- operator overrides (factory configurations of PID dev.wharf.component) ---------------

    /** Overrides by configuration PID: the component they name and the attributes they set. */
    private final ConcurrentHashMap<String, Override> overrides = new ConcurrentHashMap<>();

    private record Override(ComponentId id, Map<String, String> attributes) {}

    /** The header attributes of a clause with the configured overrides for {@code id} laid over them. */
    public Map<String, String> withOverrides(ComponentId id, Map<String, String> header) {
        Map<String, String> merged = new java.util.LinkedHashMap<>(header);
        overrides.entrySet().stream().filter(e -> e.getValue().id().equals(id))
                .sorted(Map.Entry.comparingByKey())
                .forEach(e -> merged.putAll(e.getValue().attributes()));
        return merged;
    }

    /** Adds or changes the override of configuration {@code pid}; applies it at once. */
    public void override(String pid, ComponentId id, Map<String, String> attributes) {
        Override old = overrides.put(pid, new Override(id, Map.copyOf(attributes)));
        reconfigure(id);
        if (old != null && !old.id().equals(id)) {
            reconfigure(old.id());
        }
    }

    public void removeOverride(String pid) {
        Override old = overrides.remove(pid);
        if (old != null) {
            reconfigure(old.id());
        }
    }

    private void reconfigure(ComponentId id) {
        ComponentActor a = actors.get(id);
        if (a == null) {
            return;
        }
        try {
            ComponentSpec changed = dev.wharf.runtime.internal.header.ComponentHeader.toSpec(a.spec().modulePath(),
                    withOverrides(id, a.headerAttributes()));
            a.reconfigure(changed);
            LOG.log(Level.INFO, "component " + id + " reconfigured: " + changed.limits() + ", receive-from "
                    + changed.receiveFrom() + ", send-to " + changed.sendTo());
        } catch (IllegalArgumentException e) {
            LOG.log(Level.ERROR, "configuration of component '" + id + "' (dev.wharf.component) is invalid and was not applied: "
                    + e.getMessage());
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
            if (!actor.acceptsMessages()) {
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
     * the target must exist, the payload must carry a known codec prefix, the security policy
     * must admit it, and the target's mailbox must have room.
     *
     * @param senderActor the sending actor when a guest sends, else {@code null}
     * @param reply the asker's future, or {@code null} for a tell
     * @return {@code null} when accepted (or waiting for a policy), else the refusal, which is
     *     also recorded as a dead letter
     */
    WharfException deliver(ComponentId sender, ComponentActor senderActor, ComponentId to, byte[] payload,
            CompletableFuture<byte[]> reply) {
        ComponentActor target = actors.get(to);
        WharfException refused;
        if (target == null) {
            refused = new UnknownComponentException(to);
        } else {
            try {
                Codec.of(payload);
                SecurityPolicy p = policy;
                if (p == null || pendingCount.get() > 0) {
                    return park(sender, to, payload, reply);
                }
                refused = checkAndEnqueue(p, sender, senderActor, target, payload, reply, false);
            } catch (UnknownCodecException e) {
                refused = e;
            }
        }
        if (refused != null) {
            deadLetters.record(sender, to, payload.length, refused);
        }
        return refused;
    }

    private WharfException checkAndEnqueue(SecurityPolicy p, ComponentId sender, ComponentActor senderActor,
            ComponentActor target, byte[] payload, CompletableFuture<byte[]> reply, boolean waited) {
        ComponentSpec senderSpec = null;
        if (!sender.isHost()) {
            ComponentActor from = senderActor != null ? senderActor : actors.get(sender);
            senderSpec = from == null ? null : from.spec();
        }
        PolicyDecision decision;
        try {
            decision = p.check(sender, senderSpec, target.spec(), payload.length);
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "the security policy failed on a message " + sender + " -> " + target.id(), e);
            return new DeliveryRefusedException(ErrorCode.NO_POLICY, "the security policy failed: " + e);
        }
        if (decision instanceof PolicyDecision.Deny deny) {
            return new DeliveryRefusedException(deny.code(), deny.reason());
        }
        try {
            target.enqueue(new Envelope.Deliver(sender, target.id(), payload, reply, deadLetters), waited);
            return null;
        } catch (WharfException e) {
            return e;
        }
    }

    private WharfException park(ComponentId sender, ComponentId to, byte[] payload, CompletableFuture<byte[]> reply) {
        if (pendingCount.incrementAndGet() > policyWaitMax) {
            pendingCount.decrementAndGet();
            WharfException e = new DeliveryRefusedException(ErrorCode.NO_POLICY, "no security policy is present and "
                    + policyWaitMax + " messages are already waiting for one");
            deadLetters.record(sender, to, payload.length, e);
            return e;
        }
        pending.add(new Pending(sender, to, payload, reply, System.nanoTime()));
        if (policy != null) {
            scheduleDrain();
        }
        return null;
    }

    private void scheduleDrain() {
        if (draining.compareAndSet(false, true)) {
            try {
                execute(this::drainPending);
            } catch (RejectedExecutionException e) {
                draining.set(false);
            }
        }
    }

    /** Checks the waiting messages, in arrival order, against the policy that has arrived. */
    private void drainPending() {
        try {
            SecurityPolicy p;
            while ((p = policy) != null) {
                Pending m = pending.poll();
                if (m == null) {
                    break;
                }
                try {
                    ComponentActor target = actors.get(m.to());
                    WharfException refused = target == null ? new UnknownComponentException(m.to())
                            : checkAndEnqueue(p, m.sender(), null, target, m.payload(), m.reply(), true);
                    if (refused != null) {
                        fail(m, refused);
                    }
                } finally {
                    pendingCount.decrementAndGet();
                }
            }
        } finally {
            draining.set(false);
        }
        if (policy != null && !pending.isEmpty()) {
            scheduleDrain();
        }
    }

    /** Fails the messages that waited longer than {@code policy-wait-ms} for a policy. */
    private void expirePending(long now) {
        Pending m;
        while ((m = pending.peek()) != null && now - m.since() > policyWaitNanos && policy == null) {
            if (pending.remove(m)) {
                fail(m, new DeliveryRefusedException(ErrorCode.NO_POLICY, "no security policy was present within "
                        + TimeUnit.NANOSECONDS.toMillis(policyWaitNanos) + " ms; the message was not delivered"));
                pendingCount.decrementAndGet();
            }
        }
    }

    private void fail(Pending m, WharfException e) {
        deadLetters.record(m.sender(), m.to(), m.payload().length, e);
        if (m.reply() != null) {
            m.reply().completeExceptionally(e);
        }
    }

    // ---- supervision and health ----------------------------------------------------------------

    /** Runs the restart of {@code actor} on the dispatcher pool after {@code delayMs}. */
    void scheduleRestart(ComponentActor actor, long delayMs, RestartRecord.Reason reason, String detail) {
        Runnable restart = () -> actor.restartNow(reason, detail);
        if (delayMs <= 0) {
            execute(restart);
        } else {
            watchdog.schedule(() -> execute(restart), delayMs, TimeUnit.MILLISECONDS);
        }
    }

    /** A caller's shutdown: behind the queued messages; completes when the component has stopped. */
    public CompletionStage<Void> shutdown(ComponentId id) {
        ComponentActor a = actors.get(id);
        if (a == null) {
            return CompletableFuture.failedFuture(new UnknownComponentException(id));
        }
        try {
            return a.requestShutdown();
        } catch (WharfException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** An operator's restart: behind the queued messages, or at once out of Failed. */
    public void restart(ComponentId id) {
        ComponentActor a = actors.get(id);
        if (a == null) {
            throw new UnknownComponentException(id);
        }
        a.requestRestart(RestartRecord.Reason.OPERATOR, "restart asked by an operator");
    }

    /**
     * Checks the health of {@code actor} through its mailbox. Unhealthy results count towards a
     * restart once {@code threshold} of them come in a row; a check that gets no answer within
     * {@code timeoutMs} is unhealthy. At most one check per component is under way.
     */
    public CompletionStage<HealthStatus> checkHealth(ComponentActor actor, int threshold, long timeoutMs) {
        if (!actor.acceptsMessages() || actor.state() != ComponentState.READY) {
            return CompletableFuture.completedFuture(actor.stateHealth());
        }
        if (!actor.module().exportsFunction(ComponentActor.HEALTH)) {
            HealthStatus h = actor.stateHealth();
            actor.recordHealth(h, threshold);
            return CompletableFuture.completedFuture(h);
        }
        Reply<HealthStatus> result = new Reply<>();
        CompletableFuture<HealthStatus> running = actor.healthInFlight.compareAndExchange(null, result);
        if (running != null) {
            return running;
        }
        ScheduledFuture<?> expiry = watchdog.schedule(() -> {
            String why = "health check timed out after " + timeoutMs + " ms";
            if (result.complete(new HealthStatus.Unhealthy(why))) {
                actor.healthTimedOut(why, threshold);
            }
        }, timeoutMs, TimeUnit.MILLISECONDS);
        result.whenComplete((h, x) -> {
            expiry.cancel(false);
            actor.healthInFlight.compareAndSet(result, null);
        });
        try {
            actor.enqueueControl(new Envelope.Health(result, threshold));
        } catch (WharfException e) {
            result.complete(new HealthStatus.Unhealthy(e.getMessage()));
        }
        return result;
    }

    public DeadLetters deadLetters() {
        return deadLetters;
    }

    ArgumentCodec codec() {
        return codec;
    }

    int throughput() {
        return throughput;
    }

    System.Logger log() {
        return LOG;
    }

    void execute(Runnable task) {
        try {
            pool.execute(task);
        } catch (RejectedExecutionException e) {
            // the pool was replaced between the read and the call: use the new one
            pool.execute(task);
        }
    }

    private void checkDeadlines() {
        long now = System.nanoTime();
        for (ComponentActor a : actors.values()) {
            a.checkDeadline(now);
        }
        if (!pending.isEmpty()) {
            expirePending(now);
        }
    }
}
