package dev.wharf.runtime.internal.guest.component.capability;

import dev.wharf.api.ErrorCode;
import dev.wharf.runtime.internal.engine.AbiResult;

/**
 * A capability call for a standard interface that failed: the error its function answered, with
 * a text saying what it means for the component, which each interface hands over in its own
 * error type.
 */
final class CapabilityError extends Exception {

    private final ErrorCode code;

    CapabilityError(ErrorCode code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    /** The failure of {@code capability} that a function's negative {@code result} stands for. */
    static CapabilityError of(String capability, long result) {
        ErrorCode code = code((int) -result);
        return new CapabilityError(code, explain(capability, code) + " (" + result + ")");
    }

    ErrorCode code() {
        return code;
    }

    private static ErrorCode code(int number) {
        return AbiResult.error(number).orElse(ErrorCode.CAPABILITY_FAILED);
    }

    private static String explain(String capability, ErrorCode code) {
        return switch (code) {
            case DENIED -> "the security policy denies capability '" + capability + "' to the component";
            case NO_POLICY -> "no security policy is present, so every capability call is refused";
            case QUOTA_EXCEEDED -> "the component's kv store would exceed its quota (kv-max-bytes); nothing was written";
            case INVALID_ARGUMENTS -> "invalid arguments for capability '" + capability + "'";
            case CAPABILITY_UNAVAILABLE -> "no provider of capability '" + capability + "' is present now";
            case CAPABILITY_FAILED -> "capability '" + capability + "' failed (the container's log says why)";
            case BUSY -> "as many capability calls as the container allows are under way; try again later";
            case TIMEOUT -> "the call's deadline passed";
            case ALLOCATION_FAILED -> "the arguments or results do not fit the component's memory limit";
            default -> "capability '" + capability + "' answered: " + code.text();
        };
    }
}
