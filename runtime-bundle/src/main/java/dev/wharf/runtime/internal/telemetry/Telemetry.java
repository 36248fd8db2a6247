package dev.wharf.runtime.internal.telemetry;

import dev.wharf.api.ComponentId;
import dev.wharf.api.runtime.ComponentRuntime;
import dev.wharf.runtime.internal.engine.MemoryBudget;
import dev.wharf.runtime.internal.engine.WasmEngine;
import dev.wharf.runtime.internal.telemetry.otel.OtelMeters;
import dev.wharf.runtime.internal.telemetry.otel.OtelTracing;
import dev.wharf.runtime.internal.wiring.OptionalPackages;
import java.lang.System.Logger.Level;
import java.util.function.Function;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * The runtime's tracing and metrics: {@link Tracing#OFF} until an {@code io.opentelemetry.api.OpenTelemetry}
 * service is present (the highest-ranked one: the {@code dev.wharf.otel} bundle's SDK, or the
 * platform's own), then spans and metrics through it ({@link OtelTracing}, {@link OtelMeters}). The
 * OpenTelemetry API is an optional import: its types are used only when the runtime is wired to it.
 * A service that goes takes the runtime back to {@link Tracing#OFF} at once; spans already started
 * end on the tracer that started them.
 */
@Component(service = Telemetry.class)
public final class Telemetry implements Tracing {

    private static final System.Logger LOG = System.getLogger("dev.wharf.runtime");
    /** The OpenTelemetry API's package, an optional import of the runtime. */
    static final String API_PACKAGE = "io.opentelemetry.api";

    private final BundleContext context;
    private volatile Tracing tracing = Tracing.OFF;
    private volatile AutoCloseable meters;
    private volatile ServiceReference<?> bound;
    private volatile ComponentRuntime runtime;
    private volatile WasmEngine engine;

    @Activate
    public Telemetry(BundleContext context) {
        this.context = context;
    }

    /** Traces nothing (a runtime wired by hand: tests, benchmarks). */
    public Telemetry() {
        this.context = null;
    }

    /** Traces through {@code tracing} (a runtime wired by hand with an OpenTelemetry of its own). */
    public Telemetry(Tracing tracing) {
        this.context = null;
        this.tracing = tracing;
    }

    @Reference(service = io.opentelemetry.api.OpenTelemetry.class, cardinality = ReferenceCardinality.OPTIONAL,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void bindOpenTelemetry(ServiceReference<?> ref) {
        if (!OptionalPackages.wired(context, API_PACKAGE)) {
            LOG.log(Level.WARNING, "an OpenTelemetry service is present but the runtime is not wired to " + API_PACKAGE
                    + " (refresh the runtime bundle): nothing is traced");
            return;
        }
        Object service = context.getService(ref);
        if (service == null) {
            return;
        }
        String version = context.getBundle().getVersion().toString();
        AutoCloseable before = meters;
        meters = new OtelMeters(service, version, () -> runtime, this::memoryBudget);
        tracing = new OtelTracing(service, version);
        bound = ref;
        close(before);
        LOG.log(Level.INFO, "tracing and metrics through OpenTelemetry service " + ref.getProperty("service.id"));
    }

    void unbindOpenTelemetry(ServiceReference<?> ref) {
        if (ref.equals(bound)) {
            tracing = Tracing.OFF;
            bound = null;
            close(meters);
            meters = null;
        }
        context.ungetService(ref);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindRuntime(ComponentRuntime r) {
        runtime = r;
    }

    void unbindRuntime(ComponentRuntime r) {
        if (runtime == r) {
            runtime = null;
        }
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindEngine(WasmEngine e) {
        engine = e;
    }

    void unbindEngine(WasmEngine e) {
        if (engine == e) {
            engine = null;
        }
    }

    private MemoryBudget memoryBudget() {
        WasmEngine e = engine;
        return e == null ? null : e.memoryBudget();
    }

    @Deactivate
    void deactivate() {
        tracing = Tracing.OFF;
        close(meters);
        meters = null;
    }

    private static void close(AutoCloseable c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (Exception e) {
            LOG.log(Level.WARNING, "closing the OpenTelemetry instruments failed", e);
        }
    }

    /** Whether spans are recorded now. */
    public boolean tracing() {
        return tracing != Tracing.OFF;
    }

    @Override
    public TraceParent capture() {
        return tracing.capture();
    }

    @Override
    public TraceParent fromHeaders(Function<String, String> header) {
        return tracing.fromHeaders(header);
    }

    @Override
    public TraceSpan turn(Work work, TraceParent parent, ComponentId component, int instance, ComponentId sender,
            String function) {
        return tracing.turn(work, parent, component, instance, sender, function);
    }

    @Override
    public TraceSpan ask(ComponentId sender, ComponentId to) {
        return tracing.ask(sender, to);
    }

    @Override
    public TraceSpan capability(ComponentId component, String capability, String function) {
        return tracing.capability(component, capability, function);
    }
}
