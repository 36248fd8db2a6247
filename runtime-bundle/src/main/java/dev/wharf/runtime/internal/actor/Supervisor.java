package dev.wharf.runtime.internal.actor;

import dev.wharf.api.ComponentLimits;
import dev.wharf.api.RestartPolicy;
import dev.wharf.api.RestartRecord;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Decides what happens to a component whose instance failed or ended: restart it after a
 * backoff, mark it failed, or leave it stopped. It owns the restart window (intensity), the
 * backoff and the log of restarts; it runs no code and touches no instance, so every rule can be
 * tested alone. Times are {@link System#nanoTime()} values.
 */
public final class Supervisor {

    /** Restarts kept in the log. */
    static final int RESTART_LOG = 16;
    private static final long MAX_BACKOFF_MS = 30_000;

    /** The decision after a failure or an end. */
    public sealed interface Decision {
        /** Restart with a fresh instance after {@code delayMs}; {@code why} says so for the state. */
        record Restart(long delayMs, String why) implements Decision {}

        /** Give up until an operator restarts it. */
        record Fail(String why) implements Decision {}

        /** A normal end that the restart policy does not restart. */
        record Stop(String why) implements Decision {}
    }

    private final ArrayDeque<Long> window = new ArrayDeque<>();
    private final ArrayDeque<RestartRecord> log = new ArrayDeque<>();
    private int restarts;

    /** @param restarts restarts so far; @param history the most recent of them, oldest first */
    public Supervisor(int restarts, List<RestartRecord> history) {
        this.restarts = restarts;
        log.addAll(history.subList(Math.max(0, history.size() - RESTART_LOG), history.size()));
    }

    /**
     * What to do after the instance failed or ended for {@code reason}: {@code permanent}
     * restarts always, {@code transient} only after a failure (not after a normal exit),
     * {@code temporary} never (but an operator may). More than {@code max-restarts} restarts
     * within {@code restart-window-ms} fail the component; an operator's restart is not counted
     * against that limit and has no backoff.
     */
    public synchronized Decision onFailure(RestartRecord.Reason reason, String detail, ComponentLimits limits, long now) {
        boolean operator = reason == RestartRecord.Reason.OPERATOR;
        if (reason == RestartRecord.Reason.EXIT && limits.restart() != RestartPolicy.PERMANENT) {
            return new Decision.Stop("exited normally (restart policy " + limits.restart().headerValue()
                    + ": not restarted)");
        }
        if (limits.restart() == RestartPolicy.TEMPORARY && !operator) {
            return new Decision.Fail(detail + " (restart policy temporary: not restarted)");
        }
        long span = TimeUnit.MILLISECONDS.toNanos(limits.restartWindowMs());
        while (!window.isEmpty() && now - window.peekFirst() > span) {
            window.removeFirst();
        }
        if (!operator && window.size() >= limits.maxRestarts()) {
            return new Decision.Fail("restarted " + limits.maxRestarts() + " times within " + limits.restartWindowMs()
                    + " ms, then failed again: " + detail);
        }
        window.addLast(now);
        long delay = operator ? 0 : backoffMs(window.size());
        return new Decision.Restart(delay, "restarting in " + delay + " ms after " + label(reason) + ": " + detail);
    }

    /** An operator brings a failed or stopped component back: the window starts afresh. */
    public synchronized void operatorRestart() {
        window.clear();
    }

    /** A restart succeeded: count it and log it. */
    public synchronized void restarted(RestartRecord record) {
        restarts++;
        if (log.size() == RESTART_LOG) {
            log.removeFirst();
        }
        log.addLast(record);
    }

    public synchronized int restartCount() {
        return restarts;
    }

    /** The most recent restarts, oldest first. */
    public synchronized List<RestartRecord> restarts() {
        return List.copyOf(log);
    }

    /** Exponential backoff: 100 ms before the first restart in the window, doubling, at most 30 s. */
    static long backoffMs(int restartInWindow) {
        int doublings = Math.min(Math.max(0, restartInWindow - 1), 20);
        return Math.min(100L << doublings, MAX_BACKOFF_MS);
    }

    static String label(RestartRecord.Reason reason) {
        return reason.name().toLowerCase(Locale.ROOT);
    }
}
