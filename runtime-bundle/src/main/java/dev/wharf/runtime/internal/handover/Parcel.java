package dev.wharf.runtime.internal.handover;

import dev.wharf.api.ComponentId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the previous runtime left, as this runtime takes it: the components it served, by id,
 * still in the parcel's types until each is deployed here ({@link Parcels#unpack}). Each is
 * taken once: by its component's deploy, or, when no bundle here has it, as the rest.
 */
public final class Parcel {

    private final Map<ComponentId, Map<String, Object>> components = new LinkedHashMap<>();
    private final long pausedAt;
    private final String from;

    Parcel(List<Map<String, Object>> components, long pausedAt, String from) {
        for (Map<String, Object> c : components) {
            this.components.put(ComponentId.of((String) c.get(Parcels.ID)), c);
        }
        this.pausedAt = pausedAt;
        this.from = from;
    }

    /** Nothing was left: the runtime started without a predecessor, or after a stop. */
    static Parcel empty() {
        return new Parcel(List.of(), 0, "");
    }

    /** When the first component of the previous runtime stopped taking messages ({@link System#nanoTime()}). */
    public long pausedAt() {
        return pausedAt;
    }

    /** The version of the runtime that left it. */
    public String from() {
        return from;
    }

    /** The component {@code id} as the previous runtime left it; a second call finds nothing. */
    public synchronized Optional<Map<String, Object>> remove(ComponentId id) {
        return Optional.ofNullable(components.remove(id));
    }

    /** The components no deploy took. */
    public synchronized List<Map<String, Object>> rest() {
        List<Map<String, Object>> rest = List.copyOf(components.values());
        components.clear();
        return rest;
    }
}
