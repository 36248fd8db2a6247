package dev.wharf.api;

/** A request was handled, but the guest did not call {@code reply}. */
public final class NoReplyException extends WharfException {
    private static final long serialVersionUID = 1L;

    public NoReplyException(String message) {
        super(ErrorCode.NO_REPLY, message);
    }
}
