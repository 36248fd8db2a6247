package dev.wharf.runtime.internal.component;

/** The range and alignment checks the canonical ABI makes before it touches a guest's memory. */
final class CanonicalChecks {

    /** An {@code i32} flat value or memory word as the unsigned number the ABI reads it as. */
    static final long U32_MASK = 0xFFFF_FFFFL;

    private CanonicalChecks() {}

    /** Traps unless {@code [ptr, ptr + length)} lies in the memory; {@code what} names the pointer. */
    static void inMemory(CanonicalMemory memory, String what, long ptr, long length) {
        long size = memory.size();
        if (ptr < 0 || ptr + length > size) {
            throw CanonicalAbiTrap.of("%s pointer %d + %d bytes is outside memory (%d bytes)", what, ptr, length, size);
        }
    }

    /** Traps unless {@code ptr} is a multiple of {@code alignment}. */
    static void aligned(String what, long ptr, int alignment) {
        if (ptr % alignment != 0) {
            throw CanonicalAbiTrap.of("unaligned %s pointer %d for alignment %d", what, ptr, alignment);
        }
    }

    /** Both checks, alignment first as the spec makes them. */
    static void alignedInMemory(CanonicalMemory memory, String what, long ptr, int alignment, long length) {
        aligned(what, ptr, alignment);
        inMemory(memory, what, ptr, length);
    }

    static long u32(long flat) {
        return flat & U32_MASK;
    }
}
