package dev.wharf.otel.internal;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.MeterProvider;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.exporter.otlp.http.metrics.OtlpHttpMetricExporter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.OpenTelemetrySdkBuilder;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.export.PeriodicMetricReader;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One OpenTelemetry SDK exporting over OTLP/HTTP, as {@link OtelSettings} describe it, and what
 * it takes to stop it without leaving a thread behind. Its threads: the SDK's
 * {@code BatchSpanProcessor_WorkerThread-<n>} (traces), {@code wharf-otel-metrics} (the periodic
 * metric reader), {@code wharf-otel-traces-send} and {@code wharf-otel-metrics-send} (the
 * senders); all end in {@link #stop()}. The SDK is built on a thread of a thread group of its own,
 * so the threads the SDK starts itself (it takes no thread factory) are found there and waited
 * for: a span processor's shutdown completes a moment before its thread ends.
 */
final class Telemetry {

    /** How long stopping waits for the last spans and metrics to be sent. */
    static final long FLUSH_MS = 5_000;
    /** How long stopping then waits for each thread that is left to end. */
    private static final long THREAD_END_MS = 1_000;

    private final OpenTelemetrySdk sdk;
    private final Senders traceSenders = new Senders("wharf-otel-traces-send");
    private final Senders metricSenders = new Senders("wharf-otel-metrics-send");
    private final ScheduledExecutorService metricsTimer;
    private final ThreadGroup group;

    /**
     * Builds the SDK (its threads in a group of their own) and starts exporting.
     *
     * @param instance the resource's service.instance.id
     * @throws IllegalArgumentException what the exporters' builders refuse
     */
    static Telemetry start(OtelSettings settings, String instance) throws InterruptedException {
        ThreadGroup group = new ThreadGroup("wharf-otel");
        group.setDaemon(true); // gone with its last thread, so a change of configuration leaves no group behind
        AtomicReference<Object> made = new AtomicReference<>();
        Thread builder = new Thread(group, () -> {
            try {
                made.set(new Telemetry(settings, instance, group));
            } catch (RuntimeException | Error e) {
                made.set(e);
            }
        }, "wharf-otel-start");
        builder.start();
        builder.join();
        Object result = made.get();
        if (result instanceof RuntimeException e) {
            throw e;
        }
        if (result instanceof Error e) {
            throw e;
        }
        return (Telemetry) result;
    }

    private Telemetry(OtelSettings settings, String instance, ThreadGroup group) {
        this.group = group;
        Resource resource = Resource.getDefault().merge(Resource.create(Attributes.builder()
                .put("service.name", settings.serviceName()).put("service.instance.id", instance).build()));
        Duration timeout = Duration.ofMillis(settings.timeoutMs());
        OpenTelemetrySdkBuilder sdk = OpenTelemetrySdk.builder()
                .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()));
        var tracing = SdkTracerProvider.builder().setResource(resource);
        if (settings.traces()) {
            var spans = OtlpHttpSpanExporter.builder().setEndpoint(settings.tracesUrl()).setTimeout(timeout)
                    .setComponentLoader(traceSenders)
                    // the exporter's own metrics would otherwise go to GlobalOpenTelemetry, which Wharf leaves alone
                    .setMeterProvider(MeterProvider.noop());
            settings.headers().forEach(spans::addHeader);
            tracing.setSampler(Sampler.parentBased(Sampler.traceIdRatioBased(settings.samplerRatio())))
                    .addSpanProcessor(BatchSpanProcessor.builder(spans.build()).setExporterTimeout(timeout)
                            .setMeterProvider(MeterProvider.noop()).build());
        } else {
            tracing.setSampler(Sampler.alwaysOff()); // spans are not even recorded
        }
        var metering = SdkMeterProvider.builder().setResource(resource);
        if (settings.metrics()) {
            var metrics = OtlpHttpMetricExporter.builder().setEndpoint(settings.metricsUrl()).setTimeout(timeout)
                    .setComponentLoader(metricSenders).setMeterProvider(MeterProvider.noop());
            settings.headers().forEach(metrics::addHeader);
            metricsTimer = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "wharf-otel-metrics");
                t.setDaemon(true);
                return t;
            });
            metering.registerMetricReader(PeriodicMetricReader.builder(metrics.build())
                    .setInterval(Duration.ofMillis(settings.metricsIntervalMs())).setExecutor(metricsTimer).build());
        } else {
            metricsTimer = null;
        }
        this.sdk = sdk.setTracerProvider(tracing.build()).setMeterProvider(metering.build()).build();
    }

    OpenTelemetrySdk sdk() {
        return sdk;
    }

    /**
     * Sends what is pending (spans not yet sent, the metrics' last collection), waiting at most
     * {@link #FLUSH_MS}, then ends every thread of this SDK, cutting off a request still under way.
     *
     * @return whether everything pending was sent in time
     */
    boolean stop() throws InterruptedException {
        boolean flushed = sdk.shutdown().join(FLUSH_MS, TimeUnit.MILLISECONDS).isSuccess();
        traceSenders.stop(THREAD_END_MS);
        metricSenders.stop(THREAD_END_MS);
        if (metricsTimer != null) {
            metricsTimer.shutdownNow();
            metricsTimer.awaitTermination(THREAD_END_MS, TimeUnit.MILLISECONDS);
        }
        // the span processor's worker sees that it is shut down only when it wakes up, which may be
        // a whole schedule delay later: woken now, it ends (every export has finished or failed by now)
        Thread[] left = new Thread[group.activeCount() + 4];
        int n = group.enumerate(left);
        for (int i = 0; i < n; i++) {
            left[i].interrupt();
        }
        for (int i = 0; i < n; i++) {
            left[i].join(THREAD_END_MS);
        }
        return flushed;
    }
}
