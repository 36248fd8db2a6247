package dev.wharf.lattice.internal;

import io.nats.client.Message;
import io.nats.client.impl.Headers;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.osgi.framework.BundleContext;
import org.osgi.framework.namespace.PackageNamespace;
import org.osgi.framework.wiring.BundleWiring;

/**
 * The W3C trace context of the lattice's messages, in NATS headers {@code traceparent} and
 * {@code tracestate}, so a trace follows a message from node to node. The OpenTelemetry API is an
 * optional import of this bundle: only {@link TraceHeaders} refers to it, and it is loaded only
 * when this bundle is wired to the API; otherwise {@link #OFF} sends and reads nothing. This
 * interface names no OpenTelemetry type, so it loads either way.
 */
interface Tracing {

    /** The OpenTelemetry packages {@link TraceHeaders} uses: all must be wired (bnd.bnd imports them optionally). */
    List<String> PACKAGES = List.of("io.opentelemetry.context", "io.opentelemetry.context.propagation",
            "io.opentelemetry.api.trace", "io.opentelemetry.api.trace.propagation");

    /** Nothing to put back: no trace context was made current. */
    Restore UNCHANGED = () -> { };

    /** Without OpenTelemetry: no header is sent and none is read. */
    Tracing OFF = new Tracing() {
        @Override
        public Headers outgoing() {
            return null;
        }

        @Override
        public Restore incoming(Message m) {
            return UNCHANGED;
        }
    };

    /**
     * Headers with the calling thread's current trace context, for a message sent on that thread;
     * {@code null} when no span is current (then the message goes without headers, as before).
     */
    Headers outgoing();

    /**
     * Makes the trace context that {@code m} carries current on this thread, until the result is
     * closed (on this thread). A message without one, or with a malformed one, changes nothing.
     */
    Restore incoming(Message m);

    /** Puts back the context that was current before {@link #incoming}. */
    interface Restore extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * {@link TraceHeaders} when this bundle is wired to every package of {@link #PACKAGES}, else
     * {@link #OFF}. Decided once, at activation: an API installed later is used once this bundle is
     * refreshed. Outside OSGi ({@code context} null) it is whether the API can be loaded.
     */
    static Tracing of(BundleContext context) {
        boolean usable = context == null ? loadable() : wired(context.getBundle().adapt(BundleWiring.class));
        if (!usable) {
            return OFF;
        }
        try {
            return new TraceHeaders();
        } catch (LinkageError e) {
            // a partial or mismatched API: the lattice works on, without trace context
            System.getLogger("dev.wharf.lattice").log(Level.WARNING,
                    "lattice: the OpenTelemetry API cannot be used; no trace context is carried across nodes", e);
            return OFF;
        }
    }

    /** Whether {@code wiring} has a wire for each of {@link #PACKAGES}. */
    static boolean wired(BundleWiring wiring) {
        if (wiring == null) {
            return false;
        }
        Set<Object> imported = wiring.getRequiredWires(PackageNamespace.PACKAGE_NAMESPACE).stream()
                .map(w -> w.getCapability().getAttributes().get(PackageNamespace.PACKAGE_NAMESPACE))
                .collect(Collectors.toSet());
        return imported.containsAll(PACKAGES);
    }

    private static boolean loadable() {
        try {
            // without initializing it: only whether it is there
            Class.forName("io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator", false,
                    Tracing.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}
