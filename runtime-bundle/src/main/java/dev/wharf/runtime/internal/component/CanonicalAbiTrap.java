package dev.wharf.runtime.internal.component;

/**
 * A trap of the canonical ABI: a component handed the host something the ABI forbids (a pointer
 * outside its memory, a misaligned pointer, a discriminant past the last case, a surrogate as a
 * char, a handle that is not in its table...). Like a core WebAssembly trap it ends the call and
 * leaves the instance unusable; the message names the offending value so the guest's author can
 * find it.
 */
public final class CanonicalAbiTrap extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public CanonicalAbiTrap(String message) {
        super(message);
    }

    /** A trap whose message is {@code String.format(format, args)}. */
    static CanonicalAbiTrap of(String format, Object... args) {
        return new CanonicalAbiTrap(String.format(format, args));
    }
}
