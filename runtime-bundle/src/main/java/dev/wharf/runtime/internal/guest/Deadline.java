package dev.wharf.runtime.internal.guest;

/**
 * Runs guest code under its component's call deadline ({@code timeout-ms}): a call past it is
 * interrupted and ends as a {@link dev.wharf.api.CallTimeoutException}, a trap as a
 * {@link dev.wharf.api.GuestTrapException} naming the call. A guest runs each call into its
 * instance through it; what one {@link #run} covers is one guarded call (a message's
 * {@code alloc}, {@code handle-message} and {@code dealloc} are one).
 */
public interface Deadline {

    /** Guest code: one or several calls into the instance. */
    @FunctionalInterface
    interface Section<T> {
        T run();
    }

    /** Runs {@code section}, named {@code name} in errors (usually the export it calls). */
    <T> T run(String name, Section<T> section);

    /** Nanoseconds left before the call under way reaches its deadline (negative once past it). */
    long remainingNanos();
}
