package dev.wharf.api;

/** The health of a component, as its {@code _health} export or its state reports it. */
public sealed interface HealthStatus {

    /** Serving normally ({@code _health} returned 0). */
    record Healthy() implements HealthStatus {}

    /** Serving, but impaired ({@code _health} returned 1, or the component is starting or stopping). */
    record Degraded(String reason) implements HealthStatus {}

    /** Not serving correctly: {@code _health} returned 2 or an invalid code, trapped or timed out. */
    record Unhealthy(String reason) implements HealthStatus {}

    HealthStatus HEALTHY = new Healthy();

    /** Why it is degraded or unhealthy; empty when healthy. */
    default String detail() {
        if (this instanceof Degraded d) {
            return d.reason();
        }
        return this instanceof Unhealthy u ? u.reason() : "";
    }

    /** A short word for tables: {@code healthy}, {@code degraded}, {@code unhealthy}. */
    default String label() {
        if (this instanceof Healthy) {
            return "healthy";
        }
        return this instanceof Degraded ? "degraded" : "unhealthy";
    }
}
