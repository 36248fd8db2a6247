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

    /** Below this no memory is too small to hold what was read: a memory has at least one page. */
    private static final long FREE = 65_536;

    private long bytes;
    private CanonicalMemory memory;

    /** Starts a lift of values in {@code memory} ({@code null} when the values need none). */
    void start(CanonicalMemory memory) {
        bytes = 0;
        this.memory = memory;
    }

    /** Counts {@code n} more bytes of a list or string; traps past the memory's size. */
    void charge(long n, String what) {
        bytes += n;
        // the memory's size is only looked at past a page: most lifts never need it
        if (bytes > FREE && memory != null && bytes > memory.size()) {
            throw CanonicalAbiTrap.of("the lists and strings lifted in one call, with this %s, take %d bytes, more than the"
                    + " guest's memory of %d bytes: they point at the same bytes more than once", what, bytes, memory.size());
        }
    }
}
