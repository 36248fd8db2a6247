package dev.wharf.spi.registry;

import dev.wharf.api.ComponentId;
import dev.wharf.api.ComponentMetadata;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Where the runtime keeps what it knows about each component. The runtime calls it from one
 * writer thread of its own, in order per component, and only with the latest metadata of each
 * (intermediate states of a burst of changes are skipped), so an implementation may block on I/O
 * without slowing any guest. When a store service (re)appears, the runtime puts every live
 * component again.
 */
@ConsumerType
public interface ComponentStore {

    /** Adds or replaces the entry of {@code metadata.id()}. */
    void put(ComponentMetadata metadata);

    /** Removes the entry of {@code id}; returns whether there was one. */
    boolean remove(ComponentId id);
}
