package dev.wharf.spi.lattice;

import dev.wharf.api.ComponentId;
import java.util.List;

/**
 * One node of the lattice as another sees it.
 *
 * @param name its name
 * @param self whether it is the node that answers
 * @param lastSeenMillis how long ago its last announcement arrived (0 for this node)
 * @param components the components it hosts, ordered
 */
public record LatticeNode(String name, boolean self, long lastSeenMillis, List<ComponentId> components) {

    public LatticeNode {
        components = List.copyOf(components);
    }
}
