package dev.wharf.http.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of PID {@code dev.wharf.metrics}; a change applies at once. */
@ObjectClassDefinition(name = "Wharf metrics",
        description = "Wharf's metrics in the Prometheus text format, served through the HTTP Whiteboard.")
public @interface MetricsConfig {

    String PID = "dev.wharf.metrics";

    @AttributeDefinition(name = "enabled", description = "Whether the metrics are served (only while an HTTP Whiteboard runs).")
    boolean enabled() default true;

    @AttributeDefinition(name = "path",
            description = "The path they are served under: starts with /, no *, no empty, . or .. segment, no trailing /.")
    String path() default "/metrics";
}
