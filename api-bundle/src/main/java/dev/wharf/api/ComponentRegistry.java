package dev.wharf.api;

import java.util.List;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Knows every deployed component. The runtime registers a component when it comes to life,
 * updates it when its state or health changes and unregisters it when its bundle goes; when a
 * registry service (re)appears the runtime registers every live component again.
 */
@ProviderType
public interface ComponentRegistry {

    /** Adds or replaces the entry of {@code metadata.id()}. */
    void register(ComponentMetadata metadata);

    /** Removes the entry of {@code id}; returns whether there was one. */
    boolean unregister(ComponentId id);

    /** The entry of {@code id}, in constant time. */
    Optional<ComponentMetadata> lookup(ComponentId id);

    /** All entries, ordered by id. */
    List<ComponentMetadata> list();

    /** The entries in {@code state}, ordered by id. */
    List<ComponentMetadata> list(ComponentState state);

    /** The entries whose module exports a function named {@code export}, ordered by id. */
    List<ComponentMetadata> withExport(String export);

    /**
     * The entries that declare {@code capability}, written {@code send-to:<pattern>} or
     * {@code receive-from:<pattern>} (e.g. {@code send-to:audit}), ordered by id.
     */
    List<ComponentMetadata> withCapability(String capability);

    /** The states {@code id} went through, oldest first (bounded to the most recent changes). */
    List<StateChange> history(ComponentId id);
}
