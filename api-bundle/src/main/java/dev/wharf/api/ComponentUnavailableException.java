package dev.wharf.api;

/** The component exists but does not serve now (starting, stopping, stopped or failed). */
public final class ComponentUnavailableException extends WharfException {
    private static final long serialVersionUID = 1L;

    public ComponentUnavailableException(ComponentId id, ComponentState state) {
        super(ErrorCode.UNAVAILABLE, "component '" + id + "' is " + state.name().toLowerCase(java.util.Locale.ROOT), false);
    }
}
