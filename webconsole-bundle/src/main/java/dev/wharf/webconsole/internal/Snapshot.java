package dev.wharf.webconsole.internal;

import dev.wharf.api.ComponentId;
import dev.wharf.api.runtime.ComponentInfo;
import dev.wharf.api.runtime.ComponentStats;
import dev.wharf.api.runtime.DeadLetter;
import dev.wharf.api.runtime.DeploymentProblem;
import dev.wharf.spi.lattice.LatticeNode;
import dev.wharf.spi.lattice.LatticeView;
import dev.wharf.spi.security.AuditRecord;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What the overview page shows, read once per request from the runtime's management API, the
 * audit log (when one is registered) and the lattice (when this container is in one).
 */
record Snapshot(List<ComponentInfo> components, List<ComponentStats> stats, List<DeadLetter> deadLetters,
        long deadLetterCount, List<DeploymentProblem> problems, Optional<List<AuditRecord>> audit,
        Optional<LatticeView> lattice) {

    Snapshot {
        components = List.copyOf(components);
        stats = List.copyOf(stats);
        deadLetters = List.copyOf(deadLetters);
        problems = List.copyOf(problems);
        audit = audit.map(List::copyOf);
    }

    Map<ComponentId, ComponentStats> statsById() {
        return stats.stream().collect(Collectors.toMap(ComponentStats::id, Function.identity(), (a, b) -> a));
    }

    /** The lattice nodes that announce {@code id}, joined by ", "; this node for a live one nobody announces. */
    String nodes(ComponentInfo c) {
        if (lattice.isEmpty()) {
            return "";
        }
        String names = lattice.get().nodes().stream().filter(n -> n.components().contains(c.id()))
                .map(LatticeNode::name).sorted().collect(Collectors.joining(", "));
        return names.isEmpty() && c.live() ? lattice.get().node() : names;
    }
}
