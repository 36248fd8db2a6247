package dev.wharf.runtime.internal.extender;

import dev.wharf.api.ComponentId;
import dev.wharf.api.ComponentSpec;
import dev.wharf.api.InvalidComponentException;
import dev.wharf.runtime.internal.actor.ActorSystem;
import dev.wharf.runtime.internal.actor.ComponentActor;
import dev.wharf.runtime.internal.header.ComponentHeader;
import java.lang.System.Logger.Level;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Operator overrides of header attributes, by configuration PID: the component each names and
 * the attributes it sets. A change applies at once to the live component; a component deployed
 * later gets them laid over its header.
 */
final class ComponentOverrides {

    private static final System.Logger LOG = System.getLogger("dev.wharf.runtime");

    /** The override of one configuration. */
    private record Overlay(ComponentId id, Map<String, String> attributes, Map<String, String> config) {}

    private final ActorSystem system;
    private final Consumer<ComponentSpec> limits;
    private final ConcurrentHashMap<String, Overlay> byPid = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<ComponentId, Map<String, String>> configById = new ConcurrentHashMap<>();

    /** @param limits checks a changed spec against the engine's ceilings; throws when it is above one */
    ComponentOverrides(ActorSystem system, Consumer<ComponentSpec> limits) {
        this.system = system;
        this.limits = limits;
    }

    /** The header attributes of a clause with the configured overrides for {@code id} laid over them. */
    Map<String, String> apply(ComponentId id, Map<String, String> header) {
        Map<String, String> merged = new LinkedHashMap<>(header);
        byPid.entrySet().stream().filter(e -> e.getValue().id().equals(id))
                .sorted(Map.Entry.comparingByKey())
                .forEach(e -> merged.putAll(e.getValue().attributes()));
        return merged;
    }

    /**
     * The {@code config.<key>} values configured for {@code id}, keyed without the prefix. On the
     * path of every {@code config} capability call: an immutable snapshot, rebuilt on a change.
     */
    Map<String, String> config(ComponentId id) {
        return configById.getOrDefault(id, Map.of());
    }

    /** Adds or changes the override of configuration {@code pid}; applies it at once. */
    void put(String pid, ComponentId id, Map<String, String> attributes, Map<String, String> config) {
        Overlay old = byPid.put(pid, new Overlay(id, Map.copyOf(attributes), Map.copyOf(config)));
        rebuildConfig(id);
        if (old != null && !old.id().equals(id)) {
            rebuildConfig(old.id());
        }
        reconfigure(id);
        if (old != null && !old.id().equals(id)) {
            reconfigure(old.id());
        }
    }

    void remove(String pid) {
        Overlay old = byPid.remove(pid);
        if (old != null) {
            rebuildConfig(old.id());
            reconfigure(old.id());
        }
    }

    private synchronized void rebuildConfig(ComponentId id) {
        Map<String, String> merged = new LinkedHashMap<>();
        byPid.entrySet().stream().filter(e -> e.getValue().id().equals(id)).sorted(Map.Entry.comparingByKey())
                .forEach(e -> merged.putAll(e.getValue().config()));
        if (merged.isEmpty()) {
            configById.remove(id);
        } else {
            configById.put(id, Map.copyOf(merged));
        }
    }

    private void reconfigure(ComponentId id) {
        ComponentActor a = system.get(id);
        if (a == null) {
            return;
        }
        try {
            ComponentSpec changed = ComponentHeader.toSpec(a.spec().modulePath(), apply(id, a.headerAttributes()));
            limits.accept(changed);
            a.reconfigure(changed);
            LOG.log(Level.INFO, "component " + id + " reconfigured: " + changed.limits() + ", receive-from "
                    + changed.receiveFrom() + ", send-to " + changed.sendTo());
        } catch (IllegalArgumentException | InvalidComponentException e) {
            LOG.log(Level.ERROR, "configuration of component '" + id + "' (dev.wharf.component) is invalid and was not applied: "
                    + e.getMessage(), e);
        }
    }
}
