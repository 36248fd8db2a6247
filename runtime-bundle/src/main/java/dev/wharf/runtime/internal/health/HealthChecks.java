package dev.wharf.runtime.internal.health;

import dev.wharf.api.ComponentState;
import dev.wharf.api.HealthStatus;
import dev.wharf.api.RestartRecord;
import dev.wharf.api.Delivery;
import dev.wharf.runtime.internal.actor.ComponentActor;
import dev.wharf.runtime.internal.actor.Envelope;
import dev.wharf.runtime.internal.actor.Reply;
import dev.wharf.runtime.internal.actor.Watchdog;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledFuture;

/**
 * Checks a component's health through its mailbox, so a check never runs beside a message.
 * Unhealthy results count towards a restart once {@code threshold} of them come in a row; a
 * check that gets no answer within {@code timeoutMs} is unhealthy. At most one check per
 * component is under way; a second asker gets the first one's answer.
 */
public final class HealthChecks {

    /** A threshold no run of results reaches: an ad hoc check that does not count. */
    public static final int NOT_COUNTED = Integer.MAX_VALUE;

    private final Watchdog watchdog;

    public HealthChecks(Watchdog watchdog) {
        this.watchdog = watchdog;
    }

    public CompletionStage<HealthStatus> check(ComponentActor actor, int threshold, long timeoutMs) {
        if (!actor.acceptsMessages() || actor.state() != ComponentState.READY) {
            return CompletableFuture.completedFuture(actor.stateHealth());
        }
        if (!actor.module().checksHealth()) {
            HealthStatus h = actor.stateHealth();
            actor.recordHealth(h, threshold);
            return CompletableFuture.completedFuture(h);
        }
        Reply<HealthStatus> result = new Reply<>();
        CompletableFuture<HealthStatus> running = actor.beginHealthCheck(result);
        if (running != null) {
            return running;
        }
        ScheduledFuture<?> expiry = watchdog.schedule(() -> {
            String why = "health check timed out after " + timeoutMs + " ms";
            if (result.complete(new HealthStatus.Unhealthy(why)) && actor.recordHealth(new HealthStatus.Unhealthy(why), threshold)) {
                actor.requestRestart(RestartRecord.Reason.UNHEALTHY, threshold + " unhealthy health checks in a row, the last: " + why);
            }
        }, timeoutMs);
        result.whenComplete((h, x) -> expiry.cancel(false));
        if (actor.enqueueControl(new Envelope.Health(result, threshold)) instanceof Delivery.Refused r) {
            result.complete(new HealthStatus.Unhealthy(r.error().getMessage()));
        }
        return result;
    }
}
