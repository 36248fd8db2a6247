package dev.wharf.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.otlp.OtlpReceiver;
import dev.wharf.otlp.ReceivedMetric;
import dev.wharf.otlp.ReceivedSpan;
import dev.wharf.testing.nats.NatsServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two wharf.jar containers in one lattice, each exporting over OTLP/HTTP (deploy/dev.wharf.otel.cfg)
 * to a receiver in the test that decodes the protobuf: an ask from node a's shell to relay, which
 * asks worker on node b, is one trace across both nodes, each span the child of the one before,
 * the trace context carried in the NATS headers; the metrics arrive too.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OpenTelemetryIT {

    private static final Path JAR = Path.of(System.getProperty("wharf.jar", "target/wharf.jar"));
    private static final int SERVER = 2;
    private static final int CLIENT = 3;
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    static Path root;

    private OtlpReceiver receiver;
    private NatsServer nats;
    private Container a;
    private Container b;

    @BeforeAll
    void start() throws Exception {
        receiver = new OtlpReceiver();
        nats = new NatsServer(LatticeIT.natsServer());
        nats.start();
        Path dirA = node("a");
        LatticeIT.drop(dirA, "test.relay", "relay.wasm;id=relay;send-to=worker", "relay");
        Path dirB = node("b");
        LatticeIT.worker(dirB, "worker", "b");
        a = new Container(JAR, dirA);
        b = new Container(JAR, dirB);
        a.await(l -> l.contains("component relay is ready"), 60_000, "a's relay");
        b.await(l -> l.contains("component worker is ready"), 60_000, "b's worker");
        LatticeIT.until(a, "wasm:lattice", l -> l.startsWith("b ") && l.contains("worker"), "a sees b's worker");
        // each runtime exporting its gauges has bound the OpenTelemetry service (configured from
        // deploy/ by FileInstall): what it records from now on is exported, a call's latency too
        receiver.awaitMetrics(all -> Stream.of("a", "b").allMatch(node -> all.stream().anyMatch(m ->
                m.scope().equals("dev.wharf.runtime") && node.equals(m.resource().get("service.instance.id")))), WAIT);
    }

    @AfterAll
    void stop() throws Exception {
        for (AutoCloseable x : new AutoCloseable[] {a, b, nats, receiver}) {
            if (x != null) {
                x.close();
            }
        }
    }

    private Path node(String name) throws IOException {
        Path dir = Files.createDirectories(root.resolve(name).resolve("deploy")).getParent();
        Files.writeString(dir.resolve("deploy/dev.wharf.lattice.cfg"), "servers = " + nats.url() + "\nlattice = otel\nnode = "
                + name + "\n");
        Files.writeString(dir.resolve("deploy/dev.wharf.otel.cfg"), "endpoint = " + receiver.endpoint()
                + "\nservice-instance = " + name + "\nmetrics-interval-ms = 500\n");
        return dir;
    }

    @Test
    void oneTraceFollowsAnAskFromNodeAToNodeBAndBack() throws Exception {
        a.command("wasm:ask relay '\"hi\"'");
        a.await(l -> l.endsWith("\"b\""), 15_000, "relay's answer from worker on b");

        List<ReceivedSpan> chain = chain(receiver.awaitSpans(all -> chain(all).isPresent(), WAIT)).orElseThrow();
        ReceivedSpan asked = chain.get(0);
        ReceivedSpan relay = chain.get(1);
        ReceivedSpan relayAsks = chain.get(2);
        ReceivedSpan worker = chain.get(3);
        // the shell's ask starts the trace; each step is the child of the one before, across the lattice
        assertThat(asked.isRoot()).isTrue();
        assertThat(relay.parentSpanId()).isEqualTo(asked.spanId());
        assertThat(relayAsks.parentSpanId()).isEqualTo(relay.spanId());
        assertThat(worker.parentSpanId()).isEqualTo(relayAsks.spanId());
        assertThat(List.of(relay, relayAsks, worker)).allSatisfy(s -> assertThat(s.traceId()).isEqualTo(asked.traceId()));
        assertThat(asked.attributes()).containsEntry("wharf.sender", "host").containsEntry("wharf.outcome", "ok");
        assertThat(worker.attributes()).containsEntry("wharf.component", "worker").containsEntry("wharf.sender", "relay")
                .containsEntry("wharf.outcome", "ok");
        assertThat(worker.scope()).isEqualTo("dev.wharf.runtime");
        assertThat(worker.resource()).containsEntry("service.name", "wharf");
        // worker reads its node's name from the config capability: a span under its turn, on b
        List<ReceivedSpan> withCapability = receiver.awaitSpans(all -> all.stream().anyMatch(s -> s.name()
                .startsWith("capability config") && s.parentSpanId().equals(worker.spanId())), WAIT);
        ReceivedSpan config = withCapability.stream().filter(s -> s.parentSpanId().equals(worker.spanId())).findFirst()
                .orElseThrow();
        assertThat(config.kind()).isEqualTo(CLIENT);
        assertThat(config.resource()).containsEntry("service.instance.id", "b");
        assertThat(config.traceId()).isEqualTo(asked.traceId());
    }

    @Test
    void theRuntimesMetricsArriveOverOtlp() throws Exception {
        a.command("wasm:ask relay '\"m\"'");
        a.await(l -> l.endsWith("\"b\""), 15_000, "relay's answer");
        Predicate<ReceivedMetric> latency = m -> m.name().equals("wharf.call.latency") && m.type().equals("histogram")
                && "b".equals(m.resource().get("service.instance.id"))
                && m.points().stream().anyMatch(p -> "worker".equals(p.attributes().get("wharf.component")) && p.count() >= 1);
        Predicate<ReceivedMetric> in = m -> m.name().equals("wharf.messages.in") && m.type().equals("sum")
                && "a".equals(m.resource().get("service.instance.id"))
                && m.points().stream().anyMatch(p -> "relay".equals(p.attributes().get("wharf.component")) && p.value() >= 1);
        List<ReceivedMetric> metrics = receiver.awaitMetrics(all -> all.stream().anyMatch(latency)
                && all.stream().anyMatch(in), WAIT);
        assertThat(metrics).anyMatch(m -> m.name().equals("wharf.guest.memory.used") && m.total() > 0);
        assertThat(receiver.errors()).isEmpty();
    }

    /**
     * The spans of one ask of relay from a's shell, in order: the shell's ask (a root), relay's
     * turn, relay's ask of worker (all on a), worker's turn (on b); each found as the child of the
     * one before, so another ask's spans are never mixed in.
     */
    private static Optional<List<ReceivedSpan>> chain(List<ReceivedSpan> spans) {
        for (ReceivedSpan asked : spans) {
            if (asked.isRoot() && is(asked, "a", "ask relay", CLIENT)) {
                Optional<ReceivedSpan> relay = child(spans, asked, "a", "ask relay", SERVER);
                Optional<ReceivedSpan> relayAsks = relay.flatMap(r -> child(spans, r, "a", "ask worker", CLIENT));
                Optional<ReceivedSpan> worker = relayAsks.flatMap(r -> child(spans, r, "b", "ask worker", SERVER));
                if (worker.isPresent()) {
                    return Optional.of(List.of(asked, relay.get(), relayAsks.get(), worker.get()));
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<ReceivedSpan> child(List<ReceivedSpan> spans, ReceivedSpan parent, String node, String name,
            int kind) {
        return spans.stream().filter(s -> s.parentSpanId().equals(parent.spanId()) && is(s, node, name, kind)).findFirst();
    }

    private static boolean is(ReceivedSpan s, String node, String name, int kind) {
        return s.name().equals(name) && s.kind() == kind && node.equals(s.resource().get("service.instance.id"));
    }
}
