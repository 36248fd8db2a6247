package dev.wharf.runtime.internal.component.wasi;

/**
 * Where an output-stream of the host writes when it is not stdout or stderr (a body being
 * written). Its stream never pushes back: check-write permits {@value IoInterfaces#MAX_WRITE}
 * bytes, and a write the sink cannot take fails with a {@link StreamFailure}.
 */
public interface OutputSink {

    /**
     * Takes {@code data}.
     *
     * @return {@code null} when taken, else why not (the write answers last-operation-failed)
     */
    StreamFailure write(byte[] data);

    /** Whether it takes no more (its body was finished): writes answer closed. */
    boolean closed();
}
