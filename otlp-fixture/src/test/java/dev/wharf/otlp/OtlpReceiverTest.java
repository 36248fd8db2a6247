package dev.wharf.otlp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class OtlpReceiverTest {

    private static final byte[] TRACE = HexFormat.of().parseHex("0af7651916cd43dd8448eb211c80319c");
    private static final byte[] PARENT = HexFormat.of().parseHex("b7ad6b7169203331");
    private static final byte[] CHILD = HexFormat.of().parseHex("00f067aa0ba902b7");

    private final OtlpReceiver receiver;

    OtlpReceiverTest() throws IOException {
        receiver = new OtlpReceiver();
    }

    @AfterEach
    void close() {
        receiver.close();
    }

    static Proto resource() {
        return new Proto().message(1, Proto.attribute("service.name", "wharf"))
                .message(1, Proto.attribute("service.instance.id", "node-a"));
    }

    static byte[] traces() {
        Proto root = new Proto().bytes(1, TRACE).bytes(2, PARENT).string(3, "").string(5, "deploy").varint(6, 2)
                .fixed64(7, 1_000).fixed64(8, 3_000).message(9, Proto.attribute("component.id", "counter"))
                .message(15, new Proto().string(2, "").varint(3, 1)).fixed32(16, 0x101);
        Proto child = new Proto().bytes(1, TRACE).bytes(2, CHILD).bytes(4, PARENT).string(5, "instantiate").varint(6, 1)
                .fixed64(7, 1_500).fixed64(8, 2_500).message(9, Proto.attribute("pages", 3))
                .message(9, new Proto().string(1, "flags").message(2, new Proto().message(5,
                        new Proto().message(1, new Proto().varint(2, 1)).message(1, new Proto().dbl(4, 0.5)))))
                .message(15, new Proto().varint(3, 2));
        Proto scope = new Proto().message(1, new Proto().string(1, "dev.wharf.runtime").string(2, "0.1.0"))
                .message(2, root).message(2, child).string(3, "https://opentelemetry.io/schemas/1.24.0");
        return new Proto().message(1, new Proto().message(1, resource()).message(2, scope)).toBytes();
    }

    static byte[] metrics() {
        Proto counter = new Proto().string(1, "wharf.messages").string(3, "{message}").message(7, new Proto()
                .message(1, new Proto().message(7, Proto.attribute("component.id", "counter")).fixed64(3, 9).fixed64(6, 42))
                .varint(2, 2).varint(3, 1));
        Proto gauge = new Proto().string(1, "wharf.memory").message(5,
                new Proto().message(1, new Proto().dbl(4, 65536.0)));
        Proto histogram = new Proto().string(1, "wharf.call.duration").message(9, new Proto().message(1, new Proto()
                .message(9, Proto.attribute("component.id", "counter")).fixed64(4, 3).dbl(5, 12.5)
                .packedFixed64(6, 1, 2, 0).packedDoubles(7, 5.0, 10.0).dbl(11, 1.0).dbl(12, 9.0)).varint(2, 2));
        Proto scope = new Proto().message(1, new Proto().string(1, "dev.wharf.runtime"))
                .message(2, counter).message(2, gauge).message(2, histogram);
        return new Proto().message(1, new Proto().message(1, resource()).message(2, scope)).toBytes();
    }

    @Test
    void decodesSpansWithTheirParentsAttributesAndResource() throws Exception {
        assertThat(post("/v1/traces", traces(), false)).isEqualTo(200);
        List<ReceivedSpan> spans = receiver.awaitSpans(s -> s.size() == 2, Duration.ofSeconds(5));
        ReceivedSpan root = spans.get(0);
        ReceivedSpan child = spans.get(1);
        assertThat(root.traceId()).isEqualTo("0af7651916cd43dd8448eb211c80319c");
        assertThat(root.spanId()).isEqualTo("b7ad6b7169203331");
        assertThat(root.isRoot()).isTrue();
        assertThat(root.name()).isEqualTo("deploy");
        assertThat(root.kind()).isEqualTo(2);
        assertThat(root.statusCode()).isEqualTo(1);
        assertThat(root.startNanos()).isEqualTo(1_000);
        assertThat(root.endNanos()).isEqualTo(3_000);
        assertThat(root.scope()).isEqualTo("dev.wharf.runtime");
        assertThat(root.attributes()).isEqualTo(Map.of("component.id", "counter"));
        assertThat(root.resource()).isEqualTo(Map.of("service.name", "wharf", "service.instance.id", "node-a"));
        assertThat(child.parentSpanId()).isEqualTo(root.spanId());
        assertThat(child.traceId()).isEqualTo(root.traceId());
        assertThat(child.statusCode()).isEqualTo(2);
        assertThat(child.attributes()).isEqualTo(Map.of("pages", 3L, "flags", List.of(true, 0.5)));
        assertThat(receiver.errors()).isEmpty();
    }

    @Test
    void decodesSumsGaugesAndHistogramsSentWithGzip() throws Exception {
        assertThat(post("/v1/metrics", metrics(), true)).isEqualTo(200);
        List<ReceivedMetric> metrics = receiver.awaitMetrics(m -> m.size() == 3, Duration.ofSeconds(5));
        assertThat(metrics).extracting(ReceivedMetric::name, ReceivedMetric::type).containsExactly(
                org.assertj.core.groups.Tuple.tuple("wharf.messages", "sum"),
                org.assertj.core.groups.Tuple.tuple("wharf.memory", "gauge"),
                org.assertj.core.groups.Tuple.tuple("wharf.call.duration", "histogram"));
        assertThat(metrics.get(0).total()).isEqualTo(42.0);
        assertThat(metrics.get(0).points().get(0).attributes()).containsEntry("component.id", "counter");
        assertThat(metrics.get(1).total()).isEqualTo(65536.0);
        ReceivedMetric.Point h = metrics.get(2).points().get(0);
        assertThat(h.count()).isEqualTo(3);
        assertThat(h.value()).isEqualTo(12.5);
        assertThat(h.bucketCounts()).containsExactly(1L, 2L, 0L);
        assertThat(h.bounds()).containsExactly(5.0, 10.0);
        assertThat(metrics.get(2).resource()).containsEntry("service.instance.id", "node-a");
    }

    @Test
    void aMalformedBodyIsAnsweredBadRequestAndKept() throws Exception {
        byte[] truncated = java.util.Arrays.copyOf(traces(), 20);
        assertThat(post("/v1/traces", truncated, false)).isEqualTo(400);
        assertThat(receiver.errors()).singleElement().asString().startsWith("/v1/traces: malformed protobuf");
        assertThat(receiver.spans()).isEmpty();
        assertThat(post("/v1/logs", traces(), false)).isEqualTo(404);
    }

    @Test
    void waitingTooLongSaysWhatArrived() throws Exception {
        post("/v1/traces", traces(), false);
        assertThatThrownBy(() -> receiver.awaitSpans(s -> s.size() > 2, Duration.ofMillis(200)))
                .isInstanceOf(AssertionError.class).hasMessageContaining("name=instantiate");
    }

    @Test
    void closeEndsItsThreads() throws Exception {
        post("/v1/traces", traces(), false);
        receiver.close();
        assertThat(Thread.getAllStackTraces().keySet()).extracting(Thread::getName)
                .noneMatch(n -> n.startsWith("otlp-receiver-"));
    }

    private int post(String path, byte[] body, boolean gzip) throws IOException {
        HttpURLConnection c = (HttpURLConnection) URI.create(receiver.endpoint() + path).toURL().openConnection();
        c.setDoOutput(true);
        c.setRequestMethod("POST");
        c.setRequestProperty("Content-Type", "application/x-protobuf");
        c.setRequestProperty("Connection", "close");
        if (gzip) {
            ByteArrayOutputStream zipped = new ByteArrayOutputStream();
            try (GZIPOutputStream z = new GZIPOutputStream(zipped)) {
                z.write(body);
            }
            body = zipped.toByteArray();
            c.setRequestProperty("Content-Encoding", "gzip");
        }
        try (OutputStream out = c.getOutputStream()) {
            out.write(body);
        }
        try {
            return c.getResponseCode();
        } finally {
            c.disconnect();
        }
    }
}
