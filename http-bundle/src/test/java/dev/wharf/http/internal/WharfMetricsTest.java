package dev.wharf.http.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.api.ComponentId;
import dev.wharf.api.ComponentLimits;
import dev.wharf.api.ComponentMetadata;
import dev.wharf.api.ComponentSpec;
import dev.wharf.api.ComponentState;
import dev.wharf.api.HealthStatus;
import dev.wharf.api.runtime.ComponentInfo;
import dev.wharf.api.runtime.ComponentStats;
import dev.wharf.api.runtime.InstanceStats;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class WharfMetricsTest {

    private static ComponentMetadata metadata(String id, ComponentState state, int restarts) {
        return new ComponentMetadata(new ComponentSpec(ComponentId.of(id), id + ".wasm", List.of(), List.of(),
                ComponentLimits.DEFAULTS), 1, "b", "1.0.0", "00", List.of(), state, Instant.EPOCH, Optional.empty(),
                HealthStatus.HEALTHY, restarts, Instant.EPOCH, List.of());
    }

    private static InstanceStats instance(int number) {
        return new InstanceStats(number, ComponentState.READY, false, 0, 1, 0, 0, 0, 1000, 2000);
    }

    @Test
    void writesASnapshotExactly() {
        ComponentInfo echo = new ComponentInfo(metadata("echo", ComponentState.READY, 4), true, 2,
                Optional.of(ComponentInfo.Engine.COMPILED), false, 1, Optional.empty(), Optional.of("wasm"),
                List.of(instance(1), instance(2)));
        ComponentInfo gone = ComponentInfo.remembered(metadata("gone", ComponentState.FAILED, 9));
        ComponentInfo java = new ComponentInfo(metadata("j", ComponentState.READY, 0), true, 0,
                Optional.of(ComponentInfo.Engine.JAVA), false, 0, Optional.empty(), Optional.of("java"), List.of());
        ComponentStats echoStats = new ComponentStats(ComponentId.of("echo"), 10, 3, 1, 2, 2, 1000, 41_200, 1_500_000,
                List.of(instance(1), instance(2)));
        ComponentStats javaStats = new ComponentStats(ComponentId.of("j"), 5, 0, 0, 0, 0, 100, 0, 0, List.of());
        StringBuilder out = new StringBuilder();
        WharfMetrics.write(new WharfMetrics.Snapshot(List.of(echo, gone, java), List.of(echoStats, javaStats), 6, 1,
                65536, -1), new MetricsWriter(out));
        assertThat(out.toString()).isEqualTo("""
                # HELP wharf_messages_in_total Messages and calls accepted into the component's mailbox.
                # TYPE wharf_messages_in_total counter
                wharf_messages_in_total{component="echo",kind="wasm"} 10
                wharf_messages_in_total{component="j",kind="java"} 5
                # HELP wharf_messages_out_total Messages the component sent that were accepted.
                # TYPE wharf_messages_out_total counter
                wharf_messages_out_total{component="echo",kind="wasm"} 3
                wharf_messages_out_total{component="j",kind="java"} 0
                # HELP wharf_messages_failed_total Messages and calls that failed in the component (trap, timeout, guest error, stopped).
                # TYPE wharf_messages_failed_total counter
                wharf_messages_failed_total{component="echo",kind="wasm"} 1
                wharf_messages_failed_total{component="j",kind="java"} 0
                # HELP wharf_messages_refused_total Messages and calls refused at the component's mailbox (full, not serving).
                # TYPE wharf_messages_refused_total counter
                wharf_messages_refused_total{component="echo",kind="wasm"} 2
                wharf_messages_refused_total{component="j",kind="java"} 0
                # HELP wharf_mailbox_depth Messages waiting in the component's mailbox now.
                # TYPE wharf_mailbox_depth gauge
                wharf_mailbox_depth{component="echo",kind="wasm"} 2
                wharf_mailbox_depth{component="j",kind="java"} 0
                # HELP wharf_mailbox_capacity The capacity of the component's mailbox.
                # TYPE wharf_mailbox_capacity gauge
                wharf_mailbox_capacity{component="echo",kind="wasm"} 1000
                wharf_mailbox_capacity{component="j",kind="java"} 100
                # HELP wharf_call_latency_seconds Time of a call into the component's guest since it was deployed: median and 99th percentile, NaN before the first call.
                # TYPE wharf_call_latency_seconds summary
                wharf_call_latency_seconds{component="echo",kind="wasm",quantile="0.5"} 4.12E-5
                wharf_call_latency_seconds{component="echo",kind="wasm",quantile="0.99"} 0.0015
                wharf_call_latency_seconds{component="j",kind="java",quantile="0.5"} NaN
                wharf_call_latency_seconds{component="j",kind="java",quantile="0.99"} NaN
                # HELP wharf_component_instances Instances of the WebAssembly component now, at most its instances attribute (not written for Java components).
                # TYPE wharf_component_instances gauge
                wharf_component_instances{component="echo",kind="wasm"} 2
                # HELP wharf_component_restarts_total How often the supervisor or an operator restarted the component.
                # TYPE wharf_component_restarts_total counter
                wharf_component_restarts_total{component="echo",kind="wasm"} 4
                wharf_component_restarts_total{component="gone"} 9
                wharf_component_restarts_total{component="j",kind="java"} 0
                # HELP wharf_component_state 1 for the component's state now, 0 for the others.
                # TYPE wharf_component_state gauge
                wharf_component_state{component="echo",kind="wasm",state="STARTING"} 0
                wharf_component_state{component="echo",kind="wasm",state="READY"} 1
                wharf_component_state{component="echo",kind="wasm",state="STOPPING"} 0
                wharf_component_state{component="echo",kind="wasm",state="STOPPED"} 0
                wharf_component_state{component="echo",kind="wasm",state="FAILED"} 0
                wharf_component_state{component="gone",state="STARTING"} 0
                wharf_component_state{component="gone",state="READY"} 0
                wharf_component_state{component="gone",state="STOPPING"} 0
                wharf_component_state{component="gone",state="STOPPED"} 0
                wharf_component_state{component="gone",state="FAILED"} 1
                wharf_component_state{component="j",kind="java",state="STARTING"} 0
                wharf_component_state{component="j",kind="java",state="READY"} 1
                wharf_component_state{component="j",kind="java",state="STOPPING"} 0
                wharf_component_state{component="j",kind="java",state="STOPPED"} 0
                wharf_component_state{component="j",kind="java",state="FAILED"} 0
                # HELP wharf_component_unhealthy_checks Unhealthy health checks of the live component in a row.
                # TYPE wharf_component_unhealthy_checks gauge
                wharf_component_unhealthy_checks{component="echo",kind="wasm"} 1
                wharf_component_unhealthy_checks{component="j",kind="java"} 0
                # HELP wharf_dead_letters_total Messages that could not be delivered or handled since the runtime started.
                # TYPE wharf_dead_letters_total counter
                wharf_dead_letters_total 6
                # HELP wharf_deployment_problems Component clauses that could not be deployed, while their bundles are active.
                # TYPE wharf_deployment_problems gauge
                wharf_deployment_problems 1
                # HELP wharf_guest_memory_used_bytes Linear memory held by all guests, bytes.
                # TYPE wharf_guest_memory_used_bytes gauge
                wharf_guest_memory_used_bytes 65536
                """);
    }
}
