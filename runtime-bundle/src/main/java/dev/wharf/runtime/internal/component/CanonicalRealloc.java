package dev.wharf.runtime.internal.component;

/**
 * The {@code realloc} canonical option: the guest's {@code cabi_realloc}, through which the host
 * gets memory for the strings and lists it lowers. Arguments and result are unsigned 32-bit
 * values in {@code long}s; a call with {@code oldPtr} and {@code oldSize} 0 allocates.
 */
@FunctionalInterface
public interface CanonicalRealloc {

    long realloc(long oldPtr, long oldSize, long alignment, long newSize);
}
