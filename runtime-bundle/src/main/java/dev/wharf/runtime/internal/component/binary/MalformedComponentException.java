package dev.wharf.runtime.internal.component.binary;

/**
 * A component binary that does not follow the binary format: the message names what was
 * expected and the byte offset where it was not found. The deployer turns it into an
 * {@link dev.wharf.api.InvalidComponentException} naming the file.
 */
public final class MalformedComponentException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public MalformedComponentException(String message) {
        super(message);
    }

    private MalformedComponentException(String message, MalformedComponentException cause) {
        super(message, cause);
    }

    /** The same error, saying where it was found: {@code where: message}. */
    MalformedComponentException in(String where) {
        return new MalformedComponentException(where + ": " + getMessage(), this);
    }
}
