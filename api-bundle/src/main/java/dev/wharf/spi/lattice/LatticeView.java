package dev.wharf.spi.lattice;

import java.util.List;

/**
 * A snapshot of the lattice as one node sees it.
 *
 * @param lattice the lattice's name
 * @param node this node's name
 * @param connected whether this node is connected to NATS now
 * @param server the NATS server it is connected to, or the configured ones when not connected
 * @param nodes every node heard from within the node timeout, this one included, ordered by name
 */
public record LatticeView(String lattice, String node, boolean connected, String server, List<LatticeNode> nodes) {

    public LatticeView {
        nodes = List.copyOf(nodes);
    }
}
