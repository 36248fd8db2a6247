package dev.wharf.lattice.internal;

import io.nats.client.Message;
import io.nats.client.impl.Headers;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.context.propagation.TextMapSetter;

/**
 * The trace context in NATS headers with the OpenTelemetry API: the one class of the lattice that
 * uses it, loaded only when {@link Tracing#of} found the API wired. The runtime makes the span of
 * a message's processing, or of an ask being sent, {@code Context.current()} on the sending
 * thread, and takes {@code Context.current()} at delivery as the parent of the receiver's span;
 * this class only carries it between the two.
 */
final class TraceHeaders implements Tracing {

    static final String TRACEPARENT = "traceparent";

    private static final TextMapPropagator W3C = W3CTraceContextPropagator.getInstance();
    private static final TextMapSetter<Headers> SET = (headers, key, value) -> headers.put(key, value);
    private static final TextMapGetter<Headers> GET = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Headers headers) {
            return headers.keySet();
        }

        @Override
        public String get(Headers headers, String key) {
            return headers == null ? null : headers.getFirst(key);
        }
    };

    @Override
    public Headers outgoing() {
        Context current = Context.current();
        // checked first so a message sent outside any trace costs no Headers
        if (!Span.fromContext(current).getSpanContext().isValid()) {
            return null;
        }
        Headers headers = new Headers();
        W3C.inject(current, headers, SET);
        return headers;
    }

    @Override
    public Restore incoming(Message m) {
        if (!m.hasHeaders() || !m.getHeaders().containsKey(TRACEPARENT)) {
            return UNCHANGED;
        }
        // on the root context: the message's trace is its own, nothing of the dispatcher thread's joins it
        Context remote = W3C.extract(Context.root(), m.getHeaders(), GET);
        if (!Span.fromContext(remote).getSpanContext().isValid()) {
            return UNCHANGED; // malformed: delivered as a message without trace context
        }
        Scope scope = remote.makeCurrent();
        return scope::close;
    }
}
