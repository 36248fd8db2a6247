package dev.wharf.runtime.internal.engine;

import dev.wharf.api.ErrorCode;

/** The results of the host functions {@code send} and {@code reply} (guest ABI version 1). */
public final class AbiResult {

    /** Accepted. */
    public static final int OK = 0;

    private AbiResult() {}

    /**
     * What a guest sees for {@code code}: {@code -code} for the codes the ABI defines (1 to 8);
     * other errors reach a guest as -2 when the policy was involved ({@link ErrorCode#NO_POLICY})
     * and -1 otherwise.
     */
    public static int of(ErrorCode code) {
        if (code.code() <= 8) {
            return -code.code();
        }
        return code == ErrorCode.NO_POLICY ? -2 : -1;
    }

    /**
     * What a guest sees for {@code code} from a capability or {@code ask}: always {@code -code},
     * every {@link ErrorCode} being stable.
     */
    public static int full(ErrorCode code) {
        return -code.code();
    }

    /** The error whose code is {@code number} (positive, as {@link ErrorCode#code()}), if there is one. */
    public static java.util.Optional<ErrorCode> error(long number) {
        for (ErrorCode c : ErrorCode.values()) {
            if (c.code() == number) {
                return java.util.Optional.of(c);
            }
        }
        return java.util.Optional.empty();
    }
}
