package dev.wharf.runtime.internal.deploy;

import dev.wharf.api.ComponentMetadata;
import dev.wharf.api.ComponentRegistry;
import dev.wharf.api.ComponentSpec;
import dev.wharf.api.Delivery;
import dev.wharf.api.InvalidComponentException;
import dev.wharf.api.RestartRecord;
import dev.wharf.api.WharfException;
import dev.wharf.runtime.internal.actor.ActorServices;
import dev.wharf.runtime.internal.actor.ActorSystem;
import dev.wharf.runtime.internal.actor.Carried;
import dev.wharf.runtime.internal.actor.ComponentActor;
import dev.wharf.runtime.internal.actor.Origin;
import dev.wharf.runtime.internal.actor.Watchdog;
import dev.wharf.runtime.internal.capability.CapabilityHost;
import dev.wharf.runtime.internal.service.ComponentServices;
import dev.wharf.runtime.internal.dispatch.MessageRouter;
import dev.wharf.runtime.internal.dispatch.PolicyGate;
import dev.wharf.runtime.internal.guest.Guest;
import dev.wharf.runtime.internal.guest.GuestKinds;
import dev.wharf.runtime.internal.guest.GuestLoader;
import dev.wharf.runtime.internal.guest.GuestModule;
import dev.wharf.runtime.internal.handover.RuntimeHandover;
import dev.wharf.runtime.internal.handover.Takeover;
import dev.wharf.runtime.internal.actor.Envelope;
import dev.wharf.runtime.internal.engine.WasmEngine;
import dev.wharf.runtime.internal.events.ComponentEvents;
import dev.wharf.runtime.internal.registry.RegistryPublisher;
import java.lang.System.Logger.Level;
import org.osgi.framework.BundleContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * Brings components to life and takes them down: loads the module, creates the actor, starts it,
 * and reports what could not be deployed. It works on the caller's thread (the extender's), so
 * when a bundle's start returns its components are ready, registered, or their problems known.
 */
@Component(service = Deployer.class)
public final class Deployer {

    private static final System.Logger LOG = System.getLogger("dev.wharf.runtime");
    /** How long a deploy or undeploy waits for the registry to have written it. */
    private static final long PUBLISH_WAIT_MS = 5000;

    private final ActorSystem system;
    private final GuestLoader loader;
    private final PolicyGate gate;
    private final RegistryPublisher publisher;
    private final ActorServices services;
    private final ComponentEvents events;
    private final DeploymentProblems problems = new DeploymentProblems();
    // what the previous runtime left, taken by each component as it is deployed
    private final Takeover takeover;
    // told the bundle of components that went: bundles waiting for their ids try again
    private volatile LongConsumer released = bundleId -> { };
    // handed over to the next runtime: not stopped again as its bundle's tracking ends
    private final Set<ComponentActor> handedOver = ConcurrentHashMap.newKeySet();

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile ComponentRegistry registry;

    private final CapabilityHost capabilities;
    private final CapabilityWaits waits;
    private final ClauseChecks checks;
    private final Runnable providersChanged;

    @Activate
    public Deployer(BundleContext context, @Reference ActorSystem system, @Reference WasmEngine engine,
            @Reference MessageRouter router, @Reference PolicyGate gate, @Reference RegistryPublisher publisher,
            @Reference Watchdog watchdog, @Reference CapabilityHost capabilities, @Reference ComponentServices registrations,
            @Reference ComponentEvents events) {
        this(context, system, engine, new GuestKinds(engine), router, gate, publisher, watchdog, capabilities, registrations,
                events);
    }

    /** Wired by hand (benchmarks): {@code registrations} is told of every change of a live component. */
    public Deployer(BundleContext context, ActorSystem system, WasmEngine engine, MessageRouter router, PolicyGate gate,
            RegistryPublisher publisher, Watchdog watchdog, CapabilityHost capabilities,
            Consumer<ComponentActor> registrations) {
        this(context, system, engine, new GuestKinds(engine), router, gate, publisher, watchdog, capabilities, registrations);
    }

    /**
     * With the kinds of guest {@code loader} knows: tests load fake guests. Not public, as the next
     * one: SCR picks the public constructor by its number of arguments.
     */
    Deployer(BundleContext context, ActorSystem system, WasmEngine engine, GuestLoader loader, MessageRouter router,
            PolicyGate gate, RegistryPublisher publisher, Watchdog watchdog, CapabilityHost capabilities,
            Consumer<ComponentActor> registrations) {
        this(context, system, engine, loader, router, gate, publisher, watchdog, capabilities, registrations,
                new ComponentEvents());
    }

