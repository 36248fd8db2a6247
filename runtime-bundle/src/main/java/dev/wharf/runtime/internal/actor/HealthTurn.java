package dev.wharf.runtime.internal.actor;

import dev.wharf.api.CallTimeoutException;
import dev.wharf.api.GuestTrapException;
import dev.wharf.api.HealthStatus;
import dev.wharf.api.RestartRecord;
import dev.wharf.runtime.internal.guest.Guest;

/** The turn of a health check in a component's mailbox: the guest's own check runs in line with the messages. */
final class HealthTurn {

    private final ComponentActor actor;
    private final Lifecycle lifecycle;

    HealthTurn(ComponentActor actor, Lifecycle lifecycle) {
        this.actor = actor;
        this.lifecycle = lifecycle;
    }

    void run(Guest g, Envelope.Health h) {
        HealthStatus status;
        try {
            status = g.health(actor.guard);
        } catch (GuestTrapException | CallTimeoutException ex) {
            String what = ex instanceof CallTimeoutException ? "health check timed out: " : "health check trapped: ";
            h.result().complete(new HealthStatus.Unhealthy(what + ex.getMessage()));
            lifecycle.crash(Lifecycle.reasonOf(ex), ex.getMessage());
            return;
        }
        if (status == null) {
            h.result().complete(actor.stateHealth());
            return;
        }
        if (h.result().isDone()) {
            return; // it timed out meanwhile, and was counted then
        }
        // recorded (and published) before the caller hears of it
        boolean due = actor.recordHealth(status, h.threshold());
        h.result().complete(status);
        if (due) {
            lifecycle.crash(RestartRecord.Reason.UNHEALTHY, h.threshold()
                    + " unhealthy health checks in a row, the last: " + ((HealthStatus.Unhealthy) status).reason());
        }
    }
}
