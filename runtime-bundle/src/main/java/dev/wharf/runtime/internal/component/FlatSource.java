package dev.wharf.runtime.internal.component;

/** Flat core values handed out one at a time as they are lifted (the spec's {@code CoreValueIter}). */
@FunctionalInterface
public interface FlatSource {

    /** The next value, which the function's core type says is a {@code type}. */
    long next(CoreType type);
}
