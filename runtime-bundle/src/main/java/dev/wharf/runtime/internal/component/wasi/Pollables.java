package dev.wharf.runtime.internal.component.wasi;

import com.dylibso.chicory.runtime.ChicoryInterruptedException;
import dev.wharf.runtime.internal.component.CanonicalAbiTrap;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The monotonic clock of one WASI instance and the pollables on it. Its instants are nanoseconds
 * since the instance was made, so they start near 0 and never go back.
 *
 * <p>Every pollable of this host is "ready at instant {@code d}": a stream's is always ready
 * ({@code d = 0}: stdout and stderr always take writes, stdin is closed), a clock's at its
 * deadline. The deadline is the pollable's representation itself, so the host keeps no state per
 * pollable and needs no word of its drop: a guest that makes and drops pollables in a loop costs
 * the host nothing. The representation is an unsigned 32-bit float: a 5-bit exponent {@code e}
 * (bits 27 to 31) and a 27-bit mantissa {@code m} (bits 0 to 26), the deadline {@code m << e}
 * rounded up, so that a pollable is never ready early and late by less than 1/2<sup>26</sup> of
 * its deadline (32 µs an hour in). A deadline past 2<sup>58</sup> ns (9 years) is never reached:
 * representation {@code -1}.
 */
final class Pollables {

    /** The representation of a pollable that is always ready. */
    static final int READY = 0;
    /** The representation of a pollable that is never ready. */
    static final int NEVER = -1;

    private static final int MANTISSA_BITS = 27;
    private static final long MANTISSA_LIMIT = 1L << MANTISSA_BITS;

    private final LongSupplier nanoTime;
    private final long origin;

    /** @param nanoTime a monotonic nanosecond clock, {@link System#nanoTime()} */
    Pollables(LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
        this.origin = nanoTime.getAsLong();
    }

    /** The monotonic clock's instant now: nanoseconds since this instance was made. */
    long now() {
        return nanoTime.getAsLong() - origin;
    }

    /** A pollable ready at {@code instant} (an unsigned u64). */
    static int at(long instant) {
        if (instant < 0) {
            return NEVER;
        }
        if (instant < MANTISSA_LIMIT) {
            return (int) instant;
        }
        int e = 64 - Long.numberOfLeadingZeros(instant) - MANTISSA_BITS;
        long m = (instant + (1L << e) - 1) >>> e;
        if (m == MANTISSA_LIMIT) {
            m >>>= 1;
            e++;
        }
        if (e > 31) {
            return NEVER;
        }
        return (e << MANTISSA_BITS) | (int) m;
    }

    /** A pollable ready {@code duration} (an unsigned u64) nanoseconds from now. */
    int after(long duration) {
        long deadline = now() + duration;
        return duration < 0 || deadline < 0 ? NEVER : at(deadline);
    }

    /** The instant at which pollable {@code rep} is ready; {@code Long.MAX_VALUE} for never. */
    static long deadline(int rep) {
        if (rep == NEVER) {
            return Long.MAX_VALUE;
        }
        return (rep & (MANTISSA_LIMIT - 1)) << (rep >>> MANTISSA_BITS);
    }

    /** {@code [method]pollable.ready}. */
    boolean ready(int rep) {
        return now() >= deadline(rep);
    }

    /** {@code [method]pollable.block}: returns when it is ready; an interrupt (the call's deadline) ends the call. */
    void block(int rep) {
        sleepUntil(deadline(rep));
    }

    /**
     * {@code poll}: blocks until at least one of {@code reps} is ready and answers the indices of
     * those that are. An empty list would wait forever: a trap, as in wasmtime.
     */
    List<Integer> poll(int[] reps) {
        if (reps.length == 0) {
            throw new CanonicalAbiTrap("wasi:io/poll#poll: the list of pollables is empty, so it would block forever");
        }
        long earliest = Long.MAX_VALUE;
        for (int rep : reps) {
            earliest = Math.min(earliest, deadline(rep));
        }
        sleepUntil(earliest);
        long now = now();
        List<Integer> ready = new ArrayList<>();
        for (int i = 0; i < reps.length; i++) {
            if (now >= deadline(reps[i])) {
                ready.add(i);
            }
        }
        return ready;
    }

    private void sleepUntil(long deadline) {
        try {
            for (long left = deadline - now(); left > 0; left = deadline - now()) {
                TimeUnit.NANOSECONDS.sleep(left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ChicoryInterruptedException("interrupted while blocked on a WASI pollable", e);
        }
    }
}
