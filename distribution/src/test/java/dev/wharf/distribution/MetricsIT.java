package dev.wharf.distribution;

import static dev.wharf.distribution.Processes.curl;
import static dev.wharf.distribution.Processes.freePort;
import static dev.wharf.distribution.Processes.onPath;
import static dev.wharf.distribution.Processes.run;
import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.distribution.Processes.Run;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /metrics} of {@code wharf.jar} (docs/operating.md#prometheus): HTTP turned on, the
 * examples busy, the text fetched with {@code curl} and checked line by line and by the real
 * {@code promtool check metrics}; a real Prometheus (Debian's, started here on loopback) scrapes
 * it and answers a query with the component's series; PID {@code dev.wharf.metrics} moves the
 * path and turns it off.
 */
class MetricsIT {

    private static final Path JAR = Path.of(System.getProperty("wharf.jar", "target/wharf.jar"));

    @TempDir
    Path dir;

    @Test
    void prometheusScrapesTheComponentsMetrics() throws Exception {
        Assumptions.assumeTrue(onPath("promtool") || System.getenv("CI") != null,
                "promtool missing: .ci/install-prometheus installs it (CI runs it)");
        Path deploy = Files.createDirectories(dir.resolve("deploy"));
        int port = freePort();
        Files.writeString(deploy.resolve("org.apache.felix.http.cfg"), "org.osgi.service.http.port = " + port + "\n");
        String base = "http://127.0.0.1:" + port;
        try (Container c = new Container(JAR, dir)) {
            c.await(l -> l.contains("component pong is ready"), 60_000, "the examples");
            c.command("wasm:invoke ping start 3");
            c.await(l -> l.endsWith("3"), 10_000, "pings accepted");
            c.command("wasm:ask pong '\"ping\"'");
            c.await(l -> l.endsWith("\"pong\""), 10_000, "pong's reply");
            c.command("wasm:invoke calculator div 1 0");
            c.await(l -> l.contains("error: ") && l.contains("divide by zero"), 10_000, "the calculator's trap");

            Run ready = curl("-s", "--fail", "--retry", "60", "--retry-delay", "1", "--retry-all-errors",
                    "--retry-connrefused", "-D", "-", base + "/metrics");
            assertThat(ready.exit()).as(ready.output()).isZero();
            assertThat(ready.output()).containsIgnoringCase("content-type: text/plain; version=0.0.4; charset=utf-8");
            String text = curl("-s", "--fail", base + "/metrics").output();

            assertThat(value(text, "wharf_messages_in_total", "pong")).isGreaterThanOrEqualTo(4);
            assertThat(value(text, "wharf_messages_out_total", "ping")).isGreaterThanOrEqualTo(3);
            assertThat(value(text, "wharf_messages_failed_total", "calculator")).isGreaterThanOrEqualTo(1);
            assertThat(value(text, "wharf_component_restarts_total", "calculator")).isGreaterThanOrEqualTo(1);
            assertThat(value(text, "wharf_mailbox_capacity", "pong")).isPositive();
            assertThat(value(text, "wharf_component_instances", "pong")).isGreaterThanOrEqualTo(1);
            assertThat(text).containsPattern("(?m)^wharf_messages_refused_total\\{component=\"pong\",kind=\"[a-z]+\"\\} 0$")
                    .containsPattern("(?m)^wharf_mailbox_depth\\{component=\"pong\",kind=\"[a-z]+\"\\} \\d+$")
                    .containsPattern("(?m)^wharf_component_state\\{component=\"pong\",kind=\"[a-z]+\",state=\"READY\"\\} 1$")
                    .containsPattern("(?m)^wharf_component_state\\{component=\"pong\",kind=\"[a-z]+\",state=\"FAILED\"\\} 0$")
                    .containsPattern("(?m)^wharf_call_latency_seconds\\{component=\"pong\",kind=\"[a-z]+\",quantile=\"0.99\"\\} "
                            + "[0-9.E-]+$")
                    .containsPattern("(?m)^wharf_dead_letters_total \\d+$")
                    .containsPattern("(?m)^wharf_guest_memory_used_bytes [1-9]\\d*$")
                    .containsPattern("(?m)^wharf_guest_memory_limit_bytes [1-9]\\d*$")
                    .contains("# TYPE wharf_call_latency_seconds summary", "# TYPE wharf_messages_in_total counter");

            Path scraped = dir.resolve("metrics.txt");
            Files.writeString(scraped, text);
            Run check = run(List.of("promtool", "check", "metrics"), scraped, true);
            assertThat(check.exit()).as("promtool check metrics:\n" + check.output()).isZero();

            if (onPath("prometheus") || System.getenv("CI") != null) {
                scrapedByPrometheus(port);
            }

            Files.writeString(deploy.resolve("dev.wharf.metrics.cfg"), "path = /ops/metrics\n");
            Run moved = curl("-s", "--fail", "--retry", "30", "--retry-delay", "1", "--retry-all-errors",
                    base + "/ops/metrics");
            assertThat(moved.exit()).as(moved.output()).isZero();
            assertThat(moved.output()).contains("wharf_messages_in_total{component=\"pong\"");
            assertThat(status(base + "/metrics")).isEqualTo("404");

            Files.writeString(deploy.resolve("dev.wharf.metrics.cfg"), "path = /ops/metrics\nenabled = false\n");
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!status(base + "/ops/metrics").equals("404") && System.nanoTime() < end) {
                Thread.sleep(200);
            }
            assertThat(status(base + "/ops/metrics")).as("turned off").isEqualTo("404");
            assertThat(c.stop()).isZero();
        }
    }

    /** A Prometheus of its own scrapes wharf.jar every second; its API then has pong's series. */
    private void scrapedByPrometheus(int wharfPort) throws Exception {
        int port = freePort();
        Path config = dir.resolve("prometheus.yml");
        Files.writeString(config, """
                global:
                  scrape_interval: 1s
                scrape_configs:
                  - job_name: wharf
                    metrics_path: /metrics
                    static_configs:
                      - targets: ['127.0.0.1:%d']
                """.formatted(wharfPort));
        Process prometheus = new ProcessBuilder("prometheus", "--config.file=" + config,
                "--storage.tsdb.path=" + dir.resolve("prometheus-data"), "--web.listen-address=127.0.0.1:" + port)
                .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
        try {
            String query = "http://127.0.0.1:" + port + "/api/v1/query?query="
                    + URLEncoder.encode("wharf_messages_in_total{component=\"pong\"}", StandardCharsets.UTF_8);
            String answer = "";
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (System.nanoTime() < end) {
                answer = curl("-s", query).output();
                if (answer.contains("\"component\":\"pong\"")) {
                    break;
                }
                Thread.sleep(500);
            }
            assertThat(answer).as("Prometheus' answer; its log:\n" + Files.readString(dir.resolve("prometheus.log")))
                    .contains("\"status\":\"success\"", "\"__name__\":\"wharf_messages_in_total\"", "\"component\":\"pong\"",
                            "\"job\":\"wharf\"");
            String up = curl("-s", "http://127.0.0.1:" + port + "/api/v1/query?query=up").output();
            assertThat(up).as("the scrape is healthy").contains("\"value\":[").containsPattern("\"1\"\\]");
        } finally {
            prometheus.destroy();
            if (!prometheus.waitFor(30, TimeUnit.SECONDS)) {
                prometheus.destroyForcibly();
            }
        }
    }

    /** The value of {@code family}'s sample for {@code component}. */
    private static long value(String text, String family, String component) {
        Matcher m = Pattern.compile("(?m)^" + family + "\\{component=\"" + Pattern.quote(component)
                + "\",kind=\"[a-z]+\"\\} (\\d+)$").matcher(text);
        assertThat(m.find()).as(family + " of " + component + " in:\n" + text).isTrue();
        return Long.parseLong(m.group(1));
    }

    private static String status(String url) throws IOException, InterruptedException {
        return curl("-s", "-o", "/dev/null", "-w", "%{http_code}", url).output();
    }

}
