package dev.wharf.webconsole.internal;

import dev.wharf.api.runtime.ComponentInfo;
import dev.wharf.api.runtime.ComponentStats;
import dev.wharf.api.runtime.DeadLetter;
import dev.wharf.api.runtime.DeploymentProblem;
import dev.wharf.spi.lattice.LatticeNode;
import dev.wharf.spi.lattice.LatticeView;
import dev.wharf.spi.security.AuditRecord;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The plugin's main page: the components table, the deployment problems, the dead letters and the
 * audit log (both filtered), and the lattice's nodes.
 */
final class OverviewPage {

    private OverviewPage() {}

    static String render(Snapshot s, Links links, Filter filter, String notice) {
        Html h = new Html();
        Pages.notice(h, notice);
        long live = s.components().stream().filter(ComponentInfo::live).count();
        h.paragraph(s.components().size() + " components, " + live + " live; " + s.deadLetterCount()
                + " dead letters since the start" + s.lattice().map(l -> "; node " + l.node() + " of lattice "
                + l.lattice() + (l.connected() ? "" : " (not connected)")).orElse(""));
        components(h, s, links);
        problems(h, s.problems());
        filterForm(h, links, filter, s.audit().isPresent());
        deadLetters(h, s.deadLetters(), filter);
        s.audit().ifPresent(a -> audit(h, a, filter));
        s.lattice().ifPresent(l -> lattice(h, l));
        return h.toString();
    }

    private static void components(Html h, Snapshot s, Links links) {
        Map<dev.wharf.api.ComponentId, ComponentStats> stats = s.statsById();
        boolean nodes = s.lattice().isPresent();
        h.heading("Components");
        if (nodes) {
            h.table("wharf-components", "Id", "State", "Health", "Mailbox", "Restarts", "Kind", "Instances", "Node",
                    "Actions");
        } else {
            h.table("wharf-components", "Id", "State", "Health", "Mailbox", "Restarts", "Kind", "Instances", "Actions");
        }
        for (ComponentInfo c : s.components()) {
            ComponentStats st = stats.get(c.id());
            h.raw("<tr>").raw("<td>").link(links.component(c.id()), c.id().value()).raw("</td>");
            h.cell(c.metadata().state()).cell(Pages.health(c));
            h.cell(st == null ? String.valueOf(c.mailboxDepth()) : st.mailboxDepth() + " / " + st.mailboxCapacity());
            h.cell(c.metadata().restartCount()).cell(c.kind().orElse("")).cell(c.live() ? c.instances().size() : 0);
            if (nodes) {
                h.cell(s.nodes(c));
            }
            h.raw("<td>");
            if (c.live()) {
                Pages.buttons(h, links, c.id());
            }
            h.raw("</td></tr>\n");
        }
        h.endTable();
    }

    private static void problems(Html h, List<DeploymentProblem> problems) {
        if (problems.isEmpty()) {
            return;
        }
        h.heading("Deployment problems");
        h.table("wharf-problems", "Time", "Bundle", "Component", "Clause", "Problem");
        for (DeploymentProblem p : problems) {
            h.row(Html.time(p.time()), p.symbolicName() + " [" + p.bundleId() + "]", p.componentId().orElse(""),
                    p.clause(), p.message());
        }
        h.endTable();
    }

    private static void filterForm(Html h, Links links, Filter filter, boolean audit) {
        h.raw("<form method=\"get\" action=\"").text(links.overview()).raw("\" id=\"wharf-filter\">")
                .raw("<label>Filter dead letters").text(audit ? " and audit log" : "").raw(": <input name=\"filter\" value=\"")
                .text(filter.text()).raw("\"></label> ");
        if (audit) {
            h.raw("<label><input type=\"checkbox\" name=\"denied\" value=\"true\"").raw(filter.deniedOnly() ? " checked" : "")
                    .raw("> refused only</label> ");
        }
        h.raw("<button type=\"submit\">Filter</button></form>\n");
    }

    static void deadLetters(Html h, List<DeadLetter> letters, Filter filter) {
        List<DeadLetter> shown = letters.stream().filter(filter::matches).collect(Collectors.toList());
        h.heading("Dead letters (" + shown.size() + " of the newest " + letters.size() + ")");
        h.table("wharf-dead-letters", "Time", "From", "To", "Size", "Code", "Reason");
        for (int i = shown.size() - 1; i >= 0; i--) {
            DeadLetter d = shown.get(i);
            h.row(Html.time(d.time()), d.sender().value(), d.to().value(), d.size(), d.code(), d.reason());
        }
        h.endTable();
    }

    private static void audit(Html h, List<AuditRecord> records, Filter filter) {
        List<AuditRecord> shown = records.stream().filter(filter::matches).collect(Collectors.toList());
        h.heading("Audit log (" + shown.size() + " of the newest " + records.size() + ")");
        h.table("wharf-audit", "Time", "From", "Target", "Size", "Decision", "Reason");
        for (int i = shown.size() - 1; i >= 0; i--) {
            AuditRecord r = shown.get(i);
            h.row(Html.time(r.time()), r.from(), r.target(), r.size(), r.allowed() ? "allowed" : "refused", r.reason());
        }
        h.endTable();
    }

    private static void lattice(Html h, LatticeView l) {
        h.heading("Lattice " + l.lattice() + (l.server() == null ? "" : " (" + l.server() + ")"));
        h.table("wharf-nodes", "Node", "Last seen", "Components");
        for (LatticeNode n : l.nodes()) {
            h.row(n.name() + (n.self() ? " (this node)" : ""),
                    n.self() ? "" : Html.time(Instant.ofEpochMilli(n.lastSeenMillis())),
                    n.components().stream().map(c -> c.value()).collect(Collectors.joining(", ")));
        }
        h.endTable();
    }
}
