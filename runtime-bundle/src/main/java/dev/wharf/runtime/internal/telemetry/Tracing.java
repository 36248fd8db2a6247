package dev.wharf.runtime.internal.telemetry;

import dev.wharf.api.ComponentId;
import java.util.function.Function;

/**
 * The runtime's tracing, as the actors and the router use it, without OpenTelemetry's types:
 * {@link #OFF} unless an OpenTelemetry is present (docs/operating.md, "Traces"). A message takes
 * the trace of the thread that sends it ({@link #capture()}); the turn that handles it is a span
 * ({@link #turn}), current while the guest runs, so what the guest sends, asks or calls is its
 * child; an ask is a span from its sending until its answer ({@link #ask}).
 */
public interface Tracing {

    /** What a turn works on; it names the span and gives its kind. */
    enum Work {
        /** A tell: {@code message <component>}, a consumer span. */
        MESSAGE,
        /** An ask: {@code ask <component>}, a server span. */
        ASK,
        /** An Invoke or a call of a function: {@code invoke <component> <function>}, a server span. */
        INVOKE,
        /** An HTTP request to a component: {@code http <component>}, a server span. */
        HTTP
    }

    /** Records nothing and carries nothing. */
    Tracing OFF = new Tracing() {
        @Override
        public TraceParent capture() {
            return TraceParent.NONE;
        }

        @Override
        public TraceParent fromHeaders(Function<String, String> header) {
            return TraceParent.NONE;
        }

        @Override
        public TraceSpan turn(Work work, TraceParent parent, ComponentId component, int instance, ComponentId sender,
                String function) {
            return TraceSpan.NONE;
        }

        @Override
        public TraceSpan ask(ComponentId sender, ComponentId to) {
            return TraceSpan.NONE;
        }

        @Override
        public TraceSpan capability(ComponentId component, String capability, String function) {
            return TraceSpan.NONE;
        }
    };

    /** The trace the calling thread is in now, for the turn of a message it sends. */
    TraceParent capture();

    /** The trace named by W3C headers ({@code traceparent}, {@code tracestate}) of a request, by name. */
    TraceParent fromHeaders(Function<String, String> header);

    /**
     * Starts the span of a turn of {@code component} (its instance {@code instance}, 0 for a Java
     * component), child of {@code parent} whatever this thread's own trace is.
     *
     * @param sender who sent the message, {@code null} for an Invoke or a request
     * @param function the function an Invoke calls, else {@code null}
     */
    TraceSpan turn(Work work, TraceParent parent, ComponentId component, int instance, ComponentId sender,
            String function);

    /** Starts the span of an ask by {@code sender}, child of this thread's trace: a client span. */
    TraceSpan ask(ComponentId sender, ComponentId to);

    /** Starts the span of a capability call by {@code component}, child of this thread's trace. */
    TraceSpan capability(ComponentId component, String capability, String function);
}
