package dev.wharf.registry.internal;

import dev.wharf.api.ComponentId;
import dev.wharf.api.ComponentMetadata;
import dev.wharf.api.ComponentRegistry;
import dev.wharf.api.ComponentState;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import org.osgi.service.component.annotations.Component;

/**
 * A {@link ComponentRegistry} held in memory: constant-time lookups by id, lists sorted by id.
 * The runtime registers every live component again whenever a registry appears, so a fresh
 * instance fills up at once.
 */
@Component(service = ComponentRegistry.class)
public final class InMemoryComponentRegistry implements ComponentRegistry {

    private final ConcurrentHashMap<ComponentId, ComponentMetadata> entries = new ConcurrentHashMap<>();

    @Override
    public void register(ComponentMetadata metadata) {
        Objects.requireNonNull(metadata, "metadata");
        entries.put(metadata.id(), metadata);
    }

    @Override
    public boolean unregister(ComponentId id) {
        return entries.remove(Objects.requireNonNull(id, "id")) != null;
    }

    @Override
    public Optional<ComponentMetadata> lookup(ComponentId id) {
        return Optional.ofNullable(entries.get(Objects.requireNonNull(id, "id")));
    }

    @Override
    public List<ComponentMetadata> list() {
        return select(m -> true);
    }

    @Override
    public List<ComponentMetadata> list(ComponentState state) {
        Objects.requireNonNull(state, "state");
        return select(m -> m.state() == state);
    }

    @Override
    public List<ComponentMetadata> withExport(String export) {
        Objects.requireNonNull(export, "export");
        return select(m -> m.export(export).isPresent());
    }

    private List<ComponentMetadata> select(Predicate<ComponentMetadata> filter) {
        List<ComponentMetadata> out = new ArrayList<>();
        for (ComponentMetadata m : entries.values()) {
            if (filter.test(m)) {
                out.add(m);
            }
        }
        out.sort(Comparator.comparing(ComponentMetadata::id));
        return out;
    }
}
