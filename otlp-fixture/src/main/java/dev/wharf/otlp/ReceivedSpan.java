package dev.wharf.otlp;

import java.util.Map;

/**
 * One span as an OTLP/HTTP exporter sent it. Attribute values are {@code String}, {@code Boolean},
 * {@code Long}, {@code Double}, {@code byte[]}, {@code List<Object>} or {@code Map<String, Object>},
 * as the OTLP {@code AnyValue} held them.
 *
 * @param resource the attributes of the resource that sent it (service.name, ...)
 * @param scope the name of the instrumentation scope (the tracer's name)
 * @param traceId 32 lower-case hex digits
 * @param spanId 16 lower-case hex digits
 * @param parentSpanId 16 hex digits, or "" for a root span
 * @param kind OTLP's SpanKind: 0 unspecified, 1 internal, 2 server, 3 client, 4 producer, 5 consumer
 * @param statusCode OTLP's StatusCode: 0 unset, 1 ok, 2 error
 */
public record ReceivedSpan(Map<String, Object> resource, String scope, String traceId, String spanId,
        String parentSpanId, String name, int kind, Map<String, Object> attributes, int statusCode, long startNanos,
        long endNanos) {

    public ReceivedSpan {
        resource = Map.copyOf(resource);
        attributes = Map.copyOf(attributes);
    }

    public boolean isRoot() {
        return parentSpanId.isEmpty();
    }
}
