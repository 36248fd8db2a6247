package dev.wharf.runtime.internal.telemetry.otel;

import dev.wharf.api.ComponentState;
import dev.wharf.api.runtime.ComponentInfo;
import dev.wharf.api.runtime.ComponentRuntime;
import dev.wharf.api.runtime.ComponentStats;
import dev.wharf.runtime.internal.engine.MemoryBudget;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.metrics.BatchCallback;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.metrics.ObservableLongMeasurement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The runtime's figures as OpenTelemetry metrics, the same as {@code /metrics} gives Prometheus
 * (docs/operating.md lists both): read from the management API ({@link ComponentRuntime}) and the
 * memory budget once per collection, in one batch callback, so a collection takes one snapshot.
 * The turns' latency histogram is recorded as they end ({@link OtelTracing}).
 */
public final class OtelMeters implements AutoCloseable {

    private static final AttributeKey<String> KIND = AttributeKey.stringKey("wharf.kind");
    private static final AttributeKey<String> STATE = AttributeKey.stringKey("wharf.state");
    private static final ComponentState[] STATES = ComponentState.values();

    private final Supplier<ComponentRuntime> runtime;
    private final Supplier<MemoryBudget> memory;
    private final ObservableLongMeasurement in;
    private final ObservableLongMeasurement out;
    private final ObservableLongMeasurement failed;
    private final ObservableLongMeasurement refused;
    private final ObservableLongMeasurement depth;
    private final ObservableLongMeasurement capacity;
    private final ObservableLongMeasurement instances;
    private final ObservableLongMeasurement restarts;
    private final ObservableLongMeasurement state;
    private final ObservableLongMeasurement unhealthy;
    private final ObservableLongMeasurement deadLetters;
    private final ObservableLongMeasurement problems;
    private final ObservableLongMeasurement memoryUsed;
    private final ObservableLongMeasurement memoryLimit;
    private final BatchCallback callback;

    /**
     * @param runtime the management API now, or {@code null} while there is none
     * @param memory the memory budget of all guests now, or {@code null}
     */
    public OtelMeters(Object openTelemetry, String version, Supplier<ComponentRuntime> runtime,
            Supplier<MemoryBudget> memory) {
        this.runtime = runtime;
        this.memory = memory;
        Meter m = ((OpenTelemetry) openTelemetry).meterBuilder(OtelTracing.SCOPE).setInstrumentationVersion(version).build();
        in = counter(m, "wharf.messages.in", "Messages and calls accepted into the component's mailbox.");
        out = counter(m, "wharf.messages.out", "Messages the component sent that were accepted.");
        failed = counter(m, "wharf.messages.failed", "Messages and calls the component failed: traps, timeouts, errors.");
        refused = counter(m, "wharf.messages.refused", "Messages to the component refused before its mailbox.");
        depth = gauge(m, "wharf.mailbox.depth", "{message}", "Messages waiting in the component's mailbox now.");
        capacity = gauge(m, "wharf.mailbox.capacity", "{message}", "The capacity of the component's mailbox.");
        instances = gauge(m, "wharf.component.instances", "{instance}", "Instances of the component serving now.");
        restarts = m.counterBuilder("wharf.component.restarts").setUnit("{restart}")
                .setDescription("How often the supervisor or an operator restarted the component.").buildObserver();
        state = gauge(m, "wharf.component.state", "1", "1 for the component's state now (wharf.state), 0 for the others.");
        unhealthy = gauge(m, "wharf.component.unhealthy_checks", "{check}", "Unhealthy health checks of the component in a row.");
        deadLetters = counter(m, "wharf.dead_letters", "Messages that could not be delivered or handled since the runtime started.");
        problems = gauge(m, "wharf.deployment.problems", "{problem}", "Component clauses that could not be deployed.");
        memoryUsed = gauge(m, "wharf.guest.memory.used", "By", "Linear memory held by all guests.");
        memoryLimit = gauge(m, "wharf.guest.memory.limit", "By", "The memory budget of all guests (memory-budget-mb).");
        callback = m.batchCallback(this::collect, in, out, failed, refused, depth, capacity, instances, restarts,
                state, unhealthy, deadLetters, problems, memoryUsed, memoryLimit);
    }

    private static ObservableLongMeasurement counter(Meter m, String name, String description) {
        return m.counterBuilder(name).setUnit("{message}").setDescription(description).buildObserver();
    }

    private static ObservableLongMeasurement gauge(Meter m, String name, String unit, String description) {
        return m.gaugeBuilder(name).ofLongs().setUnit(unit).setDescription(description).buildObserver();
    }

    /** One collection: a snapshot of the runtime, every instrument from it. */
    private void collect() {
        ComponentRuntime r = runtime.get();
        if (r != null) {
            collect(r);
        }
        MemoryBudget b = memory.get();
        if (b != null) {
            memoryUsed.record(b.usedBytes());
            memoryLimit.record(b.limitBytes());
        }
    }

    private void collect(ComponentRuntime r) {
        List<ComponentInfo> components = r.components();
        Map<String, Attributes> byId = new HashMap<>();
        for (ComponentInfo c : components) {
            AttributesBuilder a = Attributes.builder().put(OtelTracing.COMPONENT, c.id().value());
            c.kind().ifPresent(k -> a.put(KIND, k));
            Attributes attributes = a.build();
            byId.put(c.id().value(), attributes);
            restarts.record(c.metadata().restartCount(), attributes);
            ComponentState now = c.metadata().state();
            for (ComponentState st : STATES) {
                state.record(st == now ? 1 : 0, attributes.toBuilder().put(STATE, st.name()).build());
            }
            if (c.live()) {
                unhealthy.record(c.consecutiveUnhealthy(), attributes);
            }
        }
        for (ComponentStats s : r.stats()) {
            Attributes a = byId.getOrDefault(s.id().value(), Attributes.of(OtelTracing.COMPONENT, s.id().value()));
            in.record(s.messagesIn(), a);
            out.record(s.messagesOut(), a);
            failed.record(s.messagesFailed(), a);
            refused.record(s.refused(), a);
            depth.record(s.mailboxDepth(), a);
            capacity.record(s.mailboxCapacity(), a);
            if (!s.instances().isEmpty()) {
                instances.record(s.instances().size(), a);
            }
        }
        deadLetters.record(r.deadLetterCount());
        problems.record(r.problems().size());
    }

    @Override
    public void close() {
        callback.close();
    }
}
