package dev.wharf.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Extism plugins dropped into {@code wharf.jar}'s deploy folder as raw {@code .wasm} files, with
 * their configuration in a {@code .cfg} beside them, and called through the shell: the outputs,
 * the plugin's errors, its messages, its HTTP request under http-allow.
 */
class ExtismPluginIT {

    private static final Path JAR = Path.of(System.getProperty("wharf.jar", "target/wharf.jar"));

    @TempDir
    Path dir;

    private void deploy(String plugin, String cfg) throws IOException {
        Path deploy = Files.createDirectories(dir.resolve("deploy"));
        try (InputStream in = ExtismPluginIT.class.getResourceAsStream("/extism/" + plugin + ".wasm")) {
            assertThat(in).as(plugin + " built by extism-plugins").isNotNull();
            Files.copy(in, deploy.resolve(plugin + ".wasm"));
        }
        if (cfg != null) {
            Files.writeString(deploy.resolve("dev.wharf.component-" + plugin + ".cfg"), "component.id = " + plugin + "\n" + cfg);
        }
    }

    @Test
    void rawPluginsAreCalledFromTheShell() throws Exception {
        deploy("kitchen", "config.vowels = aeiouy\n");
        deploy("cplugin", null);
        try (Container c = new Container(JAR, dir)) {
            java.util.Set<String> waiting = new java.util.HashSet<>(java.util.List.of("kitchen", "cplugin"));
            while (!waiting.isEmpty()) {
                String line = c.await(l -> waiting.stream().anyMatch(id -> l.contains("component " + id + " is ready")),
                        60_000, waiting + " deployed");
                waiting.removeIf(id -> line.contains("component " + id + " is ready"));
            }
            c.command("wasm:list");
            c.await(l -> l.startsWith("kitchen ") && l.endsWith("extism"), 10_000, "the kind in wasm:list");
            c.command("wasm:info kitchen");
            c.await(l -> l.startsWith("kind:") && l.contains("extism"), 10_000, "the kind in wasm:info");
            c.await(l -> l.equals("  count_vowels"), 10_000, "a function in wasm:info");

            c.command("wasm:call kitchen greet World");
            c.await(l -> l.endsWith("Hello, World!"), 10_000, "the greeting");
            c.command("wasm:call kitchen count_vowels yay");
            c.await(l -> l.endsWith("{\"count\":3,\"total\":3,\"vowels\":\"aeiouy\"}"), 10_000, "the configured vowels");
            c.command("wasm:call kitchen count_vowels yay");
            c.await(l -> l.endsWith("{\"count\":3,\"total\":6,\"vowels\":\"aeiouy\"}"), 10_000, "the total kept in a var");
            c.command("wasm:call kitchen fail x");
            c.await(l -> l.contains("error: component 'kitchen' failed: failed on purpose: x [guest_error]"), 10_000,
                    "the plugin's error");
            c.command("wasm:call kitchen trap x");
            c.await(l -> l.contains("error: component 'kitchen' trapped in 'trap'"), 10_000, "the trap");
            c.command("wasm:ask kitchen '\"hi\"'");
            c.await(l -> l.endsWith("{\"plugin\":\"kitchen\",\"got\":\"hi\"}"), 10_000, "the reply of handle_message");
            c.command("wasm:invoke kitchen greet");
            c.await(l -> l.contains("error: component 'kitchen' is an Extism plugin") && l.contains("wasm:call"), 10_000,
                    "numbers refused, saying how to call");

            c.command("wasm:call cplugin reverse abc");
            c.await(l -> l.endsWith("cba"), 10_000, "the C plugin's reversal");
            c.command("wasm:call cplugin greet C");
            c.await(l -> l.endsWith("Hello, C!"), 10_000, "the C plugin's greeting");
            assertThat(c.stop()).isZero();
        }
    }

    @Test
    void aPluginsVarsAreHandedToTheNextRuntimeWhenTheRuntimeBundleIsUpdated() throws Exception {
        deploy("kitchen", null);
        try (Container c = new Container(JAR, dir)) {
            c.await(l -> l.contains("component kitchen is ready"), 60_000, "kitchen deployed");
            c.command("wasm:call kitchen var_count x");
            c.await(l -> l.matches("(g! )*1"), 10_000, "the first count");
            c.command("wasm:call kitchen var_count x");
            c.await(l -> l.matches("(g! )*2"), 10_000, "the second count");
            c.command("update " + WharfUpdateIT.bundles(c).get("dev.wharf.runtime").id());
            c.await(l -> l.contains("component calculator is ready"), 60_000, "the runtime back after its update");
            c.command("wasm:call kitchen var_count x");
            String after = c.await(l -> l.matches("(g! )*(\\d+|error.*)"), 10_000, "the count after the update");
            assertThat(after).as("the vars reached the new runtime").matches("(g! )*3");
            assertThat(c.stop()).isZero();
        }
    }

    @Test
    void aPluginsHttpRequestGoesOnlyWhereItsHttpAllowSays() throws Exception {
        com.sun.net.httpserver.HttpServer server = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", x -> {
            byte[] body = "from the server".getBytes(java.nio.charset.StandardCharsets.UTF_8);
            x.sendResponseHeaders(200, body.length);
            x.getResponseBody().write(body);
            x.close();
        });
        server.start();
        deploy("fetch", "capabilities = http\nhttp-allow = 127.0.0.1\ntimeout-ms = 5000\n");
        try (Container c = new Container(JAR, dir)) {
            c.await(l -> l.contains("component fetch is ready"), 60_000, "fetch deployed");
            int port = server.getAddress().getPort();
            c.command("wasm:call fetch http_get http://127.0.0.1:" + port + "/a");
            c.await(l -> l.endsWith("200 from the server"), 10_000, "the response");
            c.command("wasm:call fetch http_get http://localhost:" + port + "/b");
            c.await(l -> l.contains("error: component 'fetch': HTTP request GET http://localhost:" + port + "/b is not allowed")
                    && l.endsWith("[denied]"), 10_000, "the denial");
            assertThat(c.stop()).isZero();
        } finally {
            server.stop(0);
        }
    }
}
