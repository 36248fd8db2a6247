package dev.wharf.runtime.internal.deploy;

import dev.wharf.api.runtime.DeploymentProblem;
import dev.wharf.runtime.internal.actor.Origin;
import java.lang.System.Logger.Level;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * What could not be deployed, until it is deployed after all or its source goes: clauses of
 * component bundles, Java component services, files of the deploy folder. A problem that only
 * another bundle can lift (its id is provided or owned elsewhere) says which bundle, so that it is
 * tried again when that bundle goes, and only then; every other problem waits for its own bundle
 * to change. Each problem is logged once, not again when a retry finds it unchanged.
 */
public final class DeploymentProblems {

    private static final System.Logger LOG = System.getLogger("dev.wharf.runtime");

    /**
     * The bundle whose departure may lift a problem: {@code holder} provides the id (it goes when
     * the holder stops) or owns it ({@code untilUninstalled}: it goes when the holder is uninstalled).
     */
    public record Holder(long bundleId, boolean untilUninstalled) {}

    private record Entry(DeploymentProblem problem, Holder holder) {
        String key() {
            return problem.bundleId() + "\n" + problem.symbolicName() + "\n" + problem.clause() + "\n" + problem.message();
        }
    }

    private final List<Entry> entries = new CopyOnWriteArrayList<>();
    // problems logged before a retry, not logged again when the retry meets them unchanged
    private final Set<String> logged = ConcurrentHashMap.newKeySet();

    public void report(DeploymentProblem p) {
        report(p, null);
    }

    /** Reports {@code p}, which {@code holder}'s departure may lift ({@code null}: only a change of its own source). */
    public void report(DeploymentProblem p, Holder holder) {
        Entry e = new Entry(p, holder);
        entries.add(e);
        if (logged.add(e.key())) {
            LOG.log(Level.ERROR, p.bundleId() == DeploymentProblem.NO_BUNDLE ? "cannot deploy " + p.message()
                    : "cannot deploy " + p.componentId().map(id -> "component '" + id + "'").orElse("a component")
                            + " of bundle " + p.bundleId() + " (" + p.symbolicName() + "): " + p.message());
        }
    }

    /** Reports the problem of {@code clause} (of component {@code id}, when it has one) of the bundle {@code origin}. */
    public void report(Origin origin, String id, String clause, String message, Holder holder) {
        report(new DeploymentProblem(origin.bundleId(), origin.symbolicName(), Optional.ofNullable(id), clause, message,
                Instant.now()), holder);
    }

    /** The bundles with a problem that the departure of bundle {@code gone} may lift. */
    public Set<Long> waitingOn(long gone, boolean uninstalled) {
        Set<Long> out = new HashSet<>();
        for (Entry e : entries) {
            Holder h = e.holder();
            if (h != null && h.bundleId() == gone && (uninstalled || !h.untilUninstalled())) {
                out.add(e.problem().bundleId());
            }
        }
        return out;
    }

    /** Forgets the problems of bundle {@code bundleId} before they are tried again: unchanged, they are not logged again. */
    public void retrying(long bundleId) {
        entries.removeIf(e -> e.problem().bundleId() == bundleId);
    }

    /** Forgets the problems of bundle {@code bundleId}: it changed or went, a problem of it is news again. */
    public void clear(long bundleId) {
        entries.removeIf(e -> e.problem().bundleId() == bundleId);
        logged.removeIf(k -> k.startsWith(bundleId + "\n"));
    }

    /** Forgets the problem of {@code clause} of bundle {@code bundleId}. */
    public void clear(long bundleId, String clause) {
        entries.removeIf(e -> e.problem().bundleId() == bundleId && e.problem().clause().equals(clause));
        logged.removeIf(k -> k.startsWith(bundleId + "\n") && k.contains("\n" + clause + "\n"));
    }

    /** Forgets the problem of the deploy folder's file {@code path}. */
    public void clear(String path) {
        entries.removeIf(e -> e.problem().bundleId() == DeploymentProblem.NO_BUNDLE && e.problem().symbolicName().equals(path));
        logged.removeIf(k -> k.startsWith(DeploymentProblem.NO_BUNDLE + "\n" + path + "\n"));
    }

    public List<DeploymentProblem> all() {
        return entries.stream().map(Entry::problem).toList();
    }
}
