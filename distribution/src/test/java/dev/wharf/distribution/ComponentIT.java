package dev.wharf.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * WebAssembly components (Component Model binaries built by jco's wasm-tools) dropped into
 * {@code wharf.jar}'s deploy folder as raw {@code .wasm} files, and called from the shell with
 * values in WAVE: world functions, interface functions, records, strings in UTF-16; a C component
 * on WASI 0.2 printing to the guest log and reading the clock.
 */
class ComponentIT {

    private static final Path JAR = Path.of(System.getProperty("wharf.jar", "target/wharf.jar"));

    @TempDir
    Path dir;

    private void deploy(String component) throws IOException {
        Path deploy = Files.createDirectories(dir.resolve("deploy"));
        try (InputStream in = ComponentIT.class.getResourceAsStream("/components/" + component + ".wasm")) {
            assertThat(in).as(component + " built by wasm-components").isNotNull();
            Files.copy(in, deploy.resolve(component + ".wasm"));
        }
    }

    @Test
    void rawComponentsAreCalledFromTheShellWithWave() throws Exception {
        deploy("echo");
        deploy("values");
        deploy("strings-utf16");
        try (Container c = new Container(JAR, dir)) {
            java.util.Set<String> waiting = new java.util.HashSet<>(java.util.List.of("echo", "values", "strings-utf16"));
            while (!waiting.isEmpty()) {
                String line = c.await(l -> waiting.stream().anyMatch(id -> l.contains("component " + id + " is ready")),
                        60_000, waiting + " deployed");
                waiting.removeIf(id -> line.contains("component " + id + " is ready"));
            }
            c.command("wasm:list");
            c.await(l -> l.startsWith("echo ") && l.endsWith("component"), 10_000, "the kind in wasm:list");
            c.command("wasm:invoke echo echo '\"hello\"'");
            c.await(l -> l.endsWith("\"hello\""), 10_000, "the echo");
            c.command("wasm:invoke values add 2 3");
            c.await(l -> l.matches("(g! )*5"), 10_000, "a world function");
            c.command("wasm:invoke values 'wharf:test/values#id-point' '{x: 1.5, y: -2}'");
            c.await(l -> l.endsWith("{x: 1.5, y: -2}"), 10_000, "a record through an interface function");
            c.command("wasm:invoke values 'wharf:test/values@0.1.0#id-option' 'some(7)'");
            c.await(l -> l.endsWith("some(7)"), 10_000, "an option");
            c.command("wasm:invoke values add 2");
            c.await(l -> l.contains("error: add takes 2 arguments, got 1 [invalid_arguments]"), 10_000, "a missing argument");
            c.command("wasm:invoke values add 2 x");
            c.await(l -> l.contains("error: argument 2 (b: s32)") && l.endsWith("[invalid_arguments]"), 10_000,
                    "an argument that is not an s32");
            c.command("wasm:info values");
            c.await(l -> l.endsWith("wit:"), 10_000, "the world in wasm:info");
            c.await(l -> l.endsWith("export wharf:test/values@0.1.0: interface {"), 10_000, "an exported interface");
            c.await(l -> l.endsWith("id-option: func(v: option<u32>) -> option<u32>;"), 10_000, "a function's WIT type");
            c.command("wasm:invoke strings-utf16 shout '\"abc\"'");
            c.await(l -> l.endsWith("\"ABC\""), 10_000, "a string in UTF-16");
            assertThat(c.stop()).isZero();
        }
    }

    @Test
    void aCComponentOnWasiPrintsToTheGuestLogAndReadsTheClock() throws Exception {
        deploy("hello-c");
        try (Container c = new Container(JAR, dir)) {
            c.await(l -> l.contains("component hello-c is ready"), 60_000, "hello-c deployed");
            c.command("wasm:invoke hello-c run");
            c.await(l -> l.contains("[hello-c] hello from C"), 10_000, "its stdout in the guest log");
            String seconds = c.await(l -> l.matches("(g! )*\\d+"), 10_000, "what run returns");
            long now = System.currentTimeMillis() / 1000;
            long value = Long.parseLong(seconds.replace("g! ", "").trim());
            assertThat(value).as("the wall clock's seconds (hello-c.c)").isBetween(now - 60, now + 60);
            c.command("wasm:invoke hello-c hello '\"wharf\"'");
            c.await(l -> l.endsWith("\"hello, wharf\""), 10_000, "a string through libc's realloc and a post-return");
            assertThat(c.stop()).isZero();
        }
    }

    @Test
    void aJavaScriptComponentRunsItsEngineOnChicory() throws Exception {
        deploy("js-echo"); // QuickJS with the script inside, built by componentize-qjs (wasm-components)
        try (Container c = new Container(JAR, dir)) {
            c.await(l -> l.contains("component js-echo is ready"), 120_000, "js-echo deployed (its engine compiled)");
            c.command("wasm:invoke js-echo echo '\"hello from JavaScript\"'");
            c.await(l -> l.endsWith("\"hello from JavaScript\""), 10_000, "the string through the script");
            c.command("wasm:invoke js-echo add 2147483647 1");
            c.await(l -> l.matches("(g! )*-2147483648"), 10_000, "an s32 wrapped by the script's | 0");
            assertThat(c.stop()).isZero();
        }
    }
}
