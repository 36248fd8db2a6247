package dev.wharf.runtime.internal.engine;

/**
 * What the host functions of module {@code wharf} do on behalf of one guest instance. Memory
 * access and bounds checks happen before these calls; implementations see plain bytes.
 */
public interface GuestContext {

    /** {@code send}: returns 0 when accepted or a negative ABI result. */
    int send(byte[] to, byte[] payload);

    /** {@code reply}: returns 0 when accepted or a negative ABI result. */
    int reply(byte[] payload);

    /** {@code log}, and WASI stdout (level 2) / stderr (level 3), one line at a time. */
    void log(int level, String message);

    /**
     * {@code ask}: sends {@code payload} to {@code to} as a request and waits at most
     * {@code timeoutMs} (and never past the current call's deadline) for the reply.
     *
     * @return the reply, or a negative ABI result in {@link Answer#code()}
     */
    Answer ask(String to, byte[] payload, long timeoutMs);

    /**
     * A call of capability function {@code imp}, on the thread of the guest call that made it.
     *
     * @return its results: one value, or none when the import declares none
     */
    long[] capability(CapabilityImport imp, GuestMemory memory, long[] args);

    /** What {@link #ask} answers: a reply with code 0, or no reply and a negative code. */
    record Answer(int code, byte[] reply) {}
}
