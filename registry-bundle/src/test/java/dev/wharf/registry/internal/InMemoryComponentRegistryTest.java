package dev.wharf.registry.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.api.ComponentId;
import dev.wharf.api.ComponentLimits;
import dev.wharf.api.ComponentMetadata;
import dev.wharf.api.ComponentSpec;
import dev.wharf.api.ComponentState;
import dev.wharf.api.ExportSignature;
import dev.wharf.api.HealthStatus;
import dev.wharf.api.ValueType;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class InMemoryComponentRegistryTest {

    static ComponentMetadata entry(String id, ComponentState state, String export) {
        ComponentSpec spec = new ComponentSpec(ComponentId.of(id), id + ".wasm", List.of(), List.of(), ComponentLimits.DEFAULTS);
        return new ComponentMetadata(spec, 7, "b", "1.0.0", "00", List.of(new ExportSignature(export,
                List.of(ValueType.I32), List.of(ValueType.I32))), state, Instant.EPOCH, Optional.empty(),
                HealthStatus.HEALTHY, 0, Instant.EPOCH, List.of());
    }

    @Test
    void registersReplacesAndRemoves() {
        InMemoryComponentRegistry r = new InMemoryComponentRegistry();
        r.register(entry("b", ComponentState.READY, "add"));
        r.register(entry("a", ComponentState.STARTING, "mul"));
        r.register(entry("a", ComponentState.READY, "mul"));
        assertThat(r.list()).extracting(m -> m.id().value()).containsExactly("a", "b");
        assertThat(r.lookup(ComponentId.of("a"))).get().extracting(ComponentMetadata::state).isEqualTo(ComponentState.READY);
        assertThat(r.list(ComponentState.READY)).hasSize(2);
        assertThat(r.withExport("add")).extracting(m -> m.id().value()).containsExactly("b");
        assertThat(r.unregister(ComponentId.of("a"))).isTrue();
        assertThat(r.unregister(ComponentId.of("a"))).isFalse();
        assertThat(r.lookup(ComponentId.of("a"))).isEmpty();
    }
}
