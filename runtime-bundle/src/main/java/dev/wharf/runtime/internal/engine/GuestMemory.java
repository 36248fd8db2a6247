package dev.wharf.runtime.internal.engine;

import dev.wharf.api.ErrorCode;

/**
 * Bounds-checked access to a guest's memory for host functions and capability providers, and
 * the way a host function hands a result of any length back: a buffer the guest owns, whose
 * address and length go to an 8-byte "out" slot the guest passed. An instance's own linear
 * memory is one; the kernel memory of an Extism plugin is another. Used on the thread that runs
 * the instance, during a call into it. Addresses and lengths are unsigned 32-bit values.
 */
public interface GuestMemory {

    /** Whether {@code [ptr, ptr + len)}, both unsigned, lies inside the memory. */
    boolean inBounds(int ptr, int len);

    /** The {@code len} bytes at {@code ptr}, or {@code null} when they are not all inside the memory. */
    byte[] read(int ptr, int len);

    /** Writes {@code data} at {@code ptr} when it fits; returns whether it did. */
    boolean write(int ptr, byte[] data);

    /** Writes {@code value} at {@code ptr}, little-endian, when it fits; returns whether it did. */
    boolean writeI32(int ptr, int value);

    /**
     * Places {@code data} in a buffer the guest owns and stores its address and length at
     * {@code outPtr} (two little-endian u32).
     *
     * @return 0, or the negated {@link ErrorCode#OUT_OF_BOUNDS} when {@code outPtr} does not fit,
     *     or {@link ErrorCode#ALLOCATION_FAILED} when no buffer could be had for it
     */
    int returnBytes(int outPtr, byte[] data);
}
