package dev.wharf.api;

import java.util.List;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The read side of the registry: everything known about every deployed component, including
 * stopped ones, kept across restarts of the container. Lookups never touch the disk. The
 * runtime writes through {@link dev.wharf.spi.registry.ComponentStore}.
 */
@ProviderType
public interface ComponentRegistry {

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
