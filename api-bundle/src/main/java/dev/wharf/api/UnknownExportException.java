package dev.wharf.api;

/** The component has no exported function of this name. */
public final class UnknownExportException extends WharfException {
    private static final long serialVersionUID = 1L;

    public UnknownExportException(ComponentId id, String function) {
        super(ErrorCode.UNKNOWN_EXPORT, "component '" + id + "' has no exported function '" + function + "'");
    }
}
