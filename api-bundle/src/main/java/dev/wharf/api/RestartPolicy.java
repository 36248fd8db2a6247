package dev.wharf.api;

import java.util.Locale;

/** When the supervisor restarts a component that stopped serving. */
public enum RestartPolicy {
    /** Always. */
    PERMANENT,
    /** Only after a failure (trap, timeout, unhealthy). */
    TRANSIENT,
    /** Never. */
    TEMPORARY;

    /** The header spelling: {@code permanent}, {@code transient}, {@code temporary}. */
    public String headerValue() {
        return name().toLowerCase(Locale.ROOT);
    }
}
