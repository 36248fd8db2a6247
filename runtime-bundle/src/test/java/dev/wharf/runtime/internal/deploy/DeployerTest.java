package dev.wharf.runtime.internal.deploy;

import static dev.wharf.runtime.internal.actor.Harness.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wharf.api.ComponentAttribute;
import dev.wharf.api.ComponentId;
import dev.wharf.api.ComponentLimits;
import dev.wharf.api.ComponentMetadata;
import dev.wharf.api.ComponentSpec;
import dev.wharf.api.ComponentState;
import dev.wharf.api.GuestTrapException;
import dev.wharf.api.InvalidComponentException;
import dev.wharf.runtime.internal.actor.ActorSystem;
import dev.wharf.runtime.internal.actor.ComponentActor;
import dev.wharf.runtime.internal.actor.Origin;
import dev.wharf.runtime.internal.capability.CapabilityHost;
import dev.wharf.runtime.internal.guest.FakeGuest;
import dev.wharf.runtime.internal.guest.FakeModule;
import dev.wharf.spi.capability.Capability;
import dev.wharf.spi.capability.CapabilityFunction;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Deploy, wait for capabilities, update, undeploy, with fake guests loaded by a fake loader. */
class DeployerTest {

    static final Origin V1 = new Origin(3, "demo", "1.0.0");
    static final Origin V2 = new Origin(3, "demo", "2.0.0");

    final TestDeployer t = new TestDeployer();
    final Deployer deployer = t.deployer;
    final ActorSystem system = t.system;
    final CapabilityHost capabilities = t.capabilities;
    final List<ComponentMetadata> registered = t.registered;

    @AfterEach
    void close() {
        t.close();
    }

    static ComponentSpec spec(String id, String... capabilities) {
        return TestDeployer.spec(id, capabilities);
    }

    FakeModule module(String name) {
        return t.module(name);
    }

    ComponentActor deploy(ComponentSpec spec, String module, Origin origin) {
        return deployer.deploy(spec, Map.of("id", spec.id().value()), module.getBytes(StandardCharsets.UTF_8), origin);
    }

    @Test
    void aDeployedComponentIsReadyAndInTheTableAndADuplicateIsRefused() {
        FakeModule m = module("m1");
        ComponentActor a = deploy(spec("c"), "m1", V1);
        assertThat(a.state()).isEqualTo(ComponentState.READY);
        assertThat(system.get(ComponentId.of("c"))).isSameAs(a);
        assertThat(registered).extracting(ComponentMetadata::state).contains(ComponentState.READY);
        assertThatThrownBy(() -> deploy(spec("c"), "m1", new Origin(4, "other", "1.0.0")))
                .isInstanceOf(InvalidComponentException.class).hasMessageContaining("duplicate")
                .hasMessageContaining("bundle 3 (demo)");
        assertThat(m.live()).isEqualTo(1);
    }

    @Test
    void aComponentThatCannotStartLeavesNothingBehind() {
        FakeModule m = module("bad");
        m.script = new FakeModule.Script() {
            @Override
            public void initialize(FakeGuest g) {
                throw new IllegalStateException("init trapped");
            }
        };
        assertThatThrownBy(() -> deploy(spec("c"), "bad", V1)).isInstanceOf(GuestTrapException.class);
        assertThat(system.get(ComponentId.of("c"))).isNull();
        assertThat(m.live()).isZero();
        assertThatThrownBy(() -> deploy(spec("d"), "none", V1)).hasMessageContaining("is not a module");
        assertThatThrownBy(() -> deploy(new ComponentSpec(ComponentId.of("e"), "e.wasm", List.of(), List.of(),
                ComponentLimits.DEFAULTS, EnumSet.noneOf(ComponentAttribute.class), List.of(), Map.of("colour", "red")),
                "bad", V1)).hasMessageContaining("unknown attribute 'colour'");
    }

    @Test
    void aComponentWaitsForItsCapabilityAndStartsWhenAProviderComes() throws Exception {
        module("m1");
        ComponentActor a = deploy(spec("c", "kv"), "m1", V1);
        assertThat(a.state()).isEqualTo(ComponentState.STARTING);
        assertThat(a.reason()).contains("waiting for capability 'kv'");
        Capability kv = () -> List.of(CapabilityFunction.i32("get", 3, (call, args) -> 0));
        capabilities.bindCapability(kv, Map.of(Capability.NAME, "kv", "service.id", 1L));
        assertThat(eventually(() -> a.state() == ComponentState.READY)).isTrue();
    }

