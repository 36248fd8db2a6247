package dev.wharf.api;

/**
 * A component bundle that cannot be deployed: malformed header, invalid module, an import the
 * host does not provide, a duplicate id. The message names the bundle, the header and the value.
 */
public final class InvalidComponentException extends WharfException {
    private static final long serialVersionUID = 1L;

    public InvalidComponentException(String message) {
        super(ErrorCode.INVALID_COMPONENT, message);
    }

    public InvalidComponentException(String message, Throwable cause) {
        super(ErrorCode.INVALID_COMPONENT, message, cause);
    }
}
