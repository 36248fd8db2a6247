package dev.wharf.runtime.internal.component;

import java.util.Objects;

/**
 * What one lift or lower works against (the spec's {@code LiftLowerContext}): the options, the
 * handle table of the guest instance whose values are converted, and the call whose borrows it
 * tracks ({@code null} when the types hold no borrow). {@code hostStrings} says in which encoding
 * the host presents the strings it lowers ({@code null}: in the guest's own, which makes each a
 * single exact-size allocation); other choices take the spec's transcoding paths. {@code lifted}
 * bounds what one lift reads ({@link LiftVolume}).
 */
public record CanonicalContext(CanonicalOptions options, HandleTable handles, CallScope scope,
        StringEncoding hostStrings, LiftVolume lifted) {

    public CanonicalContext {
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(lifted, "lifted");
    }

    public static CanonicalContext of(CanonicalOptions options, HandleTable handles, CallScope scope) {
        return new CanonicalContext(options, handles, scope, null, new LiftVolume());
    }

    /** A context for values without handles. */
    public static CanonicalContext of(CanonicalOptions options) {
        return new CanonicalContext(options, null, null, null, new LiftVolume());
    }

    public CanonicalContext withHostStrings(StringEncoding encoding) {
        return new CanonicalContext(options, handles, scope, encoding, lifted);
    }

    public StringEncoding encoding() {
        return options.stringEncoding();
    }

    /** The encoding host strings are taken to be in before they are stored. */
    StringEncoding sourceEncoding() {
        return hostStrings != null ? hostStrings : options.stringEncoding();
    }

    /** The memory; a function whose types need one was declared with a {@code memory} option. */
    CanonicalMemory memory() {
        if (options.memory() == null) {
            throw new CanonicalAbiTrap("a string, list or spilled value needs the canonical option 'memory', which is absent");
        }
        return options.memory();
    }

    HandleTable table() {
        if (handles == null) {
            throw new IllegalStateException("a resource handle needs a handle table in the context");
        }
        return handles;
    }

    CallScope requireScope() {
        if (scope == null) {
            throw new IllegalStateException("a borrow handle needs a call scope in the context");
        }
        return scope;
    }

    /** {@code cabi_realloc(0, 0, alignment, size)}. */
    long allocate(int alignment, long size) {
        return reallocate(0, 0, alignment, size);
    }

    /** Calls the guest's realloc; its result is an unsigned 32-bit pointer the caller checks. */
    long reallocate(long oldPtr, long oldSize, int alignment, long newSize) {
        if (options.realloc() == null) {
            throw new CanonicalAbiTrap("lowering a string or list needs the canonical option 'realloc', which is absent");
        }
        return CanonicalChecks.u32(options.realloc().realloc(oldPtr, oldSize, alignment, newSize));
    }
}
