package dev.wharf.runtime.internal.telemetry.otel;

import dev.wharf.api.ComponentId;
import dev.wharf.api.ErrorCode;
import dev.wharf.api.WharfException;
import dev.wharf.runtime.internal.telemetry.TraceParent;
import dev.wharf.runtime.internal.telemetry.TraceScope;
import dev.wharf.runtime.internal.telemetry.TraceSpan;
import dev.wharf.runtime.internal.telemetry.Tracing;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import java.util.List;
import java.util.function.Function;

/**
 * {@link Tracing} through the OpenTelemetry API of an {@link OpenTelemetry} service: spans of the
 * tracer {@code dev.wharf.runtime}, and each turn's time in the histogram {@code wharf.call.latency}
 * (seconds, by component and outcome). The only class of the runtime, with {@link OtelMeters}, that
 * uses OpenTelemetry's types: loaded only when the runtime is wired to its API, an optional import.
 */
public final class OtelTracing implements Tracing {

    static final String SCOPE = "dev.wharf.runtime";
    static final AttributeKey<String> COMPONENT = AttributeKey.stringKey("wharf.component");
    static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("wharf.outcome");
    private static final AttributeKey<String> SENDER = AttributeKey.stringKey("wharf.sender");
    private static final AttributeKey<String> TARGET = AttributeKey.stringKey("wharf.target");
    private static final AttributeKey<Long> INSTANCE = AttributeKey.longKey("wharf.instance");
    private static final AttributeKey<String> FUNCTION = AttributeKey.stringKey("wharf.function");
    private static final AttributeKey<String> CAPABILITY = AttributeKey.stringKey("wharf.capability");
    private static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");
    private static final String OK = "ok";
    // from 10 µs to 10 s: a turn of a small guest takes microseconds, a long call seconds
    private static final List<Double> BOUNDS = List.of(0.00001, 0.000025, 0.00005, 0.0001, 0.00025, 0.0005, 0.001,
            0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0);
    private static final TextMapGetter<Function<String, String>> HEADERS = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Function<String, String> carrier) {
            return List.of("traceparent", "tracestate");
        }

        @Override
        public String get(Function<String, String> carrier, String key) {
            return carrier == null ? null : carrier.apply(key);
        }
    };

    /** The trace a message was sent in. */
    private record Parent(Context context) implements TraceParent {}

    private final Tracer tracer;
    private final DoubleHistogram latency;

    public OtelTracing(Object openTelemetry, String version) {
        OpenTelemetry otel = (OpenTelemetry) openTelemetry;
        this.tracer = otel.tracerBuilder(SCOPE).setInstrumentationVersion(version).build();
        this.latency = otel.meterBuilder(SCOPE).setInstrumentationVersion(version).build()
                .histogramBuilder("wharf.call.latency").setUnit("s")
                .setDescription("How long the component's turns took: messages, asks, Invokes and requests.")
                .setExplicitBucketBoundariesAdvice(BOUNDS).build();
    }

    @Override
    public TraceParent capture() {
        Context c = Context.current();
        return Span.fromContext(c).getSpanContext().isValid() ? new Parent(c) : TraceParent.NONE;
    }

    @Override
    public TraceParent fromHeaders(Function<String, String> header) {
        Context c = W3CTraceContextPropagator.getInstance().extract(Context.root(), header, HEADERS);
        return Span.fromContext(c).getSpanContext().isValid() ? new Parent(c) : TraceParent.NONE;
    }

    @Override
    public TraceSpan turn(Work work, TraceParent parent, ComponentId component, int instance, ComponentId sender,
            String function) {
        String id = component.value();
        SpanBuilder b = tracer.spanBuilder(name(work, id, function))
                .setSpanKind(work == Work.MESSAGE ? SpanKind.CONSUMER : SpanKind.SERVER)
                .setAttribute(COMPONENT, id).setAttribute(INSTANCE, instance);
        // the sender's trace, never this thread's own: a caller that runs the turn has its own
        if (parent instanceof Parent p) {
            b.setParent(p.context());
        } else {
            b.setNoParent();
        }
        if (sender != null) {
            b.setAttribute(SENDER, sender.value());
        }
        if (function != null) {
            b.setAttribute(FUNCTION, function);
        }
        return new Turn(b.startSpan(), id, System.nanoTime());
    }

    private static String name(Work work, String id, String function) {
        switch (work) {
            case MESSAGE:
                return "message " + id;
            case ASK:
                return "ask " + id;
            case INVOKE:
                return "invoke " + id + " " + function;
            default:
                return "http " + id;
        }
    }

    @Override
    public TraceSpan ask(ComponentId sender, ComponentId to) {
        return new Traced(tracer.spanBuilder("ask " + to.value()).setSpanKind(SpanKind.CLIENT)
                .setAttribute(SENDER, sender.value()).setAttribute(TARGET, to.value()).startSpan());
    }

    @Override
    public TraceSpan capability(ComponentId component, String capability, String function) {
        return new Traced(tracer.spanBuilder("capability " + capability + " " + function).setSpanKind(SpanKind.CLIENT)
                .setAttribute(COMPONENT, component.value()).setAttribute(CAPABILITY, capability)
                .setAttribute(FUNCTION, function).startSpan());
    }

    /** An OpenTelemetry span behind a {@link TraceSpan}. */
    private static class Traced implements TraceSpan {
        final Span span;

        Traced(Span span) {
            this.span = span;
        }

        @Override
        public TraceScope enter() {
            return span.makeCurrent()::close;
        }

        @Override
        public void end(Throwable failure) {
            end(failure == null ? null : failure instanceof WharfException w ? w.code() : ErrorCode.GUEST_ERROR,
                    failure == null ? null : String.valueOf(failure.getMessage()));
        }

        @Override
        public void end(ErrorCode code) {
            end(code, code == null ? null : code.text());
        }

        void end(ErrorCode code, String message) {
            String outcome = code == null ? OK : code.name();
            span.setAttribute(OUTCOME, outcome);
            // NOT_FOUND is an answer (a key that is not there), not a failure of the call
            if (code != null && code != ErrorCode.NOT_FOUND) {
                span.setAttribute(ERROR_TYPE, outcome);
                span.setStatus(StatusCode.ERROR, message);
            }
            span.end();
            ended(outcome);
        }

        void ended(String outcome) {
            // only a turn is measured
        }
    }

    /** A turn: measured in the latency histogram too. */
    private final class Turn extends Traced {
        private final String component;
        private final long start;

        Turn(Span span, String component, long start) {
            super(span);
            this.component = component;
            this.start = start;
        }

        @Override
        void ended(String outcome) {
            latency.record((System.nanoTime() - start) / 1e9, Attributes.of(COMPONENT, component, OUTCOME, outcome));
        }
    }
}
