package dev.wharf.api;

/** {@code handle-message} returned a non-zero application error code. */
public final class GuestErrorException extends WharfException {
    private static final long serialVersionUID = 1L;

    private final int guestCode;

    public GuestErrorException(ComponentId id, int guestCode) {
        super(ErrorCode.GUEST_ERROR, "component '" + id + "' answered with error code " + guestCode);
        this.guestCode = guestCode;
    }

    /** A Java component's handler failed; {@code message} says how. */
    public GuestErrorException(ComponentId id, int guestCode, String message) {
        super(ErrorCode.GUEST_ERROR, "component '" + id + "' failed: " + message);
        this.guestCode = guestCode;
    }

    /** The value {@code handle-message} returned. */
    public int guestCode() {
        return guestCode;
    }
}
