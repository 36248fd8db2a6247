package dev.wharf.runtime.internal.capability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.ValType;
import dev.wharf.api.ComponentAttribute;
import dev.wharf.api.ComponentId;
import dev.wharf.api.ComponentLimits;
import dev.wharf.api.ComponentSpec;
import dev.wharf.api.InvalidComponentException;
import dev.wharf.api.ValueType;
import dev.wharf.runtime.internal.engine.CapabilityImport;
import dev.wharf.runtime.internal.guest.FakeModule;
import dev.wharf.spi.capability.Capability;
import dev.wharf.spi.capability.CapabilityAttribute;
import dev.wharf.spi.capability.CapabilityFunction;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The whiteboard's state: which provider serves, what a component waits for, which imports link. */
class CapabilityHostTest {

    final CapabilityHost host = new CapabilityHost(() -> null);

    static Capability provider(String... functions) {
        return () -> java.util.Arrays.stream(functions).map(f -> CapabilityFunction.i32(f, 3, (call, args) -> 0)).toList();
    }

    static Map<String, Object> props(String name, long id, int ranking) {
        return Map.of(Capability.NAME, name, "service.id", id, "service.ranking", ranking);
    }

    static ComponentSpec spec(String... capabilities) {
        return new ComponentSpec(ComponentId.of("c"), "c.wasm", List.of(), List.of(), ComponentLimits.DEFAULTS,
                EnumSet.noneOf(ComponentAttribute.class), List.of(capabilities), Map.of());
    }

    static FakeModule importing(String capability, String function, int params) {
        List<ValType> p = java.util.Collections.nCopies(params, ValType.I32);
        CapabilityImport imp = new CapabilityImport(capability, function, FunctionType.of(p, List.of(ValType.I32)),
                java.util.Collections.nCopies(params, ValueType.I32), List.of(ValueType.I32));
        return new FakeModule().importing(imp);
    }

    @Test
    void theHighestRankedProviderServesAndTheNextTakesOverWhenItGoes() {
        AtomicInteger changes = new AtomicInteger();
        host.onChange(changes::incrementAndGet);
        host.bindCapability(provider("get"), props("kv", 1, 0));
        host.bindCapability(provider("get", "set"), props("kv", 2, 10));
        assertThat(host.offered()).containsEntry("kv", List.of("get", "set"));
        host.unbindCapability(null, props("kv", 2, 10));
        assertThat(host.offered()).containsEntry("kv", List.of("get"));
        host.unbindCapability(null, props("kv", 1, 0));
        assertThat(host.present("kv")).isFalse();
        assertThat(changes.get()).isEqualTo(4);
    }

    @Test
    void aComponentMissesTheFirstDeclaredCapabilityWithoutProvider() {
        host.bindCapability(provider("get"), props("kv", 1, 0));
        assertThat(host.missing(spec("kv", "http", "config"))).contains("http");
        assertThat(host.missing(spec("kv"))).isEmpty();
    }

    @Test
    void aProviderWithABadNameOrDuplicateFunctionsIsIgnored() {
        host.bindCapability(provider("get"), props("Bad Name", 1, 0));
        host.bindCapability(provider("get", "get"), props("kv", 2, 0));
        assertThat(host.offered()).isEmpty();
    }

    @Test
    void importsAreCheckedAgainstTheDeclarationsAndThePresentProvider() {
        assertThatThrownBy(() -> host.checkLinks(importing("kv", "get", 3), spec(), "m"))
                .isInstanceOf(InvalidComponentException.class)
                .hasMessageContaining("imports 'wharf:kv.get'").hasMessageContaining("does not declare capability 'kv'");
        // declared, no provider yet: linked later, when one comes
        host.checkLinks(importing("kv", "get", 3), spec("kv"), "m");
        host.bindCapability(provider("get", "set"), props("kv", 1, 0));
        host.checkLinks(importing("kv", "get", 3), spec("kv"), "m");
        assertThatThrownBy(() -> host.checkLinks(importing("kv", "put", 3), spec("kv"), "m"))
                .hasMessageContaining("does not offer (it offers: get, set)");
        assertThatThrownBy(() -> host.checkLinks(importing("kv", "get", 2), spec("kv"), "m"))
                .hasMessageContaining("with signature (i32, i32) -> (i32)").hasMessageContaining("(i32, i32, i32) -> (i32)");
    }

    /** A provider of {@code name} whose attribute {@code attribute} takes positive numbers. */
    static Capability withAttribute(String attribute) {
        return new Capability() {
            @Override
            public List<CapabilityFunction> functions() {
                return List.of(CapabilityFunction.i32("get", 3, (call, args) -> 0));
            }

            @Override
            public List<CapabilityAttribute> attributes() {
                return List.of(new CapabilityAttribute(attribute, "a quota", v -> {
                    if (Long.parseLong(v) <= 0) {
                        throw new IllegalArgumentException("expected a positive number");
                    }
                }));
            }
        };
    }

    static ComponentSpec spec(Map<String, String> settings, String... capabilities) {
        return new ComponentSpec(ComponentId.of("c"), "c.wasm", List.of(), List.of(), ComponentLimits.DEFAULTS,
                EnumSet.noneOf(ComponentAttribute.class), List.of(capabilities), settings);
    }

    @Test
    void settingsAreCheckedByTheCapabilityThatDeclaresThem() {
        ComponentSpec quota = spec(Map.of("kv-max-bytes", "100"), "kv");
        // its capability has no provider yet: decided when one comes
        host.checkSettings(quota, "m");
        assertThatThrownBy(() -> host.checkSettings(spec(Map.of("colour", "red")), "m"))
                .isInstanceOf(InvalidComponentException.class).hasMessageContaining("m: unknown attribute 'colour'")
                .hasMessageContaining("known: id, receive-from");
        host.bindCapability(withAttribute("kv-max-bytes"), props("kv", 1, 0));
        host.checkSettings(quota, "m");
        assertThat(host.knownAttributes()).endsWith("capabilities, http-path, http-max-concurrent, instances, kv-max-bytes");
        assertThatThrownBy(() -> host.checkSettings(spec(Map.of("kv-max-bytes", "0"), "kv"), "m"))
                .hasMessageContaining("attribute 'kv-max-bytes' has invalid value '0': expected a positive number");
        assertThatThrownBy(() -> host.checkLinks(new FakeModule(), spec(Map.of("kv-max-byte", "1"), "kv"), "m"))
                .hasMessageContaining("unknown attribute 'kv-max-byte'");
        host.unbindCapability(null, props("kv", 1, 0));
        assertThat(host.knowsAttribute("kv-max-bytes")).isFalse();
    }

    @Test
    void aProviderClaimingARuntimeAttributeIsIgnored() {
        host.bindCapability(withAttribute("timeout-ms"), props("kv", 1, 0));
        assertThat(host.present("kv")).isFalse();
    }
}
