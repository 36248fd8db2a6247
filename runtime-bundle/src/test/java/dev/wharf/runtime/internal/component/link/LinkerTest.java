package dev.wharf.runtime.internal.component.link;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wharf.runtime.internal.component.WitValue;
import dev.wharf.runtime.internal.component.WitValue.Int;
import dev.wharf.runtime.internal.component.WitValue.Str;
import dev.wharf.runtime.internal.component.binary.ComponentParser;
import dev.wharf.runtime.internal.component.binary.ComponentWorldTest;
import dev.wharf.runtime.internal.component.binary.MalformedComponentException;
import dev.wharf.runtime.internal.engine.WasmEngine;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Components built by jco's wasm-tools, instantiated on Chicory by the linker and called through
 * the canonical ABI: world functions, interface functions in nested components, every value type,
 * more than 16 flat parameters, a resource with its destructor, the other string encodings.
 */
class LinkerTest {

    final WasmEngine engine = new WasmEngine(true, 1000);
    final List<Linking> linkings = new ArrayList<>();

    @AfterEach
    void close() {
        linkings.forEach(Linking::close);
    }

    Map<String, Object> instantiate(String name) {
        Linking l = new Linking(engine, 64, name + ".wasm", new CanonicalFunctions());
        linkings.add(l);
        return Linker.instantiate(ComponentParser.parse(ComponentWorldTest.component(name)), n -> null, l);
    }

    static ComponentFunction func(Map<String, Object> exports, String name) {
        return (ComponentFunction) exports.get(name);
    }

    @SuppressWarnings("unchecked")
    static ComponentFunction func(Map<String, Object> exports, String iface, String name) {
        return (ComponentFunction) ((Map<String, Object>) exports.get(iface)).get(name);
    }

    @Test
    void aWorldFunctionTakesAndGivesAString() {
        ComponentFunction echo = func(instantiate("echo"), "echo");
        assertThat(echo.call(List.of(new Str("hello")))).containsExactly(new Str("hello"));
        assertThat(echo.call(List.of(new Str("")))).containsExactly(new Str(""));
        String big = "wörld ✓ ".repeat(20_000);
        assertThat(echo.call(List.of(new Str(big)))).containsExactly(new Str(big));
    }

    @Test
    void interfaceFunctionsOfEveryValueTypeGiveTheirArgumentBack() {
        Map<String, Object> values = instantiate("values");
        assertThat(func(values, "add").call(List.of(new Int(2), new Int(3)))).containsExactly(new Int(5));
        String iface = "wharf:test/values@0.1.0";
        List<Object[]> cases = List.of(
                new Object[] {"id-bool", new WitValue.Bool(true)},
                new Object[] {"id-s8", new Int(-128)},
                new Object[] {"id-u64", new Int(-1)},
                new Object[] {"id-f64", new WitValue.F64(-0.5)},
                new Object[] {"id-char", new WitValue.Char(0x1F980)},
                new Object[] {"id-string", new Str("hé")},
                new Object[] {"id-strings", new WitValue.ListValue(List.of(new Str("a"), new Str("bc")))},
                new Object[] {"id-point", new WitValue.RecordValue(List.of(new WitValue.F64(1), new WitValue.F64(2)))},
                new Object[] {"id-tuple", new WitValue.TupleValue(List.of(new Int(7), new Str("x")))},
                new Object[] {"id-shape", new WitValue.VariantValue(1, new Int(9))},
                new Object[] {"id-color", new WitValue.EnumValue(2)},
                new Object[] {"id-option", new WitValue.OptionValue(new Int(4))},
                new Object[] {"id-option", WitValue.OptionValue.NONE},
                new Object[] {"id-result", new WitValue.ResultValue(false, new Str("e"))},
                new Object[] {"id-perms", new WitValue.FlagsValue(0b101)});
        for (Object[] c : cases) {
            WitValue v = (WitValue) c[1];
            assertThat(func(values, iface, (String) c[0]).call(List.of(v))).as((String) c[0]).containsExactly(v);
        }
    }

    @Test
    void seventeenParametersGoThroughMemory() {
        List<WitValue> args = new ArrayList<>();
        for (int i = 1; i <= 17; i++) {
            args.add(new Int(i));
        }
        assertThat(func(instantiate("values"), "wharf:test/values@0.1.0", "sum-many").call(args))
                .containsExactly(new Int(153));
    }

    @Test
    void aResourceIsMadeCalledAndDroppedWithItsDestructor() {
        Map<String, Object> c = instantiate("counter");
        String iface = "wharf:test/counters@0.1.0";
        WitValue counter = func(c, iface, "make").call(List.of(new Int(5))).get(0);
        func(c, iface, "[method]counter.increment").call(List.of(counter));
        assertThat(func(c, iface, "[method]counter.get").call(List.of(counter))).containsExactly(new Int(6));
        assertThat(func(c, iface, "live").call(List.of())).containsExactly(new Int(1));
        assertThat(func(c, iface, "finish").call(List.of(counter))).containsExactly(new Int(6));
        assertThat(func(c, iface, "live").call(List.of())).as("the destructor ran").containsExactly(new Int(0));
    }

    @Test
    void stringsInUtf16AndLatin1PlusUtf16() {
        assertThat(func(instantiate("strings-utf16"), "shout").call(List.of(new Str("hello, wörld ✓ 🦀"))))
                .containsExactly(new Str("HELLO, WöRLD ✓ 🦀"));
        ComponentFunction latin1 = func(instantiate("strings-latin1"), "shout");
        assertThat(latin1.call(List.of(new Str("grüße")))).containsExactly(new Str("GRüßE"));
        assertThat(latin1.call(List.of(new Str("snow ☃")))).containsExactly(new Str("SNOW ☃"));
    }

    @Test
    void anImportNotGivenIsNamed() {
        Linking l = new Linking(engine, 64, "hello-c.wasm", new CanonicalFunctions());
        linkings.add(l);
        assertThatThrownBy(() -> Linker.instantiate(ComponentParser.parse(ComponentWorldTest.component("hello-c")), n -> null, l))
                .isInstanceOf(MalformedComponentException.class).hasMessageContaining("imports 'wasi:");
    }
}
