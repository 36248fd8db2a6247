package dev.wharf.runtime.internal.guest.component;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wharf.api.InvalidComponentException;
import dev.wharf.runtime.internal.component.binary.ComponentWorldTest;
import dev.wharf.runtime.internal.engine.WasmEngine;
import org.junit.jupiter.api.Test;

/** A component as a guest kind: its functions by name, with or without the interface's version, and its imports checked. */
class ComponentModuleTest {

    final WasmEngine engine = new WasmEngine(false, 1000);

    ComponentModule load(String name) {
        return ComponentModule.load(engine, ComponentWorldTest.component(name), 64, name + ".wasm", n -> false);
    }

    @Test
    void functionsAreNamedByWorldNameOrInterfaceHashFunction() {
        ComponentModule values = load("values");
        assertThat(values.kind()).isEqualTo("component");
        assertThat(values.function("add")).isNotNull();
        assertThat(values.function("wharf:test/values@0.1.0#id-point")).isNotNull();
        assertThat(values.function("wharf:test/values#id-point")).as("the version left out").isNotNull();
        assertThat(values.function("wharf:test/values#nope")).isNull();
        assertThat(values.describe()).contains("  export add: func(a: s32, b: s32) -> s32;", "  export wharf:test/values@0.1.0: interface {",
                "    id-point: func(v: record { x: f64, y: f64 }) -> record { x: f64, y: f64 };");
        assertThat(load("counter").describe()).contains("    resource counter;",
                "    [method]counter.get: func(self: borrow<counter>) -> u32;", "    make: func(start: u32) -> counter;");
    }

    @Test
    void anImportWharfDoesNotProvideIsADeployErrorNamingIt() {
        assertThatThrownBy(() -> load("hello-c")).isInstanceOf(InvalidComponentException.class)
                .hasMessageContaining("imports 'wasi:").hasMessageContaining("which Wharf does not provide");
        assertThat(ComponentModule.load(engine, ComponentWorldTest.component("hello-c"), 64, "hello-c.wasm",
                n -> n.startsWith("wasi:")).usesWasi()).isTrue();
    }
}
