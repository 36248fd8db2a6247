package dev.wharf.runtime.internal.component;

/**
 * The {@code memory} canonical option: a guest's linear memory as the conversions see it.
 * Addresses are unsigned 32-bit values in {@code long}s; multi-byte values are little-endian.
 * Every access is bounds-checked and throws {@link CanonicalAbiTrap} when it does not fit, so
 * nothing else escapes even where the conversions' own, more specific checks were skipped.
 * Backed by a Chicory memory in the host ({@link ChicoryCanonicalMemory}), by a byte array in tests.
 */
public interface CanonicalMemory {

    /** The current size in bytes; may grow across a {@link CanonicalRealloc} call. */
    long size();

    byte read8(long address);

    short read16(long address);

    int read32(long address);

    long read64(long address);

    byte[] read(long address, int length);

    void write8(long address, byte value);

    void write16(long address, short value);

    void write32(long address, int value);

    void write64(long address, long value);

    void write(long address, byte[] bytes, int offset, int length);

    default void write(long address, byte[] bytes) {
        write(address, bytes, 0, bytes.length);
    }

    /** Traps unless {@code [address, address + length)} lies inside the memory. */
    default void checkAccess(long address, long length) {
        if (address < 0 || length < 0 || address + length > size()) {
            throw CanonicalAbiTrap.of("memory access at %d + %d bytes is outside memory (%d bytes)",
                    address, length, size());
        }
    }
}
