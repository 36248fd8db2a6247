package dev.wharf.runtime.internal.actor;

import dev.wharf.api.CallTimeoutException;
import dev.wharf.api.Delivery;
import dev.wharf.api.GuestTrapException;
import dev.wharf.api.HealthStatus;
import dev.wharf.api.RestartRecord;
import dev.wharf.runtime.internal.guest.Guest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A health check of a component: the guest's own check runs in every instance, in line with that
 * instance's messages ({@link #run}); the worst answer is the component's ({@link #check}), and
 * counts towards a restart. When the threshold is reached, the instances that answered unhealthy
 * are restarted.
 */
final class HealthTurn {

    private final ComponentActor actor;
    private final Lifecycle lifecycle;

    HealthTurn(ComponentActor actor, Lifecycle lifecycle) {
        this.actor = actor;
        this.lifecycle = lifecycle;
    }

    /** Asks every instance; {@code h} completes with the worst answer, recorded before the caller hears of it. */
    Delivery check(Envelope.Health h) {
        List<Instance> asked = new ArrayList<>();
        List<Guest> guests = new ArrayList<>();
        List<CompletableFuture<HealthStatus>> answers = new ArrayList<>();
        for (Instance i : actor.pool.list()) {
            CompletableFuture<HealthStatus> answer = new CompletableFuture<>();
            Guest g = i.guest();
            if (actor.pool.control(i, new Envelope.Health(answer, h.threshold()))) {
                asked.add(i);
                guests.add(g);
                answers.add(answer);
            }
        }
        CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).whenComplete((v, x) -> {
            HealthStatus worst = null;
            for (CompletableFuture<HealthStatus> a : answers) {
                worst = worse(worst, a.join());
            }
            settle(h, worst == null ? actor.stateHealth() : worst, asked, guests, answers);
        });
        return Delivery.ACCEPTED;
    }

    private void settle(Envelope.Health h, HealthStatus status, List<Instance> asked, List<Guest> guests,
            List<CompletableFuture<HealthStatus>> answers) {
        if (h.result().isDone()) {
            return; // it timed out meanwhile, and was counted then
        }
        boolean due = actor.recordHealth(status, h.threshold());
        if (due) {
            // queued before the caller hears of the check: what the caller sends next finds the restart before it
            String why = h.threshold() + " unhealthy health checks in a row, the last: "
                    + ((HealthStatus.Unhealthy) status).reason();
            for (int k = 0; k < asked.size(); k++) {
                if (answers.get(k).join() instanceof HealthStatus.Unhealthy) {
                    lifecycle.restarts.request(asked.get(k), guests.get(k), RestartRecord.Reason.UNHEALTHY, why);
                }
            }
        }
        h.result().complete(status);
    }

    /** The worse of two answers: unhealthy over degraded over healthy; {@code null} is no answer yet. */
    private static HealthStatus worse(HealthStatus a, HealthStatus b) {
        if (a == null) {
            return b;
        }
        return rank(b) > rank(a) ? b : a;
    }

    private static int rank(HealthStatus s) {
        if (s instanceof HealthStatus.Unhealthy) {
            return 2;
        }
        return s instanceof HealthStatus.Degraded ? 1 : 0;
    }

    /** The check's turn in instance {@code i}: the guest's own answer, or the state's when it has none. */
    void run(Instance i, Guest g, Envelope.Health h) {
        HealthStatus status;
        try {
            status = g.health(i.guard);
        } catch (GuestTrapException | CallTimeoutException ex) {
            String what = ex instanceof CallTimeoutException ? "health check timed out: " : "health check trapped: ";
            h.result().complete(new HealthStatus.Unhealthy(what + ex.getMessage()));
            lifecycle.restarts.crash(i, Lifecycle.reasonOf(ex), ex.getMessage());
            return;
        }
        h.result().complete(status == null ? actor.stateHealth() : status);
    }
}
