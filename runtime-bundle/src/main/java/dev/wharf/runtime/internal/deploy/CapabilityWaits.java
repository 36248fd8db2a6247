package dev.wharf.runtime.internal.deploy;

import dev.wharf.runtime.internal.actor.ComponentActor;
import dev.wharf.runtime.internal.capability.CapabilityHost;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The components that wait in {@code STARTING} for a provider of a capability they declare.
 * Each is started, once, as soon as every capability it declares has a provider: no restart,
 * no touch of its bundle.
 */
final class CapabilityWaits {

    private final CapabilityHost host;
    private final Consumer<ComponentActor> starter;
    private final Set<ComponentActor> waiting = ConcurrentHashMap.newKeySet();

    /** @param starter starts a component whose capabilities are all present now */
    CapabilityWaits(CapabilityHost host, Consumer<ComponentActor> starter) {
        this.host = host;
        this.starter = starter;
    }

    /** Makes {@code actor} wait when a capability it declares has no provider; returns whether it waits. */
    boolean waitIfMissing(ComponentActor actor) {
        Optional<String> missing = host.missing(actor.spec());
        if (missing.isEmpty()) {
            return false;
        }
        actor.waitFor(reason(missing.get()));
        waiting.add(actor);
        // a provider that came between the check and the add must not be missed
        recheck();
        return true;
    }

    /** After a change of the providers: starts those that have all they need, updates what the others wait for. */
    void recheck() {
        for (ComponentActor a : waiting) {
            Optional<String> missing = host.missing(a.spec());
            if (missing.isEmpty()) {
                if (waiting.remove(a)) {
                    starter.accept(a);
                }
            } else if (!a.reason().orElse("").equals(reason(missing.get()))) {
                a.waitFor(reason(missing.get()));
            }
        }
    }

    boolean isWaiting(ComponentActor actor) {
        return waiting.contains(actor);
    }

    /** It stops, or starts by other means: it waits no longer. */
    void forget(ComponentActor actor) {
        waiting.remove(actor);
    }

    static String reason(String capability) {
        return "waiting for capability '" + capability + "'";
    }
}
