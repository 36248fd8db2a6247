package dev.wharf.runtime.internal.deploy;

import dev.wharf.api.ComponentMetadata;
import dev.wharf.api.ComponentRegistry;
import dev.wharf.api.ComponentSpec;
import dev.wharf.api.InvalidComponentException;
import dev.wharf.runtime.internal.actor.ActorSystem;
import dev.wharf.runtime.internal.actor.ComponentActor;
import dev.wharf.runtime.internal.actor.JavaActor;
import dev.wharf.runtime.internal.actor.MessageTarget;
import dev.wharf.runtime.internal.actor.Origin;
import dev.wharf.runtime.internal.capability.CapabilityHost;
import dev.wharf.runtime.internal.engine.WasmEngine;
import dev.wharf.runtime.internal.guest.GuestModule;
import java.util.Optional;
import java.util.function.Supplier;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;

/**
 * The checks of a component's clause against everything else before it is deployed, updated or
 * reconfigured: its id is free and not owned by another bundle, its limits are within the
 * engine's ceilings, its {@code http-path} is its own, its module links to the capabilities it
 * declares. Each refusal is an {@link InvalidComponentException} naming the bundle or
 * configuration, the component and the value.
 */
final class ClauseChecks {

    private final BundleContext context;
    private final ActorSystem system;
    private final WasmEngine engine;
    private final CapabilityHost capabilities;
    private final Supplier<ComponentRegistry> registry;

    /**
     * @param context the runtime's bundle context, to tell whether an id's owner is installed;
     *     {@code null} in tests, where no owner is
     * @param registry the registry now, or {@code null} while there is none
     */
    ClauseChecks(BundleContext context, ActorSystem system, WasmEngine engine, CapabilityHost capabilities,
            Supplier<ComponentRegistry> registry) {
        this.context = context;
        this.system = system;
        this.engine = engine;
        this.capabilities = capabilities;
        this.registry = registry;
    }

    /**
     * A new component from {@code origin}: its id is neither running nor owned by another bundle,
     * its limits and its {@code http-path} are acceptable.
     */
    void beforeDeploy(ComponentSpec spec, Origin origin) {
        system.actor(spec.id()).ifPresent(existing -> {
            throw duplicate(spec, origin, existing);
        });
        owner(spec, origin).ifPresent(m -> {
            throw new InvalidComponentException(origin + ": Wasm-Component id '" + spec.id() + "' is owned by "
                    + m.bundleSymbolicName() + " (bundle " + m.bundleId() + "); it is free once that bundle is uninstalled");
        });
        beforeSwap(spec, origin);
    }

    /** The update of a running component from {@code origin}: its limits and its {@code http-path}. */
    void beforeSwap(ComponentSpec spec, Origin origin) {
        engine.checkLimits(spec);
        HttpPaths.check(system, spec, origin.toString());
    }

    /**
     * The loaded {@code module} of {@code spec} against the capabilities it declares and the
     * instances it asks for.
     */
    void module(GuestModule module, ComponentSpec spec, String where) {
        capabilities.checkLinks(module, spec, where);
        instances(module, spec);
    }

    /**
     * A component whose instances keep a state of their own runs with one instance: N instances
     * would have N states, and none of them is the one to hand to a new version.
     */
    static void instances(GuestModule module, ComponentSpec spec) {
        int n = spec.limits().instances();
        if (n > 1 && module.keepsState()) {
            throw new InvalidComponentException("component '" + spec.id() + "' declares instances=" + n + " but exports "
                    + String.join(" and ", module.stateFunctions()) + ": each instance has its own memory, so there "
                    + "is no one state to hand to a new version; use instances=1 or drop the state functions");
        }
    }

    /**
     * The capabilities an update of a running component declares have providers now.
     *
     * @param from the version that goes on when they do not
     */
    void providersPresent(ComponentSpec spec, Origin origin, String from) {
        capabilities.missing(spec).ifPresent(c -> {
            throw new InvalidComponentException("component '" + spec.id() + "': version " + origin.version()
                    + " declares capability '" + c + "', which has no provider now; version " + from + " goes on");
        });
    }

    /**
     * A changed spec of a live component (an operator's override) against what the engine bounds,
     * the {@code http-path}s of the others, what its capabilities take and the instances its
     * module may have.
     */
    void override(ComponentSpec spec) {
        engine.checkLimits(spec);
        HttpPaths.check(system, spec, "configuration dev.wharf.component");
        capabilities.checkSettings(spec, "component '" + spec.id() + "'");
        system.actor(spec.id()).ifPresent(live -> instances(live.module(), spec));
    }

    /**
     * The bundle that keeps {@code spec}'s id from {@code origin}: the one whose component has it
     * now (until it stops), or the one whose symbolic name owns it (until it is uninstalled); empty
     * when the id is free.
     */
    Optional<DeploymentProblems.Holder> holder(ComponentSpec spec, Origin origin) {
        Optional<DeploymentProblems.Holder> running = system.actor(spec.id()).filter(a -> !a.origin().equals(origin))
                .map(a -> new DeploymentProblems.Holder(a.origin().bundleId(), false));
        if (running.isPresent()) {
            return running;
        }
        MessageTarget java = system.target(spec.id());
        if (java instanceof JavaActor j) {
            return Optional.of(new DeploymentProblems.Holder(j.source().bundleId(), false));
        }
        return owner(spec, origin).map(m -> new DeploymentProblems.Holder(m.bundleId(), true));
    }

    /**
     * The registry's entry of {@code spec}'s id when {@code origin}'s symbolic name has it: the
     * same component coming back, which keeps its history.
     */
    Optional<ComponentMetadata> history(ComponentSpec spec, Origin origin) {
        return Optional.ofNullable(registry.get()).flatMap(r -> r.lookup(spec.id()))
                .filter(m -> m.bundleSymbolicName().equals(origin.symbolicName()));
    }

    /**
     * The registry's entry of {@code spec}'s id when another bundle symbolic name owns it: the id
     * belongs to the symbolic name that first registered it, for as long as a bundle of that
     * name (the one in the entry) is installed, stopped or not, across restarts of the container.
     */
    private Optional<ComponentMetadata> owner(ComponentSpec spec, Origin origin) {
        ComponentRegistry r = registry.get();
        if (r == null) {
            return Optional.empty();
        }
        return r.lookup(spec.id()).filter(m -> !m.bundleSymbolicName().equals(origin.symbolicName())).filter(m -> {
            Bundle b = context == null ? null : context.getBundle(m.bundleId());
            return b != null && b.getState() != Bundle.UNINSTALLED && m.bundleSymbolicName().equals(b.getSymbolicName());
        });
    }

    static InvalidComponentException duplicate(ComponentSpec spec, Origin origin, ComponentActor existing) {
        return new InvalidComponentException(origin + ": Wasm-Component id '" + spec.id()
                + "' is a duplicate; it is already provided by " + existing.origin());
    }
}
