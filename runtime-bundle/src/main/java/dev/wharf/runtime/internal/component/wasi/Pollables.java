package dev.wharf.runtime.internal.component.wasi;

import com.dylibso.chicory.runtime.ChicoryInterruptedException;
import dev.wharf.runtime.internal.component.CanonicalAbiTrap;
import dev.wharf.runtime.internal.component.WitType.ResourceType;
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
 * its deadline (32 µs an hour in). A deadline past 2<sup>57</sup> ns (4.5 years) is never reached:
 * representation {@code -1}.
 *
 * <p>The exponent 31 is kept for the pollables of a {@link Waitable} (a future's): their
 * representation is {@code 31 << 27} with the {@link HostObjects} representation of the waitable
 * in the mantissa; they are the host's state, freed when the guest drops them.
 */
final class Pollables {

    /** The representation of a pollable that is always ready. */
    static final int READY = 0;
    /** The representation of a pollable that is never ready. */
    static final int NEVER = -1;

    private static final int MANTISSA_BITS = 27;
    private static final long MANTISSA_LIMIT = 1L << MANTISSA_BITS;
    /** The exponent of a waitable's pollable. */
    private static final int WAITABLE = 31;

    private final LongSupplier nanoTime;
    private final long origin;
    private final HostObjects objects;
    private final ResourceType type;

    /** Pollables of clocks only: {@code nanoTime} a monotonic nanosecond clock. */
    Pollables(LongSupplier nanoTime) {
        this(nanoTime, new HostObjects(0, 0), WasiTypes.POLLABLE);
    }

    /**
     * @param nanoTime a monotonic nanosecond clock, {@link System#nanoTime()}
     * @param objects where the waitables of pollables are kept
     * @param type the pollable resource type they are kept as
     */
    Pollables(LongSupplier nanoTime, HostObjects objects, ResourceType type) {
        this.nanoTime = nanoTime;
        this.origin = nanoTime.getAsLong();
        this.objects = objects;
        this.type = type;
    }

    /**
     * What a waitable's pollable is kept as: the pollable refers to the waitable, it does not own
     * it (dropping the pollable frees nothing of the future it waits for).
     */
    private record Subscription(Waitable waitable) {}

    /** A pollable ready when {@code w} is. */
    int of(Waitable w) {
        return representation(objects.add(type, new Subscription(w)));
    }

    /** The representation of the pollable kept as host object {@code rep}. */
    static int representation(int rep) {
        return (WAITABLE << MANTISSA_BITS) | rep;
    }

    private static boolean waits(int rep) {
        return rep != NEVER && rep >>> MANTISSA_BITS == WAITABLE;
    }

    private Waitable waitable(int rep) {
        return objects.get(type, rep & (int) (MANTISSA_LIMIT - 1), Subscription.class).waitable();
    }

    /** The guest dropped pollable {@code rep}: a waitable's is freed, a clock's needs nothing. */
    void drop(int rep) {
        if (waits(rep)) {
            objects.drop(type, rep & (int) (MANTISSA_LIMIT - 1));
        }
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
        if (e >= WAITABLE) {
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
        if (rep == NEVER || waits(rep)) {
            return Long.MAX_VALUE;
        }
        return (rep & (MANTISSA_LIMIT - 1)) << (rep >>> MANTISSA_BITS);
    }

    /** {@code [method]pollable.ready}. */
    boolean ready(int rep) {
        return waits(rep) ? waitable(rep).ready() : now() >= deadline(rep);
    }

    /** {@code [method]pollable.block}: returns when it is ready; an interrupt (the call's deadline) ends the call. */
    void block(int rep) {
        if (waits(rep)) {
            waitable(rep).await();
        } else {
            sleepUntil(deadline(rep));
        }
    }

    /**
     * {@code poll}: blocks until at least one of {@code reps} is ready and answers the indices of
     * those that are. An empty list would wait forever: a trap, as in wasmtime.
     */
    List<Integer> poll(int[] reps) {
        if (reps.length == 0) {
            throw new CanonicalAbiTrap("wasi:io/poll#poll: the list of pollables is empty, so it would block forever");
        }
        List<Integer> ready = readyAmong(reps);
        if (!ready.isEmpty()) {
            return ready;
        }
        long earliest = Long.MAX_VALUE;
        for (int rep : reps) {
            if (waits(rep)) {
                waitable(rep).await(); // the work a waitable waits for is done now, on this thread
                return readyAmong(reps);
            }
            earliest = Math.min(earliest, deadline(rep));
        }
        sleepUntil(earliest);
        return readyAmong(reps);
    }

    private List<Integer> readyAmong(int[] reps) {
        List<Integer> ready = new ArrayList<>();
        for (int i = 0; i < reps.length; i++) {
            if (ready(reps[i])) {
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
