package dev.wharf.karaf;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.otlp.OtlpReceiver;
import dev.wharf.otlp.ReceivedSpan;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * Traces from a real Apache Karaf: Wharf and its examples installed first (feature wharf brings the
 * OpenTelemetry API, so the runtime is wired to it from the start), then
 * {@code feature:install wharf-opentelemetry} with etc/dev.wharf.otel.cfg naming a receiver in the
 * test, which decodes what the exporter sends: no component restarts, and an ask from the console
 * is a trace.
 */
@DisabledOnOs(value = OS.WINDOWS, disabledReason = "drives bin/karaf and bin/client, the shell scripts")
class KarafOpenTelemetryIT {

    private static final String VERSION = System.getProperty("wharf.version", "0.1.0-SNAPSHOT");
    private static final Path DIST = Path.of(System.getProperty("karaf.dist", "target/karaf/apache-karaf-4.4.10"));
    private static final Path REPO = Path.of(System.getProperty("karaf.repo", "target/karaf-repo"));
    private static final Path RUN = Path.of(System.getProperty("karaf.run", "target/karaf-run") + "-otel");
    private static final int SERVER = 2;
    private static final int CLIENT = 3;

    @Test
    void anAskFromTheConsoleIsExportedAsATrace() throws Exception {
        try (OtlpReceiver receiver = new OtlpReceiver(); Karaf karaf = new Karaf(DIST, RUN, REPO)) {
            karaf.drop("endpoint = " + receiver.endpoint() + "\nservice-instance = karaf\nmetrics-interval-ms = 500\n",
                    "etc", "dev.wharf.otel.cfg");
            karaf.start();
            karaf.await("system:start-level", r -> r.ok() && r.output().contains("Level 100"), 90_000, "Karaf console");
            Karaf.Result added = karaf.run("feature:repo-add mvn:dev.wharf/karaf-features/" + VERSION + "/xml/features");
            assertThat(added.ok()).as("%s", added).isTrue();
            Karaf.Result wharf = karaf.run("feature:install wharf wharf-examples");
            assertThat(wharf.ok()).as("%s", wharf).isTrue();
            karaf.awaitLog(l -> l.contains("component pong is ready"), 60_000, "pong ready");

            Karaf.Result otel = karaf.run("feature:install wharf-opentelemetry");
            assertThat(otel.ok()).as("%s", otel).isTrue();
            karaf.awaitLog(l -> l.contains("tracing and metrics through OpenTelemetry service"), 60_000,
                    "the runtime tracing through dev.wharf.otel's SDK");
            karaf.await("wasm:ask pong '{\"q\":1}'", r -> r.output().equals("\"pong\""), 30_000, "pong's answer");
            // the runtime was not refreshed: its components were not restarted
            String log = Files.readString(RUN.resolve("data/log/karaf.log"));
            assertThat(log.lines().filter(l -> l.contains("dev.wharf.runtime/") && l.contains("Should be wired to"))).isEmpty();
            assertThat(log).doesNotContain("of the previous runtime is not taken over");

            List<ReceivedSpan> spans = receiver.awaitSpans(all -> turnOfAsk(all).isPresent(), Duration.ofSeconds(30));
            ReceivedSpan turn = turnOfAsk(spans).orElseThrow();
            assertThat(turn.attributes()).containsEntry("wharf.component", "pong").containsEntry("wharf.sender", "host")
                    .containsEntry("wharf.outcome", "ok");
            assertThat(turn.resource()).containsEntry("service.instance.id", "karaf").containsEntry("service.name", "wharf");
            receiver.awaitMetrics(all -> all.stream().anyMatch(m -> m.name().equals("wharf.messages.in")),
                    Duration.ofSeconds(30));
            assertThat(receiver.errors()).isEmpty();
            assertThat(karaf.stop(60_000)).as("Karaf's exit code\n%s", karaf.report()).isZero();
        }
    }

    /** pong's turn of an ask, the child of the console's CLIENT ask span, a root. */
    private static Optional<ReceivedSpan> turnOfAsk(List<ReceivedSpan> spans) {
        return spans.stream().filter(s -> s.name().equals("ask pong") && s.kind() == SERVER)
                .filter(s -> spans.stream().anyMatch(c -> c.spanId().equals(s.parentSpanId()) && c.kind() == CLIENT
                        && c.isRoot() && c.name().equals("ask pong")))
                .findFirst();
    }
}
