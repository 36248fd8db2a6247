package dev.wharf.karaf;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * A component that answers HTTP in a real Apache Karaf: feature wharf-http (on Karaf's http and
 * http-whiteboard features, Pax Web) installed from the console, Pax Web kept on 127.0.0.1 through
 * etc/, http-hello dropped raw into deploy/ with its http-path in etc/, and asked with curl.
 */
@DisabledOnOs(value = OS.WINDOWS, disabledReason = "drives bin/karaf and bin/client, the shell scripts")
class KarafHttpIT {

    private static final String VERSION = System.getProperty("wharf.version", "0.1.0-SNAPSHOT");
    private static final Path DIST = Path.of(System.getProperty("karaf.dist", "target/karaf/apache-karaf-4.4.10"));
    private static final Path REPO = Path.of(System.getProperty("karaf.repo", "target/karaf-repo"));
    private static final Path RUN = Path.of(System.getProperty("karaf.run", "target/karaf-run") + "-http");

    @Test
    void aComponentAnswersCurlThroughPaxWeb() throws Exception {
        try (Karaf karaf = new Karaf(DIST, RUN, REPO)) {
            int port = Karaf.freePort();
            karaf.drop("org.osgi.service.http.port = " + port + "\norg.ops4j.pax.web.listening.addresses = 127.0.0.1\n",
                    "etc", "org.ops4j.pax.web.cfg");
            karaf.drop("component.id = http-hello\nhttp-path = /hello\n", "etc", "dev.wharf.component-http-hello.cfg");
            karaf.start();
            karaf.await("system:start-level", r -> r.ok() && r.output().contains("Level 100"), 90_000, "Karaf console");
            Karaf.Result added = karaf.run("feature:repo-add mvn:dev.wharf/karaf-features/" + VERSION + "/xml/features");
            assertThat(added.ok()).as("%s", added).isTrue();
            Karaf.Result installed = karaf.run("feature:install wharf-http");
            assertThat(installed.ok()).as("%s", installed).isTrue();

            Path wasm = Files.createTempFile("http-hello", ".wasm");
            try (InputStream in = KarafHttpIT.class.getResourceAsStream("/components/http-hello.wasm")) {
                assertThat(in).as("http-hello built by wasm-components").isNotNull();
                Files.write(wasm, in.readAllBytes());
            }
            karaf.drop(wasm, "deploy", "http-hello.wasm");
            Files.delete(wasm);
            karaf.awaitLog(l -> l.contains("component http-hello is ready"), 60_000, "http-hello ready");

            String url = "http://127.0.0.1:" + port + "/hello/abc?x=1";
            // curl waits for the servlet itself: 404 until the Whiteboard has it
            String[] ready = curl("-s", "--fail", "--retry", "30", "--retry-delay", "1", "--retry-all-errors",
                    "--retry-connrefused", "-o", "/dev/null", url);
            assertThat(ready[0]).as(ready[1] + "\n" + karaf.report()).isEqualTo("0");
            String[] r = curl("-s", "-i", "-X", "POST", "--data-binary", "the body", url);
            assertThat(r[1]).startsWith("HTTP/1.1 200").endsWith("\r\n\r\nPOST /abc?x=1\nthe body");

            assertThat(karaf.stop(60_000)).as("Karaf's exit code\n%s", karaf.report()).isZero();
        }
    }

    /** curl's exit status and what it printed. */
    private static String[] curl(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("curl", "--max-time", "30"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("curl did not end: " + command);
        }
        return new String[] {String.valueOf(p.exitValue()), out};
    }
}
