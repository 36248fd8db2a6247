package dev.wharf.runtime.internal.actor;

import java.time.Instant;

/**
 * A component that could not be deployed, and why: kept so the shell can show it next to the
 * live components until its bundle stops.
 *
 * @param bundleId the bundle that carries it
 * @param symbolicName that bundle's symbolic name
 * @param componentId the component id, when the clause got as far as naming one, else {@code null}
 * @param clause the header clause, or the whole header when it could not be split
 * @param message what was wrong
 * @param time when it was found
 */
public record DeploymentProblem(long bundleId, String symbolicName, String componentId, String clause, String message,
        Instant time) {}
