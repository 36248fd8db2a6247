package dev.wharf.api;

/** Where a component is in its lifecycle. */
public enum ComponentState {
    /** The module is being compiled and instantiated, or restarted. */
    STARTING,
    /** Serving messages. */
    READY,
    /** Draining its mailbox before its instance is closed. */
    STOPPING,
    /** Its bundle stopped; nothing of it is live. */
    STOPPED,
    /** It could not be started, or restarted too often; {@link ComponentMetadata#reason()} says why. */
    FAILED
}
