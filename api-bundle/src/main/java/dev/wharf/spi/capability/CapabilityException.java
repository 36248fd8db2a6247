package dev.wharf.spi.capability;

import dev.wharf.api.ErrorCode;

/**
 * Ends a capability call with a negative result: the guest gets {@code -code().code()}. Thrown
 * by {@link CapabilityCall} for a pointer outside the guest's memory
 * ({@link ErrorCode#OUT_OF_BOUNDS}) or a failed {@code alloc} ({@link ErrorCode#ALLOCATION_FAILED}),
 * and by providers for their own failures. It carries no stack trace: it is an answer, not a bug.
 */
public final class CapabilityException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final ErrorCode code;

    public CapabilityException(ErrorCode code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }

    /** The result the guest sees: the negated code. */
    public int result() {
        return -code.code();
    }
}