    /** With {@code events} told of what happens to components (EventAdmin's topics). */
    Deployer(BundleContext context, ActorSystem system, WasmEngine engine, GuestLoader loader, MessageRouter router,
            PolicyGate gate, RegistryPublisher publisher, Watchdog watchdog, CapabilityHost capabilities,
            Consumer<ComponentActor> registrations, ComponentEvents events) {
        this.system = system;
        this.loader = loader;
        this.gate = gate;
        this.publisher = publisher;
        this.capabilities = capabilities;
        this.events = events;
        // a change reaches the registry, the component's OSGi service and EventAdmin
        this.services = new ActorServices(system, watchdog, router, publisher.andThen(registrations).andThen(events),
                router.codec(), engine::logLimits, capabilities);
        this.checks = new ClauseChecks(context, system, engine, capabilities, () -> registry);
        this.waits = new CapabilityWaits(capabilities, this::startWaiting);
        this.providersChanged = waits::recheck;
        capabilities.onChange(providersChanged);
        this.takeover = new Takeover(RuntimeHandover.take(context), system.deadLetters());
    }

    /** Stops whatever is still running: the extender normally stopped everything before. */
    @Deactivate
    void deactivate() {
        capabilities.removeListener(providersChanged);
        for (ComponentActor a : system.actors()) {
            undeploy(a);
        }
    }

    /**
     * Loads, instantiates and starts a component. On return it is {@code READY}.
     *
     * @throws WharfException naming what prevented it (invalid module, duplicate id, trap in
     *     {@code _initialize}, ...); nothing of it stays behind
     */
    public ComponentActor deploy(ComponentSpec spec, Map<String, String> headerAttributes, byte[] moduleBytes,
            Origin origin) {
        String where = "module " + spec.modulePath() + " of component '" + spec.id() + "' in " + origin;
        checks.beforeDeploy(spec, origin);
        GuestModule module = loader.load(moduleBytes, spec.limits().memoryMaxPages(), where);
        checks.module(module, spec, where);
        // the same component coming back (a restart of the container, an update of its bundle)
        // keeps its history: first-installed time and restarts
        Optional<ComponentMetadata> known = checks.history(spec, origin);
        ComponentActor actor = new ComponentActor(services, spec, headerAttributes, module, origin,
                known.map(ComponentMetadata::firstInstalled).orElse(Instant.now()),
                known.map(ComponentMetadata::restartCount).orElse(0),
                known.map(ComponentMetadata::restarts).orElse(List.<RestartRecord>of()));
        ComponentActor existing = system.add(actor);
        if (existing != null) {
            throw ClauseChecks.duplicate(spec, origin, existing);
        }
        services.watchdog().watch(actor.guard());
        if (waits.waitIfMissing(actor)) {
            publisher.await(publisher.publish(actor.metadata()), PUBLISH_WAIT_MS);
            LOG.log(Level.INFO, "component " + spec.id() + " is " + actor.reason().orElse("waiting")
                    + " (" + where + ")");
            events.deployed(actor);
            return actor;
        }
        publisher.publish(actor.metadata()); // STARTING
        Carried carried = takeover.take(actor);
        try {
            actor.start(carried);
        } catch (RuntimeException e) {
            forget(actor);
            // it never came to life: its problem is reported, a registry entry would mislead
            publisher.await(known.map(publisher::publish).orElseGet(() -> publisher.remove(spec.id())), PUBLISH_WAIT_MS);
            throw e;
        }
        publisher.await(publisher.publish(actor.metadata()), PUBLISH_WAIT_MS);
        events.deployed(actor);
        LOG.log(Level.INFO, "component " + spec.id() + " is ready (" + where + ", "
                + module.engineLabel() + ")" + (carried == null ? "" : "; " + takeover.describe(carried)));
        return actor;
    }

    /** Starts a component that waited for its capabilities, on the dispatcher pool. */
    private void startWaiting(ComponentActor actor) {
        system.execute(() -> {
            if (!system.isCurrent(actor)) {
                return;
            }
            String where = "module " + actor.spec().modulePath() + " of component '" + actor.id() + "' in " + actor.origin();
            if (actor.startAfterWaiting(() -> checks.module(actor.module(), actor.spec(), where))) {
                LOG.log(Level.INFO, "component " + actor.id() + " is ready: its capabilities are present (" + where + ")");
            }
        });
    }

    /** The bundle that keeps {@code spec}'s id from {@code origin}, if any: {@link ClauseChecks#holder}. */
    public Optional<DeploymentProblems.Holder> holder(ComponentSpec spec, Origin origin) {
        return checks.holder(spec, origin);
    }

