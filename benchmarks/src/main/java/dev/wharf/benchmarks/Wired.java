package dev.wharf.benchmarks;

import dev.wharf.api.ComponentSpec;
import dev.wharf.runtime.internal.actor.ActorSystem;
import dev.wharf.runtime.internal.actor.ComponentActor;
import dev.wharf.runtime.internal.actor.DispatcherConfig;
import dev.wharf.runtime.internal.actor.Origin;
import dev.wharf.runtime.internal.actor.Watchdog;
import dev.wharf.runtime.internal.capability.CapabilityHost;
import dev.wharf.runtime.internal.deploy.Deployer;
import dev.wharf.runtime.internal.dispatch.MessageRouter;
import dev.wharf.runtime.internal.dispatch.PolicyGate;
import dev.wharf.runtime.internal.dispatch.PolicyGateConfig;
import dev.wharf.runtime.internal.engine.WasmEngine;
import dev.wharf.runtime.internal.handler.JavaComponents;
import dev.wharf.runtime.internal.registry.RegistryPublisher;
import dev.wharf.runtime.internal.telemetry.Telemetry;
import dev.wharf.spi.security.SecurityPolicy;
import java.lang.annotation.Annotation;
import java.util.Map;

/** The runtime's DS components, wired by hand as SCR wires them, for benchmarks outside OSGi. */
record Wired(ActorSystem system, Watchdog watchdog, PolicyGate gate, MessageRouter router, RegistryPublisher publisher,
        Deployer deployer, CapabilityHost capabilities, JavaComponents javaComponents) {

    /** How long a benchmark's synchronous call waits at most. */
    static final java.time.Duration WAIT = java.time.Duration.ofSeconds(30);

    static Wired start(int threads, SecurityPolicy policy) {
        return start(threads, policy, new WasmEngine(true, WasmEngine.DEFAULT_MAX_TIMEOUT_MS));
    }

    static Wired start(int threads, SecurityPolicy policy, WasmEngine engine) {
        return start(threads, policy, engine, new Telemetry());
    }

    static Wired start(int threads, SecurityPolicy policy, WasmEngine engine, Telemetry telemetry) {
        Watchdog watchdog = new Watchdog(5);
        ActorSystem system = new ActorSystem(watchdog, telemetry, config(threads), Map.of());
        PolicyGate gate = new PolicyGate(system, watchdog, gateConfig());
        gate.bindPolicy(policy);
        MessageRouter router = new MessageRouter(system, gate, watchdog);
        RegistryPublisher publisher = new RegistryPublisher(system);
        CapabilityHost capabilities = new CapabilityHost(gate);
        Deployer deployer = new Deployer(null, system, engine, router,
                gate, publisher, watchdog, capabilities, actor -> {});
        JavaComponents javaComponents = new JavaComponents(null, system, router, watchdog, deployer);
        return new Wired(system, watchdog, gate, router, publisher, deployer, capabilities, javaComponents);
    }

    ComponentActor deploy(ComponentSpec spec, byte[] module) {
        return deployer.deploy(spec, Map.of("id", spec.id().value()), module, new Origin(0, "benchmark", "0"));
    }

    void shutdown() {
        for (ComponentActor a : system.actors()) {
            deployer.undeploy(a);
        }
        publisher.stop();
        watchdog.stop();
        system.shutdown();
    }

    static DispatcherConfig config(int threads) {
        return new DispatcherConfig() {
            @Override public Class<? extends Annotation> annotationType() { return DispatcherConfig.class; }
            @Override public int threads() { return threads; }
            @Override public int throughput() { return 64; }
            @Override public long drain$_$timeout$_$ms() { return 5000; }
            @Override public long spin$_$us() { return Long.getLong("wharf.spin-us", 50); }
            @Override public boolean caller$_$runs() { return Boolean.parseBoolean(System.getProperty("wharf.caller-runs", "true")); }
            @Override public int max$_$threads() { return 0; }
            @Override public long blocked$_$after$_$ms() { return 20; }
            @Override public int max$_$capability$_$calls() { return 256; }
            @Override public long instance$_$idle$_$ms() { return 30_000; }
        };
    }

    static PolicyGateConfig gateConfig() {
        return new PolicyGateConfig() {
            @Override public Class<? extends Annotation> annotationType() { return PolicyGateConfig.class; }
            @Override public long policy$_$wait$_$ms() { return 5000; }
            @Override public int policy$_$wait$_$max() { return 10_000; }
        };
    }
}
