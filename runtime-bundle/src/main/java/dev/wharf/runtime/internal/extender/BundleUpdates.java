package dev.wharf.runtime.internal.extender;

import dev.wharf.api.ComponentSpec;
import dev.wharf.api.WharfException;
import dev.wharf.runtime.internal.actor.ComponentActor;
import dev.wharf.runtime.internal.actor.Origin;
import dev.wharf.runtime.internal.deploy.Deployer;
import dev.wharf.runtime.internal.engine.WasmEngine;
import dev.wharf.runtime.internal.header.ComponentHeader;
import dev.wharf.runtime.internal.header.HeaderClause;
import dev.wharf.runtime.internal.header.OsgiHeaderParser;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import org.osgi.framework.Bundle;
import org.osgi.framework.startlevel.BundleStartLevel;

/**
 * Updates of component bundles, as swaps rather than stop-and-start. A bundle that stops only
 * transiently (an update, a refresh: its persistent start setting stays "started") keeps its
 * components serving until it is back; then each component takes the new module in place (see
 * {@link Deployer#swap}), or goes on unchanged when module and declarations did not change (the
 * refresh after an update). A component whose clause is gone stops; a new clause starts one. A
 * bundle that does not come back within {@link #WAIT_MS} has its components stopped.
 */
final class BundleUpdates {

    /** How long components wait for their bundle to come back from an update or a refresh. */
    static final long WAIT_MS = 10_000;

    private final Deployer deployer;
    private final ComponentOverrides overrides;
    private final BiConsumer<Runnable, Long> later;
    private final Map<Long, List<ComponentActor>> waiting = new ConcurrentHashMap<>();

    BundleUpdates(Deployer deployer, ComponentOverrides overrides) {
        this(deployer, overrides, deployer::later);
    }

    /** @param later runs a task after a delay in milliseconds (tests run it when they choose) */
    BundleUpdates(Deployer deployer, ComponentOverrides overrides, BiConsumer<Runnable, Long> later) {
        this.deployer = deployer;
        this.overrides = overrides;
        this.later = later;
    }

    /**
     * Keeps the components of {@code bundle} serving when it stops only transiently; returns
     * whether it did (else the caller stops them).
     */
    boolean await(Bundle bundle, List<ComponentActor> actors) {
        BundleStartLevel level = bundle.getState() == Bundle.UNINSTALLED ? null : bundle.adapt(BundleStartLevel.class);
        if (level == null || !level.isPersistentlyStarted() || actors.isEmpty()) {
            return false;
        }
        long id = bundle.getBundleId();
        waiting.put(id, actors);
        later.accept(() -> {
            if (removeThisWait(id, actors)) {
                // a stop drains mailboxes: not on the timer thread, which enforces every call's deadline
                Thread t = new Thread(() -> deployer.undeployAll(id, actors, true), "wharf-update-expired-" + id);
                t.setDaemon(true);
                t.start();
            }
        }, WAIT_MS);
        return true;
    }

    /**
     * Ends the wait of {@code actors}, that very list: a later wait of the same bundle holds a
     * list equal to it (the same components), which a timer of an earlier update must not end.
     * It did, with {@code Map.remove(key, value)}: an update became a stop and a fresh start
     * whenever an earlier update's timer expired during a later update.
     */
    private boolean removeThisWait(long id, List<ComponentActor> actors) {
        boolean[] removed = new boolean[1];
        waiting.computeIfPresent(id, (k, current) -> {
            removed[0] = current == actors;
            return removed[0] ? null : current;
        });
        return removed[0];
    }

    /** The components that wait for {@code bundleId} to come back, if any; they wait no more. */
    List<ComponentActor> remove(long bundleId) {
        return waiting.remove(bundleId);
    }

    /** Stops every component still waiting: the runtime goes away. */
    void stopAll() {
        for (Long id : List.copyOf(waiting.keySet())) {
            List<ComponentActor> actors = waiting.remove(id);
            if (actors != null) {
                for (ComponentActor a : actors) {
                    deployer.undeploy(a);
                }
            }
        }
    }

    /**
     * Swaps the components of {@code previous} to the clauses of {@code bundle}'s new revision,
     * adding each one that goes on to {@code started}; stops those whose clause is gone.
     */
    void swap(Bundle bundle, String header, List<ComponentActor> previous, List<ComponentActor> started) {
        Origin origin = new Origin(bundle.getBundleId(), bundle.getSymbolicName(), bundle.getVersion().toString());
        List<HeaderClause> clauses;
        try {
            clauses = OsgiHeaderParser.parse(header);
        } catch (IllegalArgumentException e) {
            clauses = List.of(); // reported by the deploy that follows
        }
        List<ComponentActor> left = new ArrayList<>(previous);
        for (HeaderClause clause : clauses) {
            ComponentSpec spec;
            try {
                spec = ComponentHeader.toSpec(clause);
            } catch (IllegalArgumentException e) {
                continue; // reported by the deploy that follows
            }
            ComponentSpec declared = spec;
            ComponentActor actor = left.stream().filter(a -> a.id().equals(declared.id())).findFirst().orElse(null);
            if (actor == null) {
                continue; // a new clause: the deploy that follows starts it
            }
            left.remove(actor);
            if (!actor.acceptsMessages()) {
                // failed or stopped by its supervisor: it stops, and the new version starts afresh
                deployer.undeploy(actor);
                continue;
            }
            started.add(actor);
            Map<String, String> attributes = new LinkedHashMap<>(clause.attributes());
            attributes.putIfAbsent("id", spec.id().value());
            try {
                spec = ComponentHeader.toSpec(clause.path(), overrides.apply(spec.id(), attributes));
                byte[] bytes = ComponentExtender.readModule(bundle, spec.modulePath());
                if (WasmEngine.sha256(bytes).equals(actor.module().sha256()) && spec.equals(actor.spec())
                        && origin.equals(actor.origin())) {
                    continue; // a refresh: nothing changed
                }
                deployer.swap(actor, spec, attributes, bytes, origin);
            } catch (WharfException | IOException | IllegalArgumentException e) {
                String why = "update to " + origin.version() + " refused, version " + actor.origin().version()
                        + " goes on: " + e.getMessage();
                deployer.problems().report(origin, spec.id().value(), clause.text(), why, null);
                deployer.updateRefused(actor, origin, why);
            }
        }
        for (ComponentActor gone : left) {
            deployer.undeploy(gone);
        }
    }
}
