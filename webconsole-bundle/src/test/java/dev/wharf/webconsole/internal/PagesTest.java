package dev.wharf.webconsole.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.api.ComponentId;
import dev.wharf.api.ComponentLimits;
import dev.wharf.api.ComponentMetadata;
import dev.wharf.api.ComponentSpec;
import dev.wharf.api.ComponentState;
import dev.wharf.api.ErrorCode;
import dev.wharf.api.ExportSignature;
import dev.wharf.api.HealthStatus;
import dev.wharf.api.RestartRecord;
import dev.wharf.api.StateChange;
import dev.wharf.api.ValueType;
import dev.wharf.api.runtime.ComponentInfo;
import dev.wharf.api.runtime.ComponentStats;
import dev.wharf.api.runtime.DeadLetter;
import dev.wharf.api.runtime.DeploymentProblem;
import dev.wharf.api.runtime.InstanceStats;
import dev.wharf.spi.capability.CapabilityUsage;
import dev.wharf.spi.lattice.LatticeNode;
import dev.wharf.spi.lattice.LatticeView;
import dev.wharf.spi.security.AuditRecord;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PagesTest {

    private static final Links LINKS = new Links("/system/console/wharf", "tok\"en");
    private static final Instant T = Instant.parse("2026-12-01T10:00:00Z");

    private static ComponentMetadata metadata(String id, ComponentState state, HealthStatus health, int restarts,
            Optional<String> reason) {
        return new ComponentMetadata(new ComponentSpec(ComponentId.of(id), id + ".wasm", List.of("*"), List.of(),
                ComponentLimits.DEFAULTS), 7, "dev.example", "1.0.0", "abcd",
                List.of(new ExportSignature("add", List.of(ValueType.I32, ValueType.I32), List.of(ValueType.I32))),
                state, T, reason, health, restarts, T, List.of(new RestartRecord(T, RestartRecord.Reason.TRAP, "<trap>")));
    }

    private static InstanceStats instance(int n) {
        return new InstanceStats(n, ComponentState.READY, n == 2, 1, 10, 2, 1, 0, 40_000, 900_000);
    }

    private static ComponentInfo counter() {
        return new ComponentInfo(metadata("counter", ComponentState.READY, HealthStatus.HEALTHY, 3, Optional.empty()),
                true, 1, Optional.of(ComponentInfo.Engine.COMPILED), false, 0, Optional.of(T), Optional.of("wasm"),
                List.of(instance(1), instance(2)));
    }

    private static ComponentInfo evil() {
        return ComponentInfo.remembered(metadata("x.evil", ComponentState.FAILED,
                new HealthStatus.Unhealthy("<script>alert(1)</script>"), 9, Optional.of("trap: <b>&'\"")));
    }

    private static ComponentStats counterStats() {
        return new ComponentStats(ComponentId.of("counter"), 20, 4, 2, 5, 1, 1000, 41_000, 1_500_000,
                List.of(instance(1), instance(2)));
    }

    private static Snapshot snapshot(Optional<LatticeView> lattice) {
        DeadLetter d1 = new DeadLetter(T, ComponentId.of("counter"), ComponentId.of("x.evil"), 12, ErrorCode.UNKNOWN_TARGET,
                "no <such> target");
        DeadLetter d2 = new DeadLetter(T.plusSeconds(1), ComponentId.of("ping"), ComponentId.of("pong"), 3,
                ErrorCode.MAILBOX_FULL, "full");
        AuditRecord a1 = new AuditRecord(T, ComponentId.of("ping"), "pong", 3, false, "not in receive-from");
        AuditRecord a2 = new AuditRecord(T, ComponentId.of("ping"), "counter", 3, true, "allowed");
        DeploymentProblem p = new DeploymentProblem(9, "dev.bad", Optional.of("bad"), "bad.wasm;id=bad",
                "no such <file>", T);
        return new Snapshot(List.of(counter(), evil()), List.of(counterStats()), List.of(d1, d2), 42, List.of(p),
                Optional.of(List.of(a1, a2)), lattice);
    }

    @Test
    void overviewListsTheComponentsWithTheirNumbers() {
        String html = OverviewPage.render(snapshot(Optional.empty()), LINKS, Filter.NONE, null);
        assertThat(html).contains("2 components, 1 live; 42 dead letters since the start")
                .contains("<table id=\"wharf-components\" class=\"tablesorter nicetable\">")
                .contains("<th>Id</th><th>State</th><th>Health</th><th>Mailbox</th><th>Restarts</th><th>Kind</th>"
                        + "<th>Instances</th><th>Actions</th>")
                .contains("<tr><td><a href=\"/system/console/wharf/counter\">counter</a></td><td>READY</td>"
                        + "<td>healthy</td><td>1 / 1000</td><td>3</td><td>wasm</td><td>2</td><td>")
                .contains("<a href=\"/system/console/wharf/x.evil.html\">x.evil</a></td><td>FAILED</td>")
                .contains("<form method=\"post\" action=\"/system/console/wharf/counter\" style=\"display:inline\">"
                        + "<input type=\"hidden\" name=\"wharf-token\" value=\"tok&quot;en\">"
                        + "<button type=\"submit\" name=\"action\" value=\"restart\">Restart</button></form>")
                .contains("value=\"check\">Check health</button>")
                .contains("<td>dev.bad [9]</td><td>bad</td><td>bad.wasm;id=bad</td><td>no such &lt;file&gt;</td>")
                .contains("<td>ping@</td>".replace("@", "")).contains("<td>refused</td><td>not in receive-from</td>")
                .doesNotContain("<th>Node</th>");
        // only the live component has buttons
        assertThat(html.split("value=\"restart\"", -1)).hasSize(2);
    }

    @Test
    void everyTextIsEscaped() {
        String html = OverviewPage.render(snapshot(Optional.empty()), LINKS, Filter.NONE, null);
        assertThat(html).doesNotContain("<script>").doesNotContain("<such>")
                .contains("unhealthy: &lt;script&gt;alert(1)&lt;/script&gt;")
                .contains("no &lt;such&gt; target");
        String page = ComponentPage.render(evil(), Optional.empty(), List.of(new StateChange(T, ComponentState.FAILED,
                Optional.of("<img src=x onerror=alert(1)>"))), List.of(), List.of(), LINKS, null);
        assertThat(page).doesNotContain("<img").doesNotContain("<b>")
                .contains("FAILED since 2026-12-01 10:00:00Z: trap: &lt;b&gt;&amp;&#39;&quot;")
                .contains("&lt;img src=x onerror=alert(1)&gt;").contains("<td>TRAP</td><td>&lt;trap&gt;</td>")
                .doesNotContain("value=\"restart\"");
        assertThat(Html.escape("a&b<c>d\"e'f")).isEqualTo("a&amp;b&lt;c&gt;d&quot;e&#39;f");
    }

    @Test
    void theNodeColumnComesWithTheLattice() {
        LatticeView view = new LatticeView("prod", "a", true, "nats://127.0.0.1:4222", List.of(
                new LatticeNode("a", true, 0, List.of(ComponentId.of("counter"))),
                new LatticeNode("b", false, T.toEpochMilli(), List.of(ComponentId.of("counter"), ComponentId.of("pong")))));
        String html = OverviewPage.render(snapshot(Optional.of(view)), LINKS, Filter.NONE, null);
        assertThat(html).contains("<th>Node</th>").contains("<td>2</td><td>a, b</td>")
                .contains("node a of lattice prod").contains("<h3>Lattice prod (nats://127.0.0.1:4222)</h3>")
                .contains("<tr><td>a (this node)</td><td></td><td>counter</td></tr>")
                .contains("<tr><td>b</td><td>2026-12-01 10:00:00Z</td><td>counter, pong</td></tr>");
    }

    @Test
    void theFiltersNarrowDeadLettersAndTheAuditLog() {
        String html = OverviewPage.render(snapshot(Optional.empty()), LINKS, new Filter("PONG", true), null);
        assertThat(html).contains("Dead letters (1 of the newest 2)").contains("<td>MAILBOX_FULL</td>")
                .doesNotContain("UNKNOWN_TARGET").contains("Audit log (1 of the newest 2)")
                .doesNotContain("<td>allowed</td>").contains("name=\"filter\" value=\"PONG\"")
                .contains("name=\"denied\" value=\"true\" checked");
    }

    @Test
    void aComponentPageShowsInfoExportsStatsInstancesAndHistory() {
        String page = ComponentPage.render(counter(), Optional.of(counterStats()),
                List.of(new StateChange(T, ComponentState.STARTING, Optional.empty()),
                        new StateChange(T, ComponentState.READY, Optional.empty())),
                snapshot(Optional.empty()).deadLetters(), List.of(), LINKS, "restarted");
        assertThat(page).contains("<p class=\"statline ui-state-highlight\" id=\"wharf-notice\">Restart requested.</p>")
                .contains("<h2 id=\"wharf-component\">counter</h2>")
                .contains("<tr><td>Bundle</td><td>dev.example 1.0.0 [7]</td></tr>")
                .contains("<tr><td>add(i32, i32) -&gt; i32</td></tr>")
                .contains("<tr><td>20</td><td>4</td><td>2</td><td>5</td><td>1 / 1000</td><td>41 us</td><td>1500 us</td></tr>")
                .contains("<tr><td>2</td><td>READY</td><td>yes</td><td>1</td><td>10</td><td>2</td><td>1</td><td>0</td>"
                        + "<td>40 us</td><td>900 us</td></tr>")
                .contains("<div id=\"wharf-latency\">").contains("width:400px") // p99 of all is the largest
                .contains("<td>STARTING</td>").contains("Dead letters (1 of the newest 1)")
                .contains("value=\"restart\">Restart</button>");
    }

    @Test
    void aComponentPageShowsTheUsageOfEachCapabilityItDeclaresEscaped() {
        List<CapabilityReport> reports = List.of(
                new CapabilityReport.Counted("kv", List.of(new CapabilityUsage("entries", 3, CapabilityUsage.NO_LIMIT),
                        new CapabilityUsage("bytes", 120, 1_048_576))),
                new CapabilityReport.Counted("config", List.of()),
                new CapabilityReport.NoProvider("http"),
                new CapabilityReport.Unavailable("evil"),
                new CapabilityReport.Counted("odd", List.of(new CapabilityUsage("<b>rows</b>", 1, 2))));
        String page = ComponentPage.render(counter(), Optional.empty(), List.of(), List.of(), reports, LINKS, null);
        assertThat(page).contains("<h3>Capabilities</h3>")
                .contains("<table id=\"wharf-capabilities\" class=\"tablesorter nicetable\">")
                .contains("<th>Capability</th><th>Usage</th>")
                .contains("<tr><td>kv</td><td>entries 3</td></tr>\n<tr><td>kv</td><td>bytes 120 of 1048576</td></tr>")
                .contains("<tr><td>config</td><td>nothing counted</td></tr>")
                .contains("<tr><td>http</td><td>no provider</td></tr>")
                .contains("<tr><td>evil</td><td>usage not available</td></tr>")
                .contains("<tr><td>odd</td><td>&lt;b&gt;rows&lt;/b&gt; 1 of 2</td></tr>")
                .doesNotContain("<b>");
        // a component that declares no capability has no such section
        assertThat(ComponentPage.render(counter(), Optional.empty(), List.of(), List.of(), List.of(), LINKS, null))
                .doesNotContain("Capabilities</h3>").doesNotContain("wharf-capabilities");
    }

    @Test
    void onlyKnownNoticesAreShown() {
        String page = OverviewPage.render(snapshot(Optional.empty()), LINKS, Filter.NONE, "<script>");
        assertThat(page).doesNotContain("wharf-notice");
    }

    @Test
    void linksRoundTripIdsWithDots() {
        assertThat(LINKS.component(ComponentId.of("a.html"))).isEqualTo("/system/console/wharf/a.html.html");
        assertThat(Links.componentOf("/a.html.html")).isEqualTo("a.html");
        assertThat(Links.componentOf("/counter")).isEqualTo("counter");
        assertThat(Links.componentOf("/")).isNull();
        assertThat(Links.componentOf(null)).isNull();
    }
}
