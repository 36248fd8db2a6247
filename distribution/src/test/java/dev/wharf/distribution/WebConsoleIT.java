package dev.wharf.distribution;

import static dev.wharf.distribution.Processes.curl;
import static dev.wharf.distribution.Processes.freePort;
import static dev.wharf.distribution.Processes.onPath;
import static dev.wharf.distribution.Processes.run;
import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.distribution.Processes.Run;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Felix Web Console of {@code wharf.jar} with the Wharf page (docs/operating.md#the-web-console):
 * locked until a password is configured, then opened in a real headless Chromium, which shows the
 * components table; a request without credentials is refused; a restart posted as the page's form
 * does (token, same origin) shows in {@code wasm:info}, and a cross-origin one is refused; the page of
 * a component that wrote to its kv store shows its entries and bytes of its quota. The
 * screenshot lands in {@code target/webconsole.png} (docs/webconsole.png is one of them).
 */
class WebConsoleIT {

    private static final Path JAR = Path.of(System.getProperty("wharf.jar", "target/wharf.jar"));
    private static final String USER = "ops";
    private static final String PASSWORD = "console-pass-4711";

    @TempDir
    Path dir;

    @Test
    void theWharfPageListsTheComponentsAndRestartsOne() throws Exception {
        Assumptions.assumeTrue(onPath("chromium") || System.getenv("CI") != null,
                "chromium missing: .ci/install-chromium installs it (CI runs it)");
        Path deploy = Files.createDirectories(dir.resolve("deploy"));
        int port = freePort();
        Files.writeString(deploy.resolve("org.apache.felix.http.cfg"), "org.osgi.service.http.port = " + port + "\n");
        String origin = "http://127.0.0.1:" + port;
        String page = origin + "/system/console/wharf";
        try (Container c = new Container(JAR, dir)) {
            c.await(l -> l.contains("component counter is ready"), 60_000, "the examples");
            // none of the examples in wharf.jar uses kv: the test guest of KvPersistenceIT does, with a quota of its own
            DeployFolderIT.drop(dir, "test.visits", "1.0.0", "visits.wasm;id=visits;capabilities=kv;kv-max-bytes=4096",
                    "visits");
            c.await(l -> l.contains("component visits is ready"), 30_000, "visits deployed");
            c.command("wasm:invoke visits visit");
            c.await(l -> l.endsWith(" 1") || l.equals("1"), 10_000, "visits' first write to kv");
            Run up = curl("-s", "-o", "/dev/null", "-w", "%{http_code}", "--retry", "60", "--retry-delay", "1",
                    "--retry-all-errors", "--retry-connrefused", origin + "/system/console/");
            assertThat(up.output()).as("the console answers, locked").isEqualTo("401");
            assertThat(status("-u", "admin:admin", page)).as("no admin/admin").isEqualTo("401");

            Files.writeString(deploy.resolve("org.apache.felix.webconsole.internal.servlet.OsgiManager.cfg"),
                    "username = " + USER + "\npassword = " + PASSWORD + "\n");
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!status("-u", USER + ":" + PASSWORD, page).equals("200") && System.nanoTime() < end) {
                Thread.sleep(500);
            }
            assertThat(status("-u", USER + ":" + PASSWORD, page)).as("the configured login").isEqualTo("200");
            assertThat(status(page)).as("without credentials").isEqualTo("401");
            assertThat(status("-u", USER + ":wrong", page)).as("a wrong password").isEqualTo("401");

            String authorized = "http://" + USER + ":" + PASSWORD + "@127.0.0.1:" + port + "/system/console/wharf";
            Run dom = chromium("--dump-dom", authorized);
            assertThat(dom.exit()).as(dom.output()).isZero();
            assertThat(dom.output()).contains("<table id=\"wharf-components\"")
                    .contains(">counter</a></td><td>READY</td>").contains(">pong</a></td>")
                    .contains("name=\"action\" value=\"restart\"");

            int before = restarts(c);
            String token = token(curl("-s", "-u", USER + ":" + PASSWORD, page + "/counter").output());
            Run foreign = curl("-s", "-o", "/dev/null", "-w", "%{http_code}", "-u", USER + ":" + PASSWORD,
                    "-H", "Origin: http://evil.example", "--data", "wharf-token=" + token + "&action=restart",
                    page + "/counter");
            assertThat(foreign.output()).as("a cross-origin POST").isEqualTo("403");
            Run posted = curl("-s", "-o", "/dev/null", "-w", "%{http_code} %{redirect_url}", "-u", USER + ":" + PASSWORD,
                    "-H", "Origin: " + origin, "-H", "Referer: " + page + "/counter",
                    "--data", "wharf-token=" + token + "&action=restart", page + "/counter");
            assertThat(posted.output()).startsWith("303 http://") // curl names the credentials in it
                    .endsWith("127.0.0.1:" + port + "/system/console/wharf/counter?done=restarted");
            int after = before;
            for (int i = 0; i < 40 && after == before; i++) {
                Thread.sleep(250);
                after = restarts(c);
            }
            assertThat(after).as("counter's restarts in wasm:info").isEqualTo(before + 1);
            assertThat(curl("-s", "-u", USER + ":" + PASSWORD, page + "/counter?done=restarted").output())
                    .contains("Restart requested.").contains("<h2 id=\"wharf-component\">counter</h2>");
            // key "visits" (6 bytes) and the count (4 bytes), of the quota its clause sets
            assertThat(curl("-s", "-u", USER + ":" + PASSWORD, page + "/visits").output())
                    .contains("<h2 id=\"wharf-component\">visits</h2>").contains("<h3>Capabilities</h3>")
                    .contains("<tr><td>kv</td><td>entries 1</td></tr>")
                    .contains("<tr><td>kv</td><td>bytes 10 of 4096</td></tr>");
            assertThat(curl("-s", "-u", USER + ":" + PASSWORD, page + "/counter").output())
                    .as("counter declares no capability").doesNotContain("wharf-capabilities");

            Path shot = Path.of("target", "webconsole.png").toAbsolutePath();
            Run screenshot = chromium("--screenshot=" + shot, "--window-size=1280,900", authorized);
            assertThat(screenshot.exit()).as(screenshot.output()).isZero();
            assertThat(Files.size(shot)).isGreaterThan(10_000);
            assertThat(c.stop()).isZero();
        }
    }

    /** The restart count {@code wasm:info counter} prints. */
    private static int restarts(Container c) throws IOException, InterruptedException {
        c.command("wasm:info counter");
        return Integer.parseInt(c.await(l -> l.contains("restarts:"), 10_000, "counter's restarts")
                .replaceAll(".*restarts:\\s*(\\d+).*", "$1"));
    }

    private Run chromium(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("chromium", "--headless", "--disable-gpu", "--no-sandbox",
                "--user-data-dir=" + dir.resolve("chromium"), "--virtual-time-budget=5000"));
        command.addAll(List.of(args));
        return run(command, null, false);
    }

    private static String token(String html) {
        Matcher m = Pattern.compile("name=\"wharf-token\" value=\"([^\"]+)\"").matcher(html);
        assertThat(m.find()).as("a form token in:\n" + html).isTrue();
        return m.group(1);
    }

    private static String status(String... args) throws IOException, InterruptedException {
        List<String> a = new ArrayList<>(List.of("-s", "-o", "/dev/null", "-w", "%{http_code}"));
        a.addAll(List.of(args));
        return curl(a.toArray(String[]::new)).output();
    }

}
