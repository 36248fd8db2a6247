package dev.wharf.api;

/** No live component has this id. */
public final class UnknownComponentException extends WharfException {
    private static final long serialVersionUID = 1L;

    public UnknownComponentException(ComponentId id) {
        super(ErrorCode.UNKNOWN_TARGET, "unknown component '" + id + "'", false);
    }
}
