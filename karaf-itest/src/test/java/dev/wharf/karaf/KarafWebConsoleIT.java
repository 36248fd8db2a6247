package dev.wharf.karaf;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * The Wharf page in Karaf's Web Console: feature wharf-webconsole (Karaf's http and webconsole
 * features, Felix Web Console 4.x on Pax Web, JAAS login) with the examples, Pax Web on
 * 127.0.0.1; a headless Chromium shows the components table to user karaf (role admin), a
 * request without credentials is refused, and a restart posted like the page's form shows in
 * {@code wasm:info}.
 */
@DisabledOnOs(value = OS.WINDOWS, disabledReason = "drives bin/karaf and bin/client, the shell scripts")
class KarafWebConsoleIT {

    private static final String VERSION = System.getProperty("wharf.version", "0.1.0-SNAPSHOT");
    private static final Path DIST = Path.of(System.getProperty("karaf.dist", "target/karaf/apache-karaf-4.4.10"));
    private static final Path REPO = Path.of(System.getProperty("karaf.repo", "target/karaf-repo"));
    private static final Path RUN = Path.of(System.getProperty("karaf.run", "target/karaf-run") + "-webconsole");
    private static final String LOGIN = "karaf:karaf";

    @Test
    void theWharfPageInKarafsWebConsole() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/chromium")) || System.getenv("CI") != null,
                "chromium missing: .ci/install-chromium installs it (CI runs it)");
        try (Karaf karaf = new Karaf(DIST, RUN, REPO)) {
            int port = Karaf.freePort();
            karaf.drop("org.osgi.service.http.port = " + port + "\norg.ops4j.pax.web.listening.addresses = 127.0.0.1\n",
                    "etc", "org.ops4j.pax.web.cfg");
            karaf.start();
            karaf.await("system:start-level", r -> r.ok() && r.output().contains("Level 100"), 90_000, "Karaf console");
            Karaf.Result added = karaf.run("feature:repo-add mvn:dev.wharf/karaf-features/" + VERSION + "/xml/features");
            assertThat(added.ok()).as("%s", added).isTrue();
            Karaf.Result installed = karaf.run("feature:install wharf-webconsole wharf-examples");
            assertThat(installed.ok()).as("%s", installed).isTrue();
            karaf.awaitLog(l -> l.contains("component counter is ready"), 60_000, "counter ready");

            String page = "http://127.0.0.1:" + port + "/system/console/wharf";
            String[] ready = curl("-s", "--fail", "--retry", "60", "--retry-delay", "1", "--retry-all-errors",
                    "--retry-connrefused", "-u", LOGIN, "-o", "/dev/null", page);
            assertThat(ready[0]).as(ready[1] + "\n" + karaf.report()).isEqualTo("0");
            assertThat(curl("-s", "-o", "/dev/null", "-w", "%{http_code}", page)[1]).as("no credentials").isEqualTo("401");

            List<String> chromium = List.of("chromium", "--headless", "--disable-gpu", "--no-sandbox",
                    "--user-data-dir=" + RUN.resolve("chromium").toAbsolutePath(), "--virtual-time-budget=5000", "--dump-dom",
                    "http://" + LOGIN + "@127.0.0.1:" + port + "/system/console/wharf");
            String[] dom = run(chromium);
            assertThat(dom[0]).as(dom[1]).isEqualTo("0");
            assertThat(dom[1]).contains("<table id=\"wharf-components\"").contains(">counter</a></td><td>READY</td>");

            int before = restarts(karaf);
            Matcher token = Pattern.compile("name=\"wharf-token\" value=\"([^\"]+)\"")
                    .matcher(curl("-s", "-u", LOGIN, page + "/counter")[1]);
            assertThat(token.find()).isTrue();
            String[] posted = curl("-s", "-o", "/dev/null", "-w", "%{http_code}", "-u", LOGIN,
                    "-H", "Origin: http://127.0.0.1:" + port, "--data", "wharf-token=" + token.group(1) + "&action=restart",
                    page + "/counter");
            assertThat(posted[1]).isEqualTo("303");
            int after = before;
            for (int i = 0; i < 40 && after == before; i++) {
                Thread.sleep(250);
                after = restarts(karaf);
            }
            assertThat(after).as("counter's restarts in wasm:info").isEqualTo(before + 1);
            assertThat(karaf.stop(60_000)).as("Karaf's exit code\n%s", karaf.report()).isZero();
        }
    }

    private static int restarts(Karaf karaf) throws Exception {
        Karaf.Result info = karaf.run("wasm:info counter");
        Matcher m = Pattern.compile("restarts:\\s*(\\d+)").matcher(info.output());
        assertThat(m.find()).as("%s", info).isTrue();
        return Integer.parseInt(m.group(1));
    }

    private static String[] curl(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("curl", "--max-time", "30"));
        command.addAll(List.of(args));
        return run(command);
    }

    /** The command's exit status and what it printed on stdout. */
    private static String[] run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("did not end: " + command);
        }
        return new String[] {String.valueOf(p.exitValue()), out};
    }
}
