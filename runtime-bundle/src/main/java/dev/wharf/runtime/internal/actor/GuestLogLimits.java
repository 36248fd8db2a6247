package dev.wharf.runtime.internal.actor;

/**
 * How fast one guest may write to the log ({@code wharf.log} and WASI stdout/stderr lines).
 *
 * @param rate lines per second
 * @param burst lines that may come at once
 */
public record GuestLogLimits(int rate, int burst) {
    public GuestLogLimits {
        rate = Math.max(1, rate);
        burst = Math.max(1, burst);
    }
}
