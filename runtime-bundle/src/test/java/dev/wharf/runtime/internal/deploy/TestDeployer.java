package dev.wharf.runtime.internal.deploy;

import dev.wharf.api.ComponentAttribute;
import dev.wharf.api.ComponentId;
import dev.wharf.api.ComponentLimits;
import dev.wharf.api.ComponentMetadata;
import dev.wharf.api.ComponentSpec;
import dev.wharf.api.InvalidComponentException;
import dev.wharf.runtime.internal.actor.ActorSystem;
import dev.wharf.runtime.internal.actor.Harness;
import dev.wharf.runtime.internal.actor.Watchdog;
import dev.wharf.runtime.internal.capability.CapabilityHost;
import dev.wharf.runtime.internal.dispatch.MessageRouter;
import dev.wharf.runtime.internal.dispatch.PolicyGate;
import dev.wharf.runtime.internal.dispatch.PolicyGateConfig;
import dev.wharf.runtime.internal.engine.WasmEngine;
import dev.wharf.runtime.internal.guest.FakeModule;
import dev.wharf.runtime.internal.registry.RegistryPublisher;
import java.lang.annotation.Annotation;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The runtime's deploy path wired by hand, as SCR wires it, with a loader of fake guests: a
 * module's bytes are its name, and {@link #module} makes the guest those bytes load.
 */
public final class TestDeployer implements AutoCloseable {

    public final Watchdog watchdog = new Watchdog(1);
    public final ActorSystem system = new ActorSystem(watchdog, Harness.config(2, false), Map.of());
    public final PolicyGate gate = new PolicyGate(system, watchdog, new PolicyGateConfig() {
        @Override public Class<? extends Annotation> annotationType() { return PolicyGateConfig.class; }
        @Override public long policy$_$wait$_$ms() { return 1000; }
        @Override public int policy$_$wait$_$max() { return 10; }
    });
    public final MessageRouter router = new MessageRouter(system, gate, watchdog);
    public final RegistryPublisher publisher = new RegistryPublisher(system);
    public final CapabilityHost capabilities = new CapabilityHost(gate);
    /** The modules the fake loader knows, by the SHA-256 of their bytes. */
    private final Map<String, FakeModule> modules = new ConcurrentHashMap<>();
    public final List<ComponentMetadata> registered = new CopyOnWriteArrayList<>();
    public final Deployer deployer = new Deployer(null, system, new WasmEngine(false, 30_000), (bytes, pages, origin) -> {
        FakeModule m = modules.get(WasmEngine.sha256(bytes));
        if (m == null) {
            throw new InvalidComponentException(origin + " is not a module");
        }
        return m;
    }, router, gate, publisher, watchdog, capabilities, a -> registered.add(a.metadata()));

    /** The guest that the bytes of {@code name} load. */
    public FakeModule module(String name) {
        byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
        FakeModule m = new FakeModule(WasmEngine.sha256(bytes));
        modules.put(m.sha256(), m);
        return m;
    }

    public static ComponentSpec spec(String id, String... capabilities) {
        return new ComponentSpec(ComponentId.of(id), id + ".wasm", List.of(), List.of(), ComponentLimits.DEFAULTS,
                EnumSet.noneOf(ComponentAttribute.class), List.of(capabilities), Map.of());
    }

    @Override
    public void close() {
        deployer.deactivate();
        publisher.stop();
        watchdog.stop();
        system.shutdown();
    }
}
