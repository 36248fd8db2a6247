package dev.wharf.runtime.internal.engine;

/**
 * What the host functions of module {@code wharf} do on behalf of one guest instance. Memory
 * access and bounds checks happen before these calls; implementations see plain bytes.
 */
public interface GuestContext {

    /** {@code send}: returns 0 when accepted or a negative ABI result. */
    int send(String to, byte[] payload);

    /** {@code reply}: returns 0 when accepted or a negative ABI result. */
    int reply(byte[] payload);

    /** {@code log}, and WASI stdout (level 2) / stderr (level 3), one line at a time. */
    void log(int level, String message);
}
