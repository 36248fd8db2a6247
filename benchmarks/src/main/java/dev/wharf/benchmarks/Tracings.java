package dev.wharf.benchmarks;

import dev.wharf.runtime.internal.telemetry.Telemetry;
import dev.wharf.runtime.internal.telemetry.otel.OtelTracing;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.metrics.InstrumentType;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.AggregationTemporality;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.export.MetricExporter;
import io.opentelemetry.sdk.metrics.export.PeriodicMetricReader;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.time.Duration;
import java.util.Collection;

/**
 * The tracings a benchmark compares in one run: {@code off} (no OpenTelemetry service: what the
 * runtime does without one), {@code noop} (the API's no-op OpenTelemetry as the service) and
 * {@code sdk} (the SDK sampling every span into a batch processor, and the latency histogram
 * read every second, both exported to nothing: the cost is the runtime's and the SDK's, not a
 * network's).
 */
final class Tracings implements AutoCloseable {

    private final OpenTelemetrySdk sdk;
    final Telemetry telemetry;

    Tracings(String mode) {
        switch (mode) {
            case "off":
                sdk = null;
                telemetry = new Telemetry();
                break;
            case "noop":
                sdk = null;
                telemetry = new Telemetry(new OtelTracing(OpenTelemetry.noop(), "bench"));
                break;
            case "sdk":
                sdk = OpenTelemetrySdk.builder()
                        .setTracerProvider(SdkTracerProvider.builder()
                                .addSpanProcessor(BatchSpanProcessor.builder(new DiscardSpans()).build()).build())
                        .setMeterProvider(SdkMeterProvider.builder()
                                .registerMetricReader(PeriodicMetricReader.builder(new DiscardMetrics())
                                        .setInterval(Duration.ofSeconds(1)).build()).build())
                        .build();
                telemetry = new Telemetry(new OtelTracing(sdk, "bench"));
                break;
            default:
                throw new IllegalArgumentException("tracing " + mode + ": expected off, noop or sdk");
        }
    }

    @Override
    public void close() {
        if (sdk != null) {
            sdk.close();
        }
    }

    /** Takes spans and drops them. */
    private static final class DiscardSpans implements SpanExporter {
        @Override
        public CompletableResultCode export(Collection<SpanData> spans) {
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode flush() {
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode shutdown() {
            return CompletableResultCode.ofSuccess();
        }
    }

    /** Takes metrics and drops them. */
    private static final class DiscardMetrics implements MetricExporter {
        @Override
        public CompletableResultCode export(Collection<MetricData> metrics) {
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public AggregationTemporality getAggregationTemporality(InstrumentType type) {
            return AggregationTemporality.CUMULATIVE;
        }

        @Override
        public CompletableResultCode flush() {
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode shutdown() {
            return CompletableResultCode.ofSuccess();
        }
    }
}
