package dev.wharf.http.internal;

import dev.wharf.api.ComponentState;
import dev.wharf.api.runtime.ComponentInfo;
import dev.wharf.api.runtime.ComponentStats;
import java.util.List;

/**
 * Wharf's metrics in the Prometheus format, from one snapshot of the management API
 * ({@code ComponentRuntime}): every family with its help, the per-component ones labelled
 * {@code component} and {@code kind} (left out while the kind is not known: a component only the
 * registry remembers). docs/operating.md lists them.
 */
final class WharfMetrics {

    private static final ComponentState[] STATES = ComponentState.values();
    private static final double NANOS_PER_SECOND = 1e9;

    /**
     * What the runtime said at one scrape.
     *
     * @param components {@code components()}: live and remembered, ordered by id
     * @param stats {@code stats()}: the live ones, ordered by id
     * @param deadLetters {@code deadLetterCount()}
     * @param problems {@code problems().size()}
     * @param memoryUsedBytes linear memory held by all guests, or -1 when not known
     * @param memoryLimitBytes the memory budget of all guests, or -1 when not known
     */
    record Snapshot(List<ComponentInfo> components, List<ComponentStats> stats, long deadLetters, int problems,
            long memoryUsedBytes, long memoryLimitBytes) {}

    private WharfMetrics() {}

    /** Writes every family of {@code s}. */
    static void write(Snapshot s, MetricsWriter w) {
        String[] kinds = kinds(s.components(), s.stats());
        List<ComponentStats> stats = s.stats();
        w.family("wharf_messages_in_total", "counter", "Messages and calls accepted into the component's mailbox.");
        for (int i = 0; i < stats.size(); i++) {
            labels(w.sample("wharf_messages_in_total"), stats.get(i), kinds[i]).value(stats.get(i).messagesIn());
        }
        w.family("wharf_messages_out_total", "counter", "Messages the component sent that were accepted.");
        for (int i = 0; i < stats.size(); i++) {
            labels(w.sample("wharf_messages_out_total"), stats.get(i), kinds[i]).value(stats.get(i).messagesOut());
        }
        w.family("wharf_messages_failed_total", "counter",
                "Messages and calls that failed in the component (trap, timeout, guest error, stopped).");
        for (int i = 0; i < stats.size(); i++) {
            labels(w.sample("wharf_messages_failed_total"), stats.get(i), kinds[i]).value(stats.get(i).messagesFailed());
        }
        w.family("wharf_messages_refused_total", "counter",
                "Messages and calls refused at the component's mailbox (full, not serving).");
        for (int i = 0; i < stats.size(); i++) {
            labels(w.sample("wharf_messages_refused_total"), stats.get(i), kinds[i]).value(stats.get(i).refused());
        }
        w.family("wharf_mailbox_depth", "gauge", "Messages waiting in the component's mailbox now.");
        for (int i = 0; i < stats.size(); i++) {
            labels(w.sample("wharf_mailbox_depth"), stats.get(i), kinds[i]).value(stats.get(i).mailboxDepth());
        }
        w.family("wharf_mailbox_capacity", "gauge", "The capacity of the component's mailbox.");
        for (int i = 0; i < stats.size(); i++) {
            labels(w.sample("wharf_mailbox_capacity"), stats.get(i), kinds[i]).value(stats.get(i).mailboxCapacity());
        }
        w.family("wharf_call_latency_seconds", "summary",
                "Time of a call into the component's guest since it was deployed: median and 99th percentile, NaN before the first call.");
        for (int i = 0; i < stats.size(); i++) {
            ComponentStats c = stats.get(i);
            labels(w.sample("wharf_call_latency_seconds"), c, kinds[i]).label("quantile", "0.5").value(seconds(c.latencyP50Nanos()));
            labels(w.sample("wharf_call_latency_seconds"), c, kinds[i]).label("quantile", "0.99").value(seconds(c.latencyP99Nanos()));
        }
        w.family("wharf_component_instances", "gauge",
                "Instances of the WebAssembly component now, at most its instances attribute (not written for Java components).");
        for (int i = 0; i < stats.size(); i++) {
            if (!"java".equals(kinds[i])) {
                labels(w.sample("wharf_component_instances"), stats.get(i), kinds[i]).value(stats.get(i).instances().size());
            }
        }
        writeComponents(s.components(), w);
        w.family("wharf_dead_letters_total", "counter", "Messages that could not be delivered or handled since the runtime started.");
        w.sample("wharf_dead_letters_total").value(s.deadLetters());
        w.family("wharf_deployment_problems", "gauge", "Component clauses that could not be deployed, while their bundles are active.");
        w.sample("wharf_deployment_problems").value(s.problems());
        if (s.memoryUsedBytes() >= 0) {
            w.family("wharf_guest_memory_used_bytes", "gauge", "Linear memory held by all guests, bytes.");
            w.sample("wharf_guest_memory_used_bytes").value(s.memoryUsedBytes());
        }
        if (s.memoryLimitBytes() >= 0) {
            w.family("wharf_guest_memory_limit_bytes", "gauge", "The memory budget of all guests (memory-budget-mb), bytes.");
            w.sample("wharf_guest_memory_limit_bytes").value(s.memoryLimitBytes());
        }
    }

    /** The families of every component the runtime knows, live or remembered. */
    private static void writeComponents(List<ComponentInfo> components, MetricsWriter w) {
        w.family("wharf_component_restarts_total", "counter", "How often the supervisor or an operator restarted the component.");
        for (ComponentInfo c : components) {
            labels(w.sample("wharf_component_restarts_total"), c).value(c.metadata().restartCount());
        }
        w.family("wharf_component_state", "gauge", "1 for the component's state now, 0 for the others.");
        for (ComponentInfo c : components) {
            ComponentState now = c.metadata().state();
            for (ComponentState state : STATES) {
                labels(w.sample("wharf_component_state"), c).label("state", state.name()).value(state == now ? 1 : 0);
            }
        }
        w.family("wharf_component_unhealthy_checks", "gauge", "Unhealthy health checks of the live component in a row.");
        for (ComponentInfo c : components) {
            if (c.live()) {
                labels(w.sample("wharf_component_unhealthy_checks"), c).value(c.consecutiveUnhealthy());
            }
        }
    }

    private static MetricsWriter labels(MetricsWriter w, ComponentStats s, String kind) {
        w.label("component", s.id().value());
        return kind == null ? w : w.label("kind", kind);
    }

    private static MetricsWriter labels(MetricsWriter w, ComponentInfo c) {
        w.label("component", c.id().value());
        return c.kind().isPresent() ? w.label("kind", c.kind().get()) : w;
    }

    /** The kind of each of {@code stats}, from {@code components}; both are ordered by id. */
    private static String[] kinds(List<ComponentInfo> components, List<ComponentStats> stats) {
        String[] kinds = new String[stats.size()];
        int j = 0;
        for (int i = 0; i < stats.size(); i++) {
            String id = stats.get(i).id().value();
            int k = find(components, id, j, components.size());
            if (k < 0) {
                k = find(components, id, 0, j); // ordered differently: not expected, still found
            }
            if (k >= 0) {
                kinds[i] = components.get(k).kind().orElse(null);
                j = k + 1;
            }
        }
        return kinds;
    }

    private static int find(List<ComponentInfo> components, String id, int from, int to) {
        for (int k = from; k < to; k++) {
            if (components.get(k).id().value().equals(id)) {
                return k;
            }
        }
        return -1;
    }

    private static double seconds(long nanos) {
        return nanos == 0 ? Double.NaN : nanos / NANOS_PER_SECOND;
    }
}