    /**
     * Swaps a running component to the module and declarations of its bundle's update: the new
     * module is loaded, instantiated and initialised beside the running instance, then takes over
     * in turn with the messages (with the state, when both versions export the state functions).
     * The id stays served throughout. When anything fails, the running instance goes on.
     *
     * @throws WharfException why the update was refused; the component is as it was
     */
    public void swap(ComponentActor actor, ComponentSpec spec, Map<String, String> headerAttributes, byte[] moduleBytes,
            Origin origin) {
        String from = actor.origin().version();
        String where = "module " + spec.modulePath() + " of component '" + spec.id() + "' in " + origin;
        checks.beforeSwap(spec, origin);
        GuestModule module = loader.load(moduleBytes, spec.limits().memoryMaxPages(), where);
        checks.module(module, spec, where);
        if (waits.isWaiting(actor)) {
            // nothing runs yet: the update is simply what it will start with
            actor.replace(module, spec, headerAttributes, origin);
            waits.recheck();
            publisher.await(publisher.publish(actor.metadata()), PUBLISH_WAIT_MS);
            events.swapped(actor, from);
            return;
        }
        checks.providersPresent(spec, origin, from);
        Guest fresh = actor.prepareSwap(module, spec);
        CompletableFuture<Long> done = new CompletableFuture<>();
        Envelope.Swap swap = new Envelope.Swap(fresh, module, spec, headerAttributes, origin, done);
        if (actor.enqueueControl(swap) instanceof Delivery.Refused r) {
            fresh.close();
            throw r.error();
        }
        long paused = SwapWait.await(swap, done, fresh, spec, system.drainTimeoutMs() + spec.limits().timeoutMs() * 3);
        actor.note("updated " + from + " -> " + origin.version());
        publisher.await(publisher.publish(actor.metadata()), PUBLISH_WAIT_MS);
        events.swapped(actor, from);
        LOG.log(Level.INFO, "component " + spec.id() + " updated " + from + " -> " + origin.version() + " ("
                + module.engineLabel() + "; delivery paused "
                + TimeUnit.NANOSECONDS.toMicros(paused) + " us)");
    }

    /**
     * The update of {@code actor} to {@code update} was refused, for {@code why}: the running
     * version goes on, and its history and EventAdmin tell of it.
     */
    public void updateRefused(ComponentActor actor, Origin update, String why) {
        actor.note(why);
        events.updateRefused(actor, update.version(), why);
    }

    /**
     * Stops the components {@code actors} of bundle {@code bundleId}, the last deployed first, and
     * forgets the bundle's problems.
     *
     * @param keepEntries whether registry entries stay, stopped (not when the bundle is uninstalled)
     */
    public void undeployAll(long bundleId, List<ComponentActor> actors, boolean keepEntries) {
        synchronized (actors) {
            List<ComponentActor> reversed = new ArrayList<>(actors);
            Collections.reverse(reversed);
            for (ComponentActor a : reversed) {
                stop(a, keepEntries);
            }
            problems.clear(bundleId);
        }
        // outside the lock: a bundle that waited for one of these ids deploys now
        released.accept(bundleId);
    }

    /** Drains and stops {@code actor}, then forgets it; its registry entry stays, stopped, with its history. */
    public void undeploy(ComponentActor actor) {
        undeploy(actor, true);
    }

    /**
     * Drains and stops {@code actor}, then forgets it.
     *
     * @param keepEntry whether its registry entry stays, stopped; not when its bundle is already
     *     uninstalled (the registry dropped the entry then, and it must not come back)
     */
    public void undeploy(ComponentActor actor, boolean keepEntry) {
        if (stop(actor, keepEntry)) {
            released.accept(actor.origin().bundleId());
        }
    }

    /** {@link #undeploy(ComponentActor, boolean)} without telling of the id it frees; returns whether it stopped it. */
    private boolean stop(ComponentActor actor, boolean keepEntry) {
        if (handedOver.remove(actor)) {
            return false; // the next runtime serves it on
        }
        waits.forget(actor);
        actor.stop(system.drainTimeoutMs());
        events.undeployed(actor);
        forget(actor);
        long ticket = keepEntry ? publisher.publish(actor.metadata()) : publisher.remove(actor.id());
        publisher.await(ticket, PUBLISH_WAIT_MS);
        LOG.log(Level.INFO, "component " + actor.id() + " stopped");
        return true;
    }

    /**
     * {@code listener} is told the bundle id of the components that go (its ids are free then),
     * also when the bundle itself did not stop: an update that drops a clause, an update that
     * did not come back in time.
     */
    public void onRelease(LongConsumer listener) {
        released = listener;
    }

    /**
     * The runtime bundle is being updated: every serving component is handed over to the next
     * runtime, its state and queued messages with it ({@link RuntimeHandover}).
     */
    public void handOver(BundleContext runtime) {
        for (ComponentActor a : RuntimeHandover.handOver(runtime, system.actors(), system.drainTimeoutMs(),
                runtime.getBundle().getVersion().toString())) {
            handedOver.add(a);
            events.forget(a);
            forget(a);
        }
    }

    /** The bundles present when this runtime started are deployed: the takeover from the previous one is over. */
    public void takeoverEnded() {
        takeover.end();
    }

    private void forget(ComponentActor actor) {
        system.remove(actor);
        services.watchdog().unwatch(actor.guard());
        gate.forget(actor.id());
    }

    /**
     * Checks a changed spec of a live component (an operator's override): {@link ClauseChecks#override}.
     *
     * @throws InvalidComponentException naming the value and what is wrong with it
     */
    public void checkSpec(ComponentSpec spec) {
        checks.override(spec);
    }

    /** Runs {@code task} on the watchdog's timer after {@code delayMs}. */
    public void later(Runnable task, long delayMs) {
        services.watchdog().schedule(task, delayMs);
    }

    /** What could not be deployed, by whom. */
    public DeploymentProblems problems() {
        return problems;
    }
}
