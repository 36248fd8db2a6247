package dev.wharf.otel.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.otlp.OtlpReceiver;
import dev.wharf.otlp.ReceivedMetric;
import dev.wharf.otlp.ReceivedSpan;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class OtelExporterTest {

    private static final AttributeKey<String> COMPONENT = AttributeKey.stringKey("component.id");
    private static final Duration WAIT = Duration.ofSeconds(15);

    private final FakeContext fake = new FakeContext();

    private static Map<String, Object> config(OtlpReceiver receiver, Object... more) {
        Map<String, Object> p = new HashMap<>(Map.of("endpoint", receiver.endpoint(), "service-instance", "node-a",
                "metrics-interval-ms", 200L, "headers", new String[] {"x-wharf-test=yes"}));
        for (int i = 0; i < more.length; i += 2) {
            p.put((String) more[i], more[i + 1]);
        }
        return p;
    }

    private OpenTelemetry registered() {
        assertThat(fake.registered).hasSize(1);
        FakeContext.Registered r = fake.registered.get(0);
        assertThat(r.type()).isEqualTo(OpenTelemetry.class.getName());
        assertThat(r.properties().get("service.vendor")).isEqualTo("Wharf");
        return (OpenTelemetry) r.service();
    }

    @Test
    void exportsSpansAndMetricsTheReceiverDecodes() throws Exception {
        try (OtlpReceiver receiver = new OtlpReceiver()) {
            OtelExporter exporter = new OtelExporter(fake.context, Configs.otel(config(receiver)));
            try {
                OpenTelemetry otel = registered();
                Tracer tracer = otel.getTracer("dev.wharf.runtime");
                Span parent = tracer.spanBuilder("deploy counter").setSpanKind(SpanKind.SERVER)
                        .setAttribute(COMPONENT, "counter").startSpan();
                try (Scope ignored = parent.makeCurrent()) {
                    tracer.spanBuilder("instantiate").setAttribute("pages", 3L).startSpan().end();
                } finally {
                    parent.end();
                }
                Meter meter = otel.getMeter("dev.wharf.runtime");
                LongCounter messages = meter.counterBuilder("wharf.test.messages").build();
                DoubleHistogram calls = meter.histogramBuilder("wharf.test.calls").setUnit("ms").build();
                messages.add(5, Attributes.of(COMPONENT, "counter"));
                for (double ms : new double[] {3, 7, 12}) {
                    calls.record(ms, Attributes.of(COMPONENT, "counter"));
                }

                List<ReceivedSpan> spans = receiver.awaitSpans(s -> s.size() >= 2, WAIT);
                ReceivedSpan root = spans.stream().filter(s -> s.name().equals("deploy counter")).findFirst().orElseThrow();
                ReceivedSpan child = spans.stream().filter(s -> s.name().equals("instantiate")).findFirst().orElseThrow();
                assertThat(root.isRoot()).isTrue();
                assertThat(root.kind()).isEqualTo(2);
                assertThat(root.scope()).isEqualTo("dev.wharf.runtime");
                assertThat(root.attributes()).containsEntry("component.id", "counter");
                assertThat(child.traceId()).isEqualTo(root.traceId()).hasSize(32);
                assertThat(child.parentSpanId()).isEqualTo(root.spanId());
                assertThat(child.attributes()).containsEntry("pages", 3L);
                assertThat(child.endNanos()).isGreaterThanOrEqualTo(child.startNanos());
                assertThat(root.resource()).containsEntry("service.name", "wharf")
                        .containsEntry("service.instance.id", "node-a").containsEntry("telemetry.sdk.language", "java")
                        .containsKey("telemetry.sdk.version");

                List<ReceivedMetric> metrics = receiver.awaitMetrics(m -> histogram(m) != null
                        && histogram(m).points().get(0).count() == 3, WAIT);
                ReceivedMetric.Point h = histogram(metrics).points().get(0);
                assertThat(h.attributes()).containsEntry("component.id", "counter");
                assertThat(h.value()).isEqualTo(22.0);
                assertThat(h.bounds()).startsWith(0.0, 5.0, 10.0, 25.0);
                assertThat(h.bucketCounts()).startsWith(0L, 1L, 1L, 1L).hasSize(h.bounds().size() + 1);
                assertThat(h.bucketCounts().stream().mapToLong(Long::longValue).sum()).isEqualTo(3);
                ReceivedMetric sum = metrics.stream().filter(m -> m.name().equals("wharf.test.messages")).findFirst()
                        .orElseThrow();
                assertThat(sum.type()).isEqualTo("sum");
                assertThat(sum.total()).isEqualTo(5.0);
                assertThat(sum.resource()).containsEntry("service.instance.id", "node-a");
                assertThat(receiver.errors()).isEmpty();
            } finally {
                exporter.deactivate();
            }
            assertThat(fake.registered).isEmpty();
        }
    }

    @Test
    void deactivatingFlushesPendingSpansAndEndsEveryThread() throws Exception {
        Set<Thread> before = Set.copyOf(Thread.getAllStackTraces().keySet());
        try (OtlpReceiver receiver = new OtlpReceiver()) {
            // a minute between metric exports and 5 s between span batches: only the flush can send these
            OtelExporter exporter = new OtelExporter(fake.context,
                    Configs.otel(config(receiver, "metrics-interval-ms", 60_000L)));
            OpenTelemetry otel = registered();
            otel.getTracer("t").spanBuilder("pending").startSpan().end();
            otel.getMeter("m").counterBuilder("wharf.test.pending").build().add(1);
            assertThat(names(alive(before))).contains("wharf-otel-metrics");
            exporter.deactivate();
            assertThat(fake.registered).isEmpty();
            assertThat(receiver.spans()).extracting(ReceivedSpan::name).containsExactly("pending");
            assertThat(receiver.metrics()).extracting(ReceivedMetric::name).contains("wharf.test.pending");
            assertThat(names(alive(before))).filteredOn(n -> !n.startsWith("otlp-receiver-")
                    && !n.equals("HTTP-Dispatcher") && !n.equals("idle-timeout-task")).isEmpty();
        }
        assertThat(names(alive(before))).isEmpty();
    }

    @Test
    void aChangeReplacesTheServiceAndABadOneKeepsIt() throws Exception {
        try (OtlpReceiver receiver = new OtlpReceiver()) {
            OtelExporter exporter = new OtelExporter(fake.context, Configs.otel(config(receiver)));
            OpenTelemetry first = registered();
            exporter.configure(Configs.otel(config(receiver, "service-instance", "node-b")));
            OpenTelemetry second = registered();
            assertThat(second).isNotSameAs(first);
            exporter.configure(Configs.otel(config(receiver, "sampler-ratio", 2.0)));
            assertThat(registered()).isSameAs(second);
            second.getTracer("t").spanBuilder("after change").startSpan().end();
            exporter.deactivate();
            assertThat(receiver.spans()).singleElement().satisfies(s -> assertThat(s.resource())
                    .containsEntry("service.instance.id", "node-b"));
        }
    }

    @Test
    void withoutAValidConfigurationNothingIsRegistered() throws Exception {
        OtelExporter exporter = new OtelExporter(fake.context, Configs.otel(Map.of("service-name", "wharf")));
        assertThat(fake.registered).isEmpty();
        assertThat(exporter.current()).isNull();
        exporter.deactivate();
    }

    private static ReceivedMetric histogram(List<ReceivedMetric> metrics) {
        ReceivedMetric last = null;
        for (ReceivedMetric m : metrics) {
            if (m.name().equals("wharf.test.calls") && m.type().equals("histogram")) {
                last = m;
            }
        }
        return last;
    }

    /** The threads alive now that were not before. */
    private static Set<Thread> alive(Set<Thread> before) {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.isAlive() && !before.contains(t))
                .collect(Collectors.toSet());
    }

    private static List<String> names(Set<Thread> threads) {
        return threads.stream().map(Thread::getName).sorted().toList();
    }
}
