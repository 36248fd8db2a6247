package dev.wharf.otel.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** PID {@code dev.wharf.otel}: without it nothing is exported and the runtime does not trace. */
@ObjectClassDefinition(name = "Wharf OpenTelemetry export",
        description = "Exports Wharf's traces and metrics over OTLP/HTTP (protobuf) to a collector")
public @interface OtelConfig {

    String PID = "dev.wharf.otel";

    @AttributeDefinition(description = "base URL of an OTLP/HTTP receiver, e.g. http://127.0.0.1:4318; traces go to"
            + " <endpoint>/v1/traces, metrics to <endpoint>/v1/metrics")
    String endpoint();

    @AttributeDefinition(name = "service-name", description = "the resource's service.name")
    String service$_$name() default "wharf";

    @AttributeDefinition(name = "service-instance",
            description = "the resource's service.instance.id; empty = a random UUID each time exporting starts")
    String service$_$instance() default "";

    @AttributeDefinition(description = "whether spans are exported")
    boolean traces() default true;

    @AttributeDefinition(description = "whether metrics are exported")
    boolean metrics() default true;

    @AttributeDefinition(name = "metrics-interval-ms", description = "how often metrics are exported (at least 100)")
    long metrics$_$interval$_$ms() default 60_000;

    @AttributeDefinition(name = "sampler-ratio", description = "share of new traces sampled, 0 to 1; a span with a"
            + " parent follows its parent's decision")
    double sampler$_$ratio() default 1.0;

    @AttributeDefinition(description = "HTTP headers sent with every export, name=value (e.g. authorization=Bearer x);"
            + " comma-separated in a .cfg")
    String[] headers() default {};

    @AttributeDefinition(name = "timeout-ms", description = "how long one export may take, connecting included")
    long timeout$_$ms() default 10_000;
}
