package dev.wharf.runtime.internal.actor;

import dev.wharf.api.CallTimeoutException;
import dev.wharf.api.GuestTrapException;
import dev.wharf.api.HealthStatus;
import dev.wharf.api.RestartRecord;
import dev.wharf.runtime.internal.engine.GuestInstance;

/** The turn of a health check in a component's mailbox: {@code _health} runs in line with the messages. */
final class HealthTurn {

    private HealthTurn() {}

    static void run(ComponentActor actor, GuestInstance g, Envelope.Health h) {
        if (!g.hasExport(ComponentActor.HEALTH)) {
            h.result().complete(actor.stateHealth());
            return;
        }
        int code;
        try {
            code = (int) actor.guard.run(ComponentActor.HEALTH, actor.spec().limits().timeoutMs(),
                    () -> g.call(ComponentActor.HEALTH))[0];
        } catch (GuestTrapException ex) {
            h.result().complete(new HealthStatus.Unhealthy("health check trapped: " + ex.getMessage()));
            actor.lifecycle.crash(RestartRecord.Reason.TRAP, ex.getMessage());
            return;
        } catch (CallTimeoutException ex) {
            h.result().complete(new HealthStatus.Unhealthy("health check timed out: " + ex.getMessage()));
            actor.lifecycle.crash(RestartRecord.Reason.TIMEOUT, ex.getMessage());
            return;
        }
        HealthStatus status = switch (code) {
            case 0 -> HealthStatus.HEALTHY;
            case 1 -> new HealthStatus.Degraded("_health returned 1");
            case 2 -> new HealthStatus.Unhealthy("_health returned 2");
            default -> new HealthStatus.Unhealthy("invalid health code " + code);
        };
        if (h.result().isDone()) {
            return; // it timed out meanwhile, and was counted then
        }
        // recorded (and published) before the caller hears of it
        boolean due = actor.recordHealth(status, h.threshold());
        h.result().complete(status);
        if (due) {
            actor.lifecycle.crash(RestartRecord.Reason.UNHEALTHY, h.threshold()
                    + " unhealthy health checks in a row, the last: " + ((HealthStatus.Unhealthy) status).reason());
        }
    }
}
