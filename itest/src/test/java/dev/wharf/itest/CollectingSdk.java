package dev.wharf.itest;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.metrics.InstrumentType;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.AggregationTemporality;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.export.CollectionRegistration;
import io.opentelemetry.sdk.metrics.export.MetricReader;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An OpenTelemetry SDK that keeps what it is given in memory: every span as it ends (a simple
 * processor exports at once, on the thread that ends it) and the metrics whenever the test
 * collects them, as a scraper would. The SDK's own in-memory classes live in
 * opentelemetry-sdk-testing, whose manifest requires the incubator API: these few lines do instead.
 */
final class CollectingSdk implements AutoCloseable {

    private final List<SpanData> spans = new CopyOnWriteArrayList<>();
    private final Reader reader = new Reader();
    private final OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
            .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(new Exporter(spans))).build())
            .setMeterProvider(SdkMeterProvider.builder().registerMetricReader(reader).build())
            .build();

    OpenTelemetrySdk sdk() {
        return sdk;
    }

    /** The spans ended so far, oldest first. */
    List<SpanData> spans() {
        return List.copyOf(spans);
    }

    /** One collection of every instrument, observable ones read now. */
    Collection<MetricData> collect() {
        return reader.registration.collectAllMetrics();
    }

    /** The string attribute {@code key} of {@code span}, or {@code null}. */
    static String attribute(SpanData span, String key) {
        return span.getAttributes().get(AttributeKey.stringKey(key));
    }

    @Override
    public void close() {
        sdk.close();
    }

    private static final class Exporter implements SpanExporter {
        private final List<SpanData> into;

        Exporter(List<SpanData> into) {
            this.into = into;
        }

        @Override
        public CompletableResultCode export(Collection<SpanData> ended) {
            into.addAll(ended);
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

    /** Collects only when asked: cumulative, so each collection holds every turn so far. */
    private static final class Reader implements MetricReader {
        volatile CollectionRegistration registration = CollectionRegistration.noop();

        @Override
        public void register(CollectionRegistration r) {
            registration = r;
        }

        @Override
        public AggregationTemporality getAggregationTemporality(InstrumentType type) {
            return AggregationTemporality.CUMULATIVE;
        }

        @Override
        public CompletableResultCode forceFlush() {
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode shutdown() {
            return CompletableResultCode.ofSuccess();
        }
    }
}
