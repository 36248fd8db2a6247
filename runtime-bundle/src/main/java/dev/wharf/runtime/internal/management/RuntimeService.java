package dev.wharf.runtime.internal.management;

import dev.wharf.api.ComponentId;
import dev.wharf.api.ComponentMetadata;
import dev.wharf.api.ComponentRegistry;
import dev.wharf.api.HealthStatus;
import dev.wharf.api.RestartRecord;
import dev.wharf.api.StateChange;
import dev.wharf.api.UnknownComponentException;
import dev.wharf.api.runtime.ComponentInfo;
import dev.wharf.api.runtime.ComponentRuntime;
import dev.wharf.api.runtime.ComponentStats;
import dev.wharf.api.runtime.DeadLetter;
import dev.wharf.api.runtime.DeploymentProblem;
import dev.wharf.api.runtime.HealthReport;
import dev.wharf.runtime.internal.actor.ActorSystem;
import dev.wharf.runtime.internal.actor.ComponentActor;
import dev.wharf.runtime.internal.actor.JavaActor;
import dev.wharf.runtime.internal.actor.Watchdog;
import dev.wharf.runtime.internal.deploy.Deployer;
import dev.wharf.runtime.internal.health.HealthChecks;
import dev.wharf.runtime.internal.health.PeriodicHealthMonitor;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * The {@link ComponentRuntime} service: snapshots of the live components, completed by what the
 * registry remembers of the others.
 */
@Component(service = ComponentRuntime.class)
public final class RuntimeService implements ComponentRuntime {

    /** Used for a check while no health monitor is present: the monitor's defaults. */
    private static final int DEFAULT_THRESHOLD = 3;
    private static final long DEFAULT_TIMEOUT_MS = 1000;

    private final ActorSystem system;
    private final Deployer deployer;
    private final HealthChecks checks;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile ComponentRegistry registry;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile PeriodicHealthMonitor monitor;

    @Activate
    public RuntimeService(@Reference ActorSystem system, @Reference Deployer deployer, @Reference Watchdog watchdog) {
        // the Java components are in the actor system's table: no reference to their whiteboard needed
        this.system = system;
        this.deployer = deployer;
        this.checks = new HealthChecks(watchdog);
    }

    @Override
    public List<ComponentInfo> components() {
        TreeMap<ComponentId, ComponentInfo> all = new TreeMap<>();
        ComponentRegistry r = registry;
        if (r != null) {
            r.list().forEach(m -> all.put(m.id(), ComponentInfo.remembered(m)));
        }
        for (ComponentActor a : system.actors()) {
            all.put(a.id(), info(a));
        }
        for (JavaActor j : system.javaActors()) {
            all.put(j.id(), info(j));
        }
        return List.copyOf(all.values());
    }

    @Override
    public Optional<ComponentInfo> component(ComponentId id) {
        Optional<ComponentInfo> live = system.actor(id).map(RuntimeService::info);
        if (live.isPresent()) {
            return live;
        }
        if (system.target(id) instanceof JavaActor j) {
            return Optional.of(info(j));
        }
        ComponentRegistry r = registry;
        return r == null ? Optional.empty() : r.lookup(id).map(ComponentInfo::remembered);
    }

    /** A WebAssembly component, with its instances now (one per instance of its pool, by number). */
    private static ComponentInfo info(ComponentActor a) {
        ComponentMetadata m = a.metadata();
        return new ComponentInfo(m, true, a.mailboxDepth(), Optional.of(a.module().compiled()
                ? ComponentInfo.Engine.COMPILED : ComponentInfo.Engine.INTERPRETER), a.module().usesWasi(),
                a.consecutiveUnhealthy(), a.lastCheck(), Optional.of(a.module().kind()), a.instances());
    }

    /** A Java component: no module, no registry entry; it is ready while its service is registered. */
    private static ComponentInfo info(JavaActor j) {
        JavaActor.Source s = j.source();
        ComponentMetadata m = new ComponentMetadata(j.spec(), s.bundleId(), s.symbolicName(), s.version(), "", List.of(),
                j.state(), j.since(), Optional.of("Java component, service " + s.serviceId() + " ("
                        + j.handler().getClass().getName() + ")"), HealthStatus.HEALTHY, 0, j.since(), List.of());
        return new ComponentInfo(m, true, j.mailboxDepth(), Optional.of(ComponentInfo.Engine.JAVA), false, 0,
                Optional.empty(), Optional.of("java"), List.of());
    }

    @Override
    public List<ComponentStats> stats() {
        TreeMap<ComponentId, ComponentStats> all = new TreeMap<>();
        system.actors().forEach(a -> all.put(a.id(), a.stats()));
        system.javaActors().forEach(j -> all.put(j.id(), j.stats()));
        return List.copyOf(all.values());
    }

    @Override
    public Optional<ComponentStats> stats(ComponentId id) {
        Optional<ComponentStats> wasm = system.actor(id).map(ComponentActor::stats);
        return wasm.isPresent() ? wasm : system.target(id) instanceof JavaActor j ? Optional.of(j.stats()) : Optional.empty();
    }

    @Override
    public List<StateChange> history(ComponentId id) {
        ComponentRegistry r = registry;
        return r == null ? List.of() : r.history(id);
    }

    @Override
    public List<DeadLetter> deadLetters(int count) {
        if (count <= 0) {
            throw new IllegalArgumentException("count must be positive, got " + count);
        }
        return system.deadLetters().newest(count);
    }

    @Override
    public long deadLetterCount() {
        return system.deadLetters().total();
    }

    @Override
    public List<DeploymentProblem> problems() {
        return deployer.problems().all();
    }

    @Override
    public void restart(ComponentId id) {
        ComponentActor a = system.get(id);
        if (a == null) {
            throw new UnknownComponentException(id);
        }
        a.requestRestart(RestartRecord.Reason.OPERATOR, "restart asked by an operator");
    }

    @Override
    public CompletionStage<HealthReport> checkHealth(ComponentId id) {
        ComponentActor a = system.get(id);
        if (a == null) {
            return CompletableFuture.failedFuture(new UnknownComponentException(id));
        }
        PeriodicHealthMonitor m = monitor;
        CompletionStage<HealthStatus> check = m != null ? m.check(a) : checks.check(a, DEFAULT_THRESHOLD, DEFAULT_TIMEOUT_MS);
        return check.thenApply(status -> new HealthReport(a.id(), a.state(), status, a.consecutiveUnhealthy(),
                a.restartCount(), a.lastCheck()));
    }
}
