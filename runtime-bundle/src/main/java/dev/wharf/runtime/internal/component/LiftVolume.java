package dev.wharf.runtime.internal.component;

/**
 * How many bytes of lists and strings one lift has read out of a guest's memory, against the
 * memory's size. Values that do not overlap fit in the memory they lie in, so an honest lift
 * never exceeds it; a guest whose lists or strings point at the same bytes over and over could
 * otherwise make the host build values many times larger than its memory (a list of a million
 * strings, each the same 16 MiB), and exhaust the heap of the whole container. A context's volume
 * is reset at the start of each lift: one component instance lifts on one thread at a time.
 */
public final class LiftVolume {

    private long bytes;
    private long limit = Long.MAX_VALUE;

    /** Starts a lift of values in a memory of {@code memorySize} bytes. */
    void start(long memorySize) {
        bytes = 0;
        limit = memorySize;
    }

    /** Counts {@code n} more bytes of a list or string; traps past the memory's size. */
    void charge(long n, String what) {
        bytes += n;
        if (bytes > limit) {
            throw CanonicalAbiTrap.of("the lists and strings lifted in one call, with this %s, take %d bytes, more than the"
                    + " guest's memory of %d bytes: they point at the same bytes more than once", what, bytes, limit);
        }
    }
}
