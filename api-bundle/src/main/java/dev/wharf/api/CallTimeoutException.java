package dev.wharf.api;

/** A call into the guest ran past the component's {@code timeout-ms} and was interrupted. */
public final class CallTimeoutException extends WharfException {
    private static final long serialVersionUID = 1L;

    public CallTimeoutException(ComponentId id, String function, long timeoutMs) {
        super(ErrorCode.TIMEOUT, "component '" + id + "' did not return from '" + function + "' within "
                + timeoutMs + " ms; the call was interrupted");
    }

    /** No reply to an ask came from {@code id} within {@code timeoutMs}. */
    public CallTimeoutException(ComponentId id, long timeoutMs) {
        super(ErrorCode.TIMEOUT, "no reply from component '" + id + "' within " + timeoutMs + " ms");
    }
}
