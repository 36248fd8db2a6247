package dev.wharf.api;

/**
 * A message was not accepted: denied by the policy, too large, rate limited, mailbox full, or
 * no policy present. {@link #code()} tells which.
 */
public final class DeliveryRefusedException extends WharfException {
    private static final long serialVersionUID = 1L;

    public DeliveryRefusedException(ErrorCode code, String message) {
        super(code, message, false);
    }
}
