package dev.wharf.runtime.internal.shell;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wharf.api.ComponentId;
import dev.wharf.api.ComponentLimits;
import dev.wharf.api.ComponentMetadata;
import dev.wharf.api.ComponentSpec;
import dev.wharf.api.ComponentState;
import dev.wharf.api.HealthStatus;
import dev.wharf.api.RestartPolicy;
import dev.wharf.api.runtime.ComponentInfo;
import dev.wharf.api.runtime.InstanceStats;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@code wasm:info}: the instances of a live component, and how many a remembered one may have. */
class ComponentReportTest {

    static final Instant T = Instant.parse("2026-11-24T10:00:00Z");

    static ComponentMetadata metadata(String id, int instances) {
        ComponentLimits d = ComponentLimits.DEFAULTS;
        ComponentLimits l = new ComponentLimits(d.maxMessageSize(), d.rateLimit(), d.memoryMaxPages(), d.timeoutMs(), 16,
                RestartPolicy.PERMANENT, d.maxRestarts(), d.restartWindowMs(), instances);
        return new ComponentMetadata(new ComponentSpec(ComponentId.of(id), id + ".wasm", List.of(), List.of(), l), 7,
                "test.bundle", "1.0.0", "abc", List.of(), ComponentState.READY, T, Optional.empty(), HealthStatus.HEALTHY, 0,
                T, List.of());
    }

    static InstanceStats instance(int number, boolean busy, int depth, long in, int restarts) {
        return new InstanceStats(number, ComponentState.READY, busy, depth, in, 0, 0, restarts, 41_200, 96_000);
    }

    static List<String> lines(ShellOutput o) {
        return ((ShellOutput.Lines) o).lines();
    }

    @Test
    void aLiveComponentShowsItsInstancesLiveOverMaxAndOneLineEach() throws Exception {
        ComponentInfo c = new ComponentInfo(metadata("pool", 4), true, 3, Optional.of(ComponentInfo.Engine.COMPILED), false, 0,
                Optional.empty(), Optional.of("wasm"), List.of(instance(1, true, 3, 812, 0), instance(2, false, 0, 790, 1)));
        List<String> lines = lines(ComponentReport.of(c, List.of(), List.of()));
        int at = lines.indexOf("instances:   2/4");
        assertThat(at).as("%s", lines).isPositive();
        assertThat(lines.get(at + 1)).isEqualTo("  #1 READY busy mailbox=3/16 in=812 restarts=0");
        assertThat(lines.get(at + 2)).isEqualTo("  #2 READY idle mailbox=0/16 in=790 restarts=1");
        assertThat(lines.get(at + 3)).isEqualTo("exports:");

        JsonNode json = ShellOutputTest.json(ComponentReport.of(c, List.of(), List.of()));
        assertThat(json.get("instances").asText()).isEqualTo("2/4");
        assertThat(json.get("instances-list")).hasSize(2);
        assertThat(json.get("instances-list").get(1).asText()).isEqualTo("#2 READY idle mailbox=0/16 in=790 restarts=1");
    }

    @Test
    void aRememberedComponentShowsTheInstancesItIsConfiguredFor() {
        ComponentInfo c = ComponentInfo.remembered(metadata("pool", 8));
        List<String> lines = lines(ComponentReport.of(c, List.of(), List.of()));
        assertThat(lines).contains("instances:   0/8").noneMatch(l -> l.startsWith("  #"));
    }

    @Test
    void aJavaComponentHasNoInstancesLine() {
        ComponentInfo c = new ComponentInfo(metadata("j", 1), true, 0, Optional.of(ComponentInfo.Engine.JAVA), false, 0,
                Optional.empty(), Optional.of("java"), List.of());
        assertThat(lines(ComponentReport.of(c, List.of(), List.of()))).noneMatch(l -> l.startsWith("instances:"));
    }
}
