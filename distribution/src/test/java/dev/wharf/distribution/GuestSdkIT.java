package dev.wharf.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The examples written with the guest SDKs, dropped into {@code wharf.jar}'s deploy folder and
 * asked through its shell: the echo answers with the payload it got, the kv example counts in
 * its store. CI installs the toolchains; a local build without one says so and skips.
 */
class GuestSdkIT {

    private static final Path JAR = Path.of(System.getProperty("wharf.jar", "target/wharf.jar"));
    private static final Path EXAMPLES = Path.of(System.getProperty("wharf.examples", "../examples"));

    @TempDir
    Path dir;

    static Optional<Path> exampleJar(String module) throws Exception {
        Path target = EXAMPLES.resolve(module).resolve("target");
        if (!Files.isDirectory(target)) {
            return Optional.empty();
        }
        try (Stream<Path> files = Files.list(target)) {
            return files.filter(p -> p.getFileName().toString().matches("example-.*\\.jar")).findFirst();
        }
    }

    private void deploy(String module, String toolchain) throws Exception {
        Optional<Path> jar = exampleJar(module);
        boolean ci = System.getenv("CI") != null;
        if (jar.isEmpty() && !ci) {
            System.out.println("GuestSdkIT: " + module + " was not built (" + toolchain + " missing): skipped here; "
                    + ".ci/run installs it");
        }
        Assumptions.assumeTrue(jar.isPresent() || ci, module + " not built: " + toolchain + " missing");
        assertThat(jar).as(module + " built").isPresent();
        Files.createDirectories(dir.resolve("deploy"));
        Files.copy(jar.get(), dir.resolve("deploy").resolve(jar.get().getFileName()));
        System.out.println("GuestSdkIT: " + module + " module jar " + Files.size(jar.get()) + " bytes");
    }

    /** Waits for each component's "is ready" line, in whatever order they come. */
    private static void ready(Container c, String... ids) throws InterruptedException {
        java.util.Set<String> waiting = new java.util.HashSet<>(List.of(ids));
        while (!waiting.isEmpty()) {
            String line = c.await(l -> waiting.stream().anyMatch(id -> l.contains("component " + id + " is ready")), 60_000,
                    String.join(", ", waiting) + " deployed");
            waiting.removeIf(id -> line.contains("component " + id + " is ready"));
        }
    }

    @Test
    void rustComponentsAnswerAsksAndKeepCountInKv() throws Exception {
        deploy("rust-echo", "cargo with the wasm32 std (apt-get install rustc cargo libstd-rust-dev-wasm32)");
        deploy("rust-kv", "cargo with the wasm32 std");
        try (Container c = new Container(JAR, dir)) {
            ready(c, "rust-kv", "rust-echo");
            c.command("wasm:ask rust-echo '{\"q\":1}'");
            c.await(l -> l.contains("{\"q\":1}"), 10_000, "the echo");
            c.command("wasm:ask rust-kv '{}'");
            c.await(l -> l.contains("{\"hits\":1}"), 10_000, "the first count");
            c.command("wasm:ask rust-kv '{}'");
            c.await(l -> l.contains("{\"hits\":2}"), 10_000, "the second count");
            c.stop();
        }
    }

    @Test
    void assemblyScriptComponentsAnswerAsksKeepCountInKvAndReachHttp() throws Exception {
        deploy("as-echo", "node and npm (apt-get install nodejs npm)");
        deploy("as-kv", "node and npm");
        com.sun.net.httpserver.HttpServer server = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", x -> {
            x.sendResponseHeaders(204, -1);
            x.close();
        });
        server.start();
        try (Container c = new Container(JAR, dir)) {
            ready(c, "as-echo", "as-kv");
            c.command("wasm:ask as-echo '{\"q\":2}'");
            c.await(l -> l.contains("{\"q\":2}"), 10_000, "the echo");
            c.command("wasm:ask as-kv '{}'");
            c.await(l -> l.contains("{\"hits\":1,\"keys\":1}"), 10_000, "the first count, one key listed");
            c.command("wasm:ask as-kv '{}'");
            c.await(l -> l.contains("{\"hits\":2,\"keys\":1}"), 10_000, "the second count");
            c.command("wasm:invoke as-kv status " + server.getAddress().getPort());
            c.await(l -> l.endsWith("204"), 10_000, "the status of an HTTP request from AssemblyScript");
            c.stop();
        } finally {
            server.stop(0);
        }
    }

    @Test
    void cComponentsAnswerAsksAndKeepLinksInKv() throws Exception {
        deploy("c-echo", "clang with wasi-libc (apt-get install clang lld wasi-libc libclang-rt-14-dev-wasm32)");
        deploy("link-shortener", "clang (apt-get install clang lld)");
        try (Container c = new Container(JAR, dir)) {
            ready(c, "c-echo", "shortener");
            c.command("wasm:ask c-echo '{\"q\":3}'");
            c.await(l -> l.contains("{\"q\":3}"), 10_000, "the echo");
            c.command("wasm:ask shortener '{\"op\":\"shorten\",\"url\":\"https://example.org/a\"}'");
            c.await(l -> l.contains("\"code\":\"1\""), 10_000, "a code from the shortener");
            c.command("wasm:ask shortener '{\"op\":\"expand\",\"code\":\"1\"}'");
            c.await(l -> l.contains("https://example.org/a"), 10_000, "the URL back from kv");
            c.stop();
        }
    }

    @Test
    void javaScriptActorsAskEachOtherAndCountInWasiKeyvalue() throws Exception {
        deploy("js-actors", "node and npm (apt-get install nodejs npm)");
        try (Container c = new Container(JAR, dir)) {
            ready(c, "js-greeter", "visits");
            c.command("wasm:ask js-greeter '{\"name\":\"Ada\"}'");
            c.await(l -> l.contains("{\"greeting\":\"Hello, Ada!\",\"visits\":1}"), 20_000, "the greeting, counted by visits");
            c.command("wasm:ask js-greeter '{\"name\":\"Ada\"}'");
            c.await(l -> l.contains("\"visits\":2}"), 20_000, "the second greeting of Ada");
            c.command("wasm:invoke visits count '\"greeter/Ada\"'");
            c.await(l -> l.contains("ok(2)"), 20_000, "the count in visits' store");
            c.stop();
        }
    }
}
