package dev.wharf.api.runtime;

import java.time.Instant;
import java.util.Optional;

/**
 * A component clause that could not be deployed, and why. Kept while its bundle is active. A file
 * in the deploy folder that cannot become a bundle at all is one too, with {@link #NO_BUNDLE}.
 *
 * @param bundleId the bundle that carries it, or {@link #NO_BUNDLE} for a file that is not one
 * @param symbolicName that bundle's symbolic name, or the file's path
 * @param componentId the component id as the clause gives it, when it got as far as naming one
 * @param clause the header clause, or the whole header when it could not be split
 * @param message what was wrong
 * @param time when it was found
 */
public record DeploymentProblem(long bundleId, String symbolicName, Optional<String> componentId, String clause,
        String message, Instant time) {

    /** The bundle id of a problem with a file that is not a bundle. */
    public static final long NO_BUNDLE = -1;
}
