package dev.wharf.api.runtime;

import dev.wharf.api.ComponentId;
import dev.wharf.api.ComponentState;
import dev.wharf.api.HealthStatus;
import java.time.Instant;
import java.util.Optional;

/**
 * The health of one component after a check.
 *
 * @param id the component
 * @param state its lifecycle state
 * @param status the result of the check
 * @param consecutiveUnhealthy unhealthy results in a row, this one included
 * @param restarts how often it was restarted
 * @param lastCheck when its health was last checked
 */
public record HealthReport(ComponentId id, ComponentState state, HealthStatus status, int consecutiveUnhealthy,
        int restarts, Optional<Instant> lastCheck) {}
