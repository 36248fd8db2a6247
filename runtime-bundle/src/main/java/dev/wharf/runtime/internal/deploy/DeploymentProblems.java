package dev.wharf.runtime.internal.deploy;

import dev.wharf.api.runtime.DeploymentProblem;
import dev.wharf.runtime.internal.actor.Origin;
import java.lang.System.Logger.Level;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * What could not be deployed, until it is deployed after all or its source goes: clauses of
 * component bundles, Java component services, files of the deploy folder. Each is logged once,
 * when reported.
 */
public final class DeploymentProblems {

    private static final System.Logger LOG = System.getLogger("dev.wharf.runtime");

    private final List<DeploymentProblem> problems = new CopyOnWriteArrayList<>();

    public void report(DeploymentProblem p) {
        problems.add(p);
        LOG.log(Level.ERROR, p.bundleId() == DeploymentProblem.NO_BUNDLE ? "cannot deploy " + p.message()
                : "cannot deploy " + p.componentId().map(id -> "component '" + id + "'").orElse("a component")
                        + " of bundle " + p.bundleId() + " (" + p.symbolicName() + "): " + p.message());
    }

    /** Reports the problem of {@code clause} (of component {@code id}, when it has one) of the bundle {@code origin}. */
    public void report(Origin origin, String id, String clause, String message) {
        report(new DeploymentProblem(origin.bundleId(), origin.symbolicName(), Optional.ofNullable(id), clause, message,
                Instant.now()));
    }

    /** Forgets the problems of bundle {@code bundleId}. */
    public void clear(long bundleId) {
        problems.removeIf(p -> p.bundleId() == bundleId);
    }

    /** Forgets the problem of {@code clause} of bundle {@code bundleId}. */
    public void clear(long bundleId, String clause) {
        problems.removeIf(p -> p.bundleId() == bundleId && p.clause().equals(clause));
    }

    /** Forgets the problem of the deploy folder's file {@code path}. */
    public void clear(String path) {
        problems.removeIf(p -> p.bundleId() == DeploymentProblem.NO_BUNDLE && p.symbolicName().equals(path));
    }

    public List<DeploymentProblem> all() {
        return List.copyOf(problems);
    }
}
