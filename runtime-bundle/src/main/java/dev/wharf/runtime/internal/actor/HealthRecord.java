package dev.wharf.runtime.internal.actor;

import dev.wharf.api.HealthStatus;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A component's health as last checked: the result, when, how many unhealthy results came in a
 * row, and the check under way. It lives with the component, not with the monitor, so replacing
 * or reconfiguring the monitor loses none of it.
 */
final class HealthRecord {

    /** What a recorded result means for the component. */
    record Outcome(boolean changed, boolean restartDue) {}

    private volatile HealthStatus last;
    private volatile Instant lastCheck;
    private final AtomicInteger consecutiveUnhealthy = new AtomicInteger();
    private final AtomicReference<CompletableFuture<HealthStatus>> inFlight = new AtomicReference<>();

    /** The last result, or {@code null} before the first check of this instance. */
    HealthStatus last() {
        return last;
    }

    Optional<Instant> lastCheck() {
        return Optional.ofNullable(lastCheck);
    }

    int consecutiveUnhealthy() {
        return consecutiveUnhealthy.get();
    }

    /**
     * Records a result, given the health shown before it; the restart is due when it makes
     * {@code threshold} unhealthy results in a row (and the count starts again).
     */
    Outcome record(HealthStatus before, HealthStatus status, int threshold) {
        last = status;
        lastCheck = Instant.now();
        boolean due = false;
        if (status instanceof HealthStatus.Unhealthy) {
            if (consecutiveUnhealthy.incrementAndGet() >= threshold) {
                consecutiveUnhealthy.set(0);
                due = true;
            }
        } else {
            consecutiveUnhealthy.set(0);
        }
        return new Outcome(!before.equals(status), due);
    }

    /** A fresh instance: its health is unknown again. */
    void reset() {
        consecutiveUnhealthy.set(0);
        last = null;
    }

    /** Starts a check unless one is under way; returns the one under way, or {@code null} when {@code check} starts. */
    CompletableFuture<HealthStatus> begin(CompletableFuture<HealthStatus> check) {
        while (true) {
            CompletableFuture<HealthStatus> running = inFlight.compareAndExchange(null, check);
            if (running == null) {
                check.whenComplete((h, x) -> inFlight.compareAndSet(check, null));
                return null;
            }
            // a check that has just completed may not have cleared itself yet: it is not under way
            if (!running.isDone()) {
                return running;
            }
            inFlight.compareAndSet(running, null);
        }
    }
}
