package dev.wharf.api;

import java.time.Instant;

/** One restart of a component: when, why, and what happened. */
public record RestartRecord(Instant time, Reason reason, String detail) {

    /** What made the supervisor (or an operator) restart a component. */
    public enum Reason {
        /** The guest trapped in a call (a WASI exit with a non-zero code counts as a trap). */
        TRAP,
        /** The guest ended normally: WASI {@code proc_exit(0)}. Restarted only under {@code permanent}. */
        EXIT,
        /** A call ran past {@code timeout-ms}. */
        TIMEOUT,
        /** {@code failure-threshold} health checks in a row found it unhealthy. */
        UNHEALTHY,
        /** An operator asked for it ({@code wasm:restart}). */
        OPERATOR
    }
}