    @Test
    void anUpdateSwapsTheModuleInPlaceAndARefusedOneLeavesTheOldVersionServing() {
        module("m1");
        FakeModule m2 = module("m2");
        FakeModule broken = module("broken");
        broken.script = new FakeModule.Script() {
            @Override
            public void initialize(FakeGuest g) {
                throw new IllegalStateException("v3 traps");
            }
        };
        ComponentActor a = deploy(spec("c"), "m1", V1);
        deployer.swap(a, spec("c"), Map.of("id", "c"), "m2".getBytes(StandardCharsets.UTF_8), V2);
        assertThat(a.module()).isSameAs(m2);
        assertThat(a.reason()).contains("updated 1.0.0 -> 2.0.0");
        assertThatThrownBy(() -> deployer.swap(a, spec("c"), Map.of("id", "c"), "broken".getBytes(StandardCharsets.UTF_8),
                new Origin(3, "demo", "3.0.0"))).isInstanceOf(GuestTrapException.class).hasMessageContaining("v3 traps");
        assertThat(a.module()).isSameAs(m2);
        assertThat(a.state()).isEqualTo(ComponentState.READY);
        assertThat(broken.live()).isZero();
    }

    static ComponentSpec withInstances(String id, int instances) {
        ComponentLimits d = ComponentLimits.DEFAULTS;
        return new ComponentSpec(ComponentId.of(id), id + ".wasm", List.of(), List.of(), new ComponentLimits(
                d.maxMessageSize(), d.rateLimit(), d.memoryMaxPages(), d.timeoutMs(), d.mailbox(), d.restart(),
                d.maxRestarts(), d.restartWindowMs(), instances), EnumSet.of(ComponentAttribute.INSTANCES), List.of(), Map.of());
    }

    @Test
    void aComponentKeepingStateIsRefusedMoreThanOneInstanceAtDeployUpdateAndOverride() {
        FakeModule stateful = module("stateful");
        stateful.savesState = true;
        stateful.restoresState = true;
        module("plain");
        assertThatThrownBy(() -> deploy(withInstances("c", 4), "stateful", V1))
                .isInstanceOf(InvalidComponentException.class)
                .hasMessage("component 'c' declares instances=4 but exports save and restore: each instance has its own "
                        + "memory, so there is no one state to hand to a new version; use instances=1 or drop the "
                        + "state functions");
        assertThat(system.get(ComponentId.of("c"))).isNull();
        assertThat(stateful.live()).isZero();

        ComponentActor plain = deploy(withInstances("p", 2), "plain", V1);
        assertThatThrownBy(() -> deployer.swap(plain, withInstances("p", 2), Map.of("id", "p"),
                "stateful".getBytes(StandardCharsets.UTF_8), V2)).isInstanceOf(InvalidComponentException.class)
                .hasMessageContaining("component 'p' declares instances=2 but exports save and restore");
        assertThat(plain.origin()).isEqualTo(V1);

        ComponentActor one = deploy(spec("s"), "stateful", V1);
        assertThat(one.state()).isEqualTo(ComponentState.READY);
        assertThatThrownBy(() -> deployer.checkSpec(withInstances("s", 3))).isInstanceOf(InvalidComponentException.class)
                .hasMessageContaining("component 's' declares instances=3");
        deployer.checkSpec(withInstances("p", 8));
    }

    @Test
    void anUndeployedComponentIsStoppedForgottenAndItsProblemsCleared() {
        FakeModule m = module("m1");
        ComponentActor a = deploy(spec("c"), "m1", V1);
        ComponentActor b = deploy(spec("d"), "m1", V1);
        deployer.problems().report(V1, "x", "x.wasm", "a problem of the bundle", null);
        deployer.undeployAll(V1.bundleId(), new CopyOnWriteArrayList<>(List.of(a, b)), true);
        assertThat(a.state()).isEqualTo(ComponentState.STOPPED);
        assertThat(b.state()).isEqualTo(ComponentState.STOPPED);
        assertThat(system.actors()).isEmpty();
        assertThat(m.live()).isZero();
        assertThat(deployer.problems().all()).isEmpty();
        assertThat(m.events).containsSubsequence("2:cleanup", "1:cleanup");
    }
}
