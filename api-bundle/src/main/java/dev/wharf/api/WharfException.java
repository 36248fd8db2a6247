package dev.wharf.api;

import java.util.Objects;

/**
 * Base of every error Wharf reports to callers. Each error carries a stable {@link ErrorCode};
 * the message names what was wrong (the component, the export, the parameter, the trap).
 */
public abstract sealed class WharfException extends RuntimeException
        permits UnknownComponentException, UnknownExportException, InvalidArgumentsException,
                GuestTrapException, CallTimeoutException, UnknownCodecException, DeliveryRefusedException,
                ComponentUnavailableException, InvalidComponentException, GuestErrorException,
                NoReplyException {

    private static final long serialVersionUID = 1L;

    private final ErrorCode code;

    protected WharfException(ErrorCode code, String message, Throwable cause) {
        super(message, cause);
        this.code = Objects.requireNonNull(code);
    }

    protected WharfException(ErrorCode code, String message) {
        this(code, message, null);
    }

    /**
     * For errors that are answers rather than failures (a refused message, an unknown target):
     * they are created on hot paths and their stack trace would only show the dispatcher.
     */
    protected WharfException(ErrorCode code, String message, boolean stackTrace) {
        super(message, null, false, stackTrace);
        this.code = Objects.requireNonNull(code);
    }

    public ErrorCode code() {
        return code;
    }
}
