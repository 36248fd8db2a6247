package dev.wharf.runtime.internal.shell;

import dev.wharf.api.ComponentId;
import dev.wharf.spi.lattice.LatticeLink;
import dev.wharf.spi.lattice.LatticeNode;
import dev.wharf.spi.lattice.LatticeView;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The components other nodes of the lattice host, as rows of {@code wasm:list}. */
final class RemoteRows {

    private RemoteRows() {}

    /**
     * Adds a {@code REMOTE} row (kind {@code remote}) per component hosted only on other nodes
     * (an id has one row: a component here keeps its messages here), and returns the lines that
     * say where each remote one runs: {@code "  worker: b, c"} under {@code Remote (lattice x):},
     * with {@code (also here)} for an id this node hosts too.
     */
    static List<String> add(ShellOutput.Table table, LatticeLink link, java.util.Set<ComponentId> here) {
        if (link == null) {
            return List.of();
        }
        LatticeView view = link.view();
        Map<ComponentId, List<String>> where = new TreeMap<>();
        for (LatticeNode n : view.nodes()) {
            if (!n.self()) {
                n.components().forEach(id -> where.computeIfAbsent(id, k -> new ArrayList<>()).add(n.name()));
            }
        }
        List<String> lines = new ArrayList<>();
        if (where.isEmpty()) {
            return lines;
        }
        lines.addAll(List.of("", "Remote (lattice " + view.lattice() + (view.connected() ? "" : ", not connected") + "):"));
        where.forEach((id, nodes) -> {
            boolean local = here.contains(id);
            if (!local) {
                table.row(id.value(), "-", "-", "REMOTE", "-", "-", "-", "remote");
            }
            lines.add("  " + id + ": " + String.join(", ", nodes) + (local ? " (also here)" : ""));
        });
        return lines;
    }
}
