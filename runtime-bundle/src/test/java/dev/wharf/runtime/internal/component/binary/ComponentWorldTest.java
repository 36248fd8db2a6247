package dev.wharf.runtime.internal.component.binary;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.runtime.internal.component.WitType;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The worlds of the components wasm-components builds with jco's wasm-tools, read back by the parser. */
public class ComponentWorldTest {

    public static byte[] component(String name) {
        try (InputStream in = ComponentWorldTest.class.getClassLoader().getResourceAsStream("components/" + name + ".wasm")) {
            if (in == null) {
                throw new IllegalStateException("no test component " + name + " (module wasm-components)");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static ComponentWorld world(String name) {
        return ComponentWorld.of(ComponentParser.parse(component(name)));
    }

    static final WitType.FuncType STRING_TO_STRING = new WitType.FuncType(
            List.of(new WitType.Param("s", WitType.Primitive.STRING)), List.of(new WitType.Param("", WitType.Primitive.STRING)));

    @Test
    void echoExportsOneWorldFunction() {
        ComponentWorld w = world("echo");
        assertThat(w.imports()).isEmpty();
        assertThat(w.exports()).containsOnlyKeys("echo");
        assertThat(w.exports().get("echo")).isEqualTo(STRING_TO_STRING);
    }

    @Test
    void valuesExportsWorldFunctionsAndAnInterface() {
        ComponentWorld w = world("values");
        assertThat(w.exports()).containsKeys("add", "mid", "wharf:test/values@0.1.0");
        WitType point = new WitType.RecordType(List.of(new WitType.Field("x", WitType.Primitive.F64),
                new WitType.Field("y", WitType.Primitive.F64)));
        assertThat(w.exports().get("mid")).isEqualTo(new WitType.FuncType(
                List.of(new WitType.Param("a", point), new WitType.Param("b", point)), List.of(new WitType.Param("", point))));
        TypeSpace.InstanceShape values = (TypeSpace.InstanceShape) w.exports().get("wharf:test/values@0.1.0");
        assertThat(values.exports()).isNotEmpty();
        assertThat(values.exports().values()).anyMatch(e -> e instanceof WitType.FuncType);
    }

    @Test
    void counterExportsAResourceAndItsFunctions() {
        TypeSpace.InstanceShape counters = (TypeSpace.InstanceShape) world("counter").exports().get("wharf:test/counters@0.1.0");
        assertThat(counters.exports()).containsKeys("counter", "[constructor]counter", "[method]counter.increment",
                "[method]counter.get", "make");
        assertThat(counters.exports().get("counter")).isInstanceOf(WitType.ResourceType.class);
    }

    @Test
    void theCComponentImportsWasi() {
        ComponentWorld w = world("hello-c");
        assertThat(w.imports().keySet()).anyMatch(n -> n.startsWith("wasi:io/streams@0.2"))
                .anyMatch(n -> n.startsWith("wasi:cli/stdout@0.2")).anyMatch(n -> n.startsWith("wasi:clocks/wall-clock@0.2"));
        assertThat(w.exports()).containsKeys("run", "hello");
    }

    @Test
    void everyTestComponentParses() {
        for (String name : List.of("echo", "values", "counter", "strings-utf16", "strings-latin1", "hello-c")) {
            assertThat(world(name).exports()).as(name).isNotEmpty();
        }
    }
}
