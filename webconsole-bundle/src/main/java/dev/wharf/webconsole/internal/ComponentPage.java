package dev.wharf.webconsole.internal;

import dev.wharf.api.ComponentMetadata;
import dev.wharf.api.ComponentSpec;
import dev.wharf.api.ExportSignature;
import dev.wharf.api.RestartRecord;
import dev.wharf.api.StateChange;
import dev.wharf.api.runtime.ComponentInfo;
import dev.wharf.api.runtime.ComponentStats;
import dev.wharf.api.runtime.DeadLetter;
import dev.wharf.api.runtime.InstanceStats;
import java.util.List;
import java.util.Optional;

/**
 * One component's page: what it is, what it exports, what it holds of its capabilities, its
 * counters with a latency chart per instance, its instances, its restarts and states, the dead
 * letters it sent or was sent, and the restart and health-check buttons.
 */
final class ComponentPage {

    private ComponentPage() {}

    static String render(ComponentInfo c, Optional<ComponentStats> stats, List<StateChange> history,
            List<DeadLetter> deadLetters, List<CapabilityReport> capabilities, Links links, String notice) {
        Html h = new Html();
        Pages.notice(h, notice);
        h.raw("<p>").link(links.overview(), "All components").raw("</p>\n");
        h.raw("<h2 id=\"wharf-component\">").text(c.id().value()).raw("</h2>\n");
        if (c.live()) {
            h.raw("<p>");
            Pages.buttons(h, links, c.id());
            h.raw("</p>\n");
        }
        info(h, c);
        exports(h, c.metadata().exports());
        capabilities(h, capabilities);
        stats.ifPresent(s -> stats(h, s));
        restarts(h, c.metadata().restarts());
        h.heading("State history");
        h.table("wharf-history", "Time", "State", "Reason");
        for (StateChange s : history) {
            h.row(Html.time(s.time()), s.state(), s.reason().orElse(""));
        }
        h.endTable();
        Filter mine = new Filter(c.id().value(), false);
        OverviewPage.deadLetters(h, deadLetters.stream()
                .filter(d -> d.sender().equals(c.id()) || d.to().equals(c.id())).toList(), mine);
        return h.toString();
    }

    private static void info(Html h, ComponentInfo c) {
        ComponentMetadata m = c.metadata();
        ComponentSpec spec = m.spec();
        h.heading("Component");
        h.table("wharf-info", "Property", "Value");
        h.row("State", m.state() + " since " + Html.time(m.stateSince()) + m.reason().map(r -> ": " + r).orElse(""));
        h.row("Health", Pages.health(c));
        h.row("Last health check", Html.time(c.lastCheck()));
        h.row("Live", c.live() ? "yes" : "no");
        h.row("Kind", c.kind().orElse(""));
        h.row("Engine", c.engine().map(Enum::name).orElse("") + (c.wasi() ? ", WASI" : ""));
        h.row("Bundle", m.bundleSymbolicName() + " " + m.bundleVersion() + " [" + m.bundleId() + "]");
        h.row("Module", spec.modulePath());
        h.row("SHA-256", m.moduleSha256());
        h.row("First installed", Html.time(m.firstInstalled()));
        h.row("Restarts", m.restartCount());
        h.row("Receives from", String.join(", ", spec.receiveFrom()));
        h.row("Sends to", String.join(", ", spec.sendTo()));
        h.row("Capabilities", String.join(", ", spec.capabilities()));
        h.row("Settings", String.join(", ", spec.settings().keySet()));
        h.row("Limits", spec.limits());
        h.endTable();
    }

    private static void exports(Html h, List<ExportSignature> exports) {
        h.heading("Exports");
        h.table("wharf-exports", "Function");
        for (ExportSignature e : exports) {
            h.row(e.toString());
        }
        h.endTable();
    }

    /** One row per usage line of each capability; none when the component declares none. */
    private static void capabilities(Html h, List<CapabilityReport> capabilities) {
        if (capabilities.isEmpty()) {
            return;
        }
        h.heading("Capabilities");
        h.table("wharf-capabilities", "Capability", "Usage");
        for (CapabilityReport r : capabilities) {
            for (String line : r.lines()) {
                h.row(r.capability(), line);
            }
        }
        h.endTable();
    }

    private static void stats(Html h, ComponentStats s) {
        h.heading("Messages");
        h.table("wharf-stats", "In", "Out", "Failed", "Refused", "Mailbox", "Latency p50", "Latency p99");
        h.row(s.messagesIn(), s.messagesOut(), s.messagesFailed(), s.refused(),
                s.mailboxDepth() + " / " + s.mailboxCapacity(), micros(s.latencyP50Nanos()), micros(s.latencyP99Nanos()));
        h.endTable();
        h.heading("Instances");
        h.table("wharf-instances", "Instance", "State", "Busy", "Mailbox", "In", "Out", "Failed", "Restarts",
                "Latency p50", "Latency p99");
        for (InstanceStats i : s.instances()) {
            h.row(i.number(), i.state(), i.busy() ? "yes" : "no", i.mailboxDepth(), i.messagesIn(), i.messagesOut(),
                    i.messagesFailed(), i.restarts(), micros(i.latencyP50Nanos()), micros(i.latencyP99Nanos()));
        }
        h.endTable();
        latencyChart(h, s);
    }

    /** Bars of p50 and p99 per instance (all instances when there are none), scaled to the largest. */
    private static void latencyChart(Html h, ComponentStats s) {
        long max = Math.max(1, s.latencyP99Nanos());
        for (InstanceStats i : s.instances()) {
            max = Math.max(max, Math.max(i.latencyP50Nanos(), i.latencyP99Nanos()));
        }
        h.heading("Call latency");
        h.raw("<div id=\"wharf-latency\">\n");
        bar(h, "all p50", s.latencyP50Nanos(), max, "#6a9fd4");
        bar(h, "all p99", s.latencyP99Nanos(), max, "#d47f6a");
        for (InstanceStats i : s.instances()) {
            bar(h, "#" + i.number() + " p50", i.latencyP50Nanos(), max, "#6a9fd4");
            bar(h, "#" + i.number() + " p99", i.latencyP99Nanos(), max, "#d47f6a");
        }
        h.raw("</div>\n");
    }

    private static void bar(Html h, String label, long nanos, long max, String color) {
        long percent = Math.max(0, Math.min(100, nanos * 100 / max));
        h.raw("<div style=\"display:flex;align-items:center;margin:2px 0\"><span style=\"width:8em\">").text(label)
                .raw("</span><span style=\"display:inline-block;height:1em;background:").raw(color).raw(";width:")
                .raw(String.valueOf(percent * 4)).raw("px\"></span><span style=\"margin-left:0.5em\">")
                .text(micros(nanos)).raw("</span></div>\n");
    }

    private static void restarts(Html h, List<RestartRecord> restarts) {
        h.heading("Restarts");
        h.table("wharf-restarts", "Time", "Reason", "Detail");
        for (int i = restarts.size() - 1; i >= 0; i--) {
            RestartRecord r = restarts.get(i);
            h.row(Html.time(r.time()), r.reason(), r.detail());
        }
        h.endTable();
    }

    static String micros(long nanos) {
        return nanos <= 0 ? "" : nanos < 10_000_000 ? (nanos / 1000) + " us" : (nanos / 1_000_000) + " ms";
    }
}
