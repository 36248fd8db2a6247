package dev.wharf.runtime.internal.telemetry;

/**
 * What a message carries of the trace it belongs to: the parent of the span of its turn, taken
 * on the sender's thread ({@link Tracing#capture()}) and used on the thread that handles it. It
 * is opaque here: only the tracing that made it reads it.
 */
public interface TraceParent {

    /** Not part of a trace: the turn's span, if any, starts one. */
    TraceParent NONE = new TraceParent() {
        @Override
        public String toString() {
            return "no trace";
        }
    };
}
