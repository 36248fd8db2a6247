package dev.wharf.runtime.internal.component.wasi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.runtime.internal.component.HandleTable;
import dev.wharf.runtime.internal.component.WitValue;
import dev.wharf.runtime.internal.component.WitValue.Int;
import dev.wharf.runtime.internal.component.WitValue.Str;
import dev.wharf.runtime.internal.component.binary.ComponentParser;
import dev.wharf.runtime.internal.component.binary.ComponentWorld;
import dev.wharf.runtime.internal.component.binary.ComponentWorldTest;
import dev.wharf.runtime.internal.component.binary.TypeSpace;
import dev.wharf.runtime.internal.component.link.CanonicalFunctions;
import dev.wharf.runtime.internal.component.link.ComponentFunction;
import dev.wharf.runtime.internal.component.link.Linker;
import dev.wharf.runtime.internal.component.link.Linking;
import dev.wharf.runtime.internal.engine.WasmEngine;
import java.lang.reflect.Field;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * hello-c (C against wasi-libc, adapted from WASI preview 1 to 0.2) instantiated with this host's
 * WASI: its printf reaches the stdout sink, its clocks are read, and its calls leak nothing.
 */
class WasiComponentTest {

    final WasmEngine engine = new WasmEngine(true, 1000);
    final List<String> lines = new ArrayList<>();
    final Wasi wasi = new Wasi((level, text) -> lines.add(level + " " + text));
    final CanonicalFunctions functions = new CanonicalFunctions();
    /** 64 pages: 4 MiB of guest memory, so a leak of the calls below would run out of it. */
    final Linking linking = new Linking(engine, 64, "hello-c.wasm", functions);

    @AfterEach
    void close() {
        linking.close();
        wasi.close();
    }

    Map<String, Object> instantiate() {
        return Linker.instantiate(ComponentParser.parse(ComponentWorldTest.component("hello-c")), wasi::provide,
                linking);
    }

    @Test
    void runPrintsToStdoutAndReturnsTheWallClock() {
        ComponentFunction run = (ComponentFunction) instantiate().get("run");
        List<WitValue> result = run.call(List.of());
        assertThat(lines).containsExactly("2 hello from C");
        long seconds = ((Int) result.get(0)).value();
        assertThat(seconds).isBetween(Instant.now().getEpochSecond() - 60, Instant.now().getEpochSecond() + 60);
    }

    @Test
    void helloAnswersAThousandTimesWithoutLeaking() throws Exception {
        Map<String, Object> exports = instantiate();
        ComponentFunction hello = (ComponentFunction) exports.get("hello");
        ComponentFunction run = (ComponentFunction) exports.get("run");
        run.call(List.of());
        int slots = handles().length();
        String big = "w".repeat(16 * 1024);
        for (int i = 0; i < 1000; i++) {
            assertThat(hello.call(List.of(new Str("wharf")))).containsExactly(new Str("hello, wharf"));
            // 16 MiB in all through 4 MiB of memory: the name and the answer are freed every time
            assertThat(((Str) hello.call(List.of(new Str(big))).get(0)).value()).hasSize(7 + big.length());
            run.call(List.of());
        }
        assertThat(lines).hasSize(1001).containsOnly("2 hello from C");
        assertThat(handles().length()).as("handle table slots").isEqualTo(slots);
    }

    @Test
    void everyImportOfHelloCIsGivenWithItsExactTypes() {
        ComponentWorld world = ComponentWorld.of(ComponentParser.parse(ComponentWorldTest.component("hello-c")));
        int functions = 0;
        for (Map.Entry<String, Object> i : world.imports().entrySet()) {
            @SuppressWarnings("unchecked")
            Map<String, Object> given = (Map<String, Object>) wasi.provide(i.getKey());
            assertThat(given).as(i.getKey()).isNotNull();
            for (Map.Entry<String, Object> e : ((TypeSpace.InstanceShape) i.getValue()).exports().entrySet()) {
                Object mine = given.get(e.getKey());
                assertThat(mine).as(i.getKey() + " " + e.getKey()).isNotNull();
                if (mine instanceof ComponentFunction f) {
                    functions++;
                    mine = f.type();
                }
                assertThat(withoutResourceIds(mine)).as(i.getKey() + " " + e.getKey())
                        .isEqualTo(withoutResourceIds(e.getValue()));
            }
        }
        assertThat(functions).as("the functions the preview-1 adapter imports").isEqualTo(19);
    }

    /** A type as text, its resource types by name: the component's are its own, unequal to the host's. */
    static String withoutResourceIds(Object type) {
        return String.valueOf(type).replaceAll(", id=-?[0-9]+]", "]");
    }

    /** The component instance's handle table (CanonicalFunctions keeps it to itself). */
    HandleTable handles() throws ReflectiveOperationException {
        Field f = CanonicalFunctions.class.getDeclaredField("handles");
        f.setAccessible(true);
        return (HandleTable) f.get(functions);
    }
}
