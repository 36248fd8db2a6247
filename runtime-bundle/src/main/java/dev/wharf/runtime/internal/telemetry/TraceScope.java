package dev.wharf.runtime.internal.telemetry;

/** A span made current on this thread ({@link TraceSpan#enter()}), until closed, on the same thread. */
@FunctionalInterface
public interface TraceScope extends AutoCloseable {

    TraceScope NONE = () -> {};

    @Override
    void close();
}
