package dev.wharf.api;

/** The guest trapped (unreachable, out-of-bounds access, stack overflow, ...). */
public final class GuestTrapException extends WharfException {
    private static final long serialVersionUID = 1L;

    public GuestTrapException(ComponentId id, String function, String trap, Throwable cause) {
        super(ErrorCode.TRAP, "component '" + id + "' trapped in '" + function + "': " + trap, cause);
    }
}
