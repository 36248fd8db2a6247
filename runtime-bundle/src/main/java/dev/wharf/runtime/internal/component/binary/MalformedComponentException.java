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
}
