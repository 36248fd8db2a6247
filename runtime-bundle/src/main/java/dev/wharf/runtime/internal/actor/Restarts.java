package dev.wharf.runtime.internal.actor;

import dev.wharf.api.ComponentUnavailableException;
import dev.wharf.api.RestartRecord;
import dev.wharf.api.WharfException;
import dev.wharf.runtime.internal.actor.ActorState.Phase;
import dev.wharf.runtime.internal.guest.Guest;
import dev.wharf.runtime.internal.guest.GuestModule;
import java.lang.System.Logger.Level;
import java.time.Instant;
import java.util.List;

/**
 * What happens when an instance fails or must go: its guest is closed and the {@link Supervisor}
 * decides for the component (one restart window for all its instances). A restart replaces that
 * instance's guest alone, after the backoff, while the other instances serve on; the component
 * shows RESTARTING only while none serves. A decision to fail or end applies to the component:
 * every instance's guest goes and every queued message is answered.
 */
final class Restarts {

    private final ComponentActor actor;
    private final Lifecycle lifecycle;
    private final ActorState state;

    Restarts(ComponentActor actor, Lifecycle lifecycle) {
        this.actor = actor;
        this.lifecycle = lifecycle;
        this.state = actor.state;
    }

    /** Queues a restart of every instance behind its waiting messages; out of Failed or a shutdown, restarts at once. */
    void request(RestartRecord.Reason reason, String detail) {
        if (reason == RestartRecord.Reason.OPERATOR) {
            synchronized (lifecycle.lock) {
                Phase p = state.phase();
                if ((p == Phase.FAILED || p == Phase.ENDED)
                        && state.move(p, Phase.RESTARTING, "restart asked by an operator")) {
                    actor.supervisor.operatorRestart();
                    Instance first = actor.pool.first();
                    first.move(first.phase(), Instance.Phase.RESTARTING);
                    schedule(first, 0, reason, detail);
                    return;
                }
            }
        }
        for (Instance i : actor.pool.list()) {
            request(i, i.guest(), reason, detail);
        }
    }

    /** Queues a restart of instance {@code i}, void when its guest is no longer {@code g}. */
    void request(Instance i, Guest g, RestartRecord.Reason reason, String detail) {
        Phase p = state.phase();
        if (g == null || (p != Phase.READY && p != Phase.SWAPPING)) {
            return;
        }
        if (reason == RestartRecord.Reason.OPERATOR) {
            // an operator's restart does not wait for a long call: it ends now, the queue stays
            i.guard.abort();
        }
        actor.pool.control(i, new Envelope.Restart(reason, detail, g));
    }

    /**
     * Instance {@code i} failed (or must go): its guest is closed and the supervisor decides.
     * Runs on the thread that runs {@code i}'s turn (or its restart), so no call into it is under way.
     */
    void crash(Instance i, RestartRecord.Reason reason, String detail) {
        Lifecycle.close(i.takeGuest());
        Phase p = state.phase();
        if (p == Phase.STOPPING || p == Phase.STOPPED || p == Phase.HANDING_OVER || i.phase() == Instance.Phase.GONE) {
            return;
        }
        String what = actor.pool.list().size() > 1 ? "instance " + i.number + ": " + detail : detail;
        Supervisor.Decision d = actor.supervisor.onFailure(reason, what, actor.spec().limits(), System.nanoTime());
        if (d instanceof Supervisor.Decision.Stop stop) {
            end(p, Phase.ENDED, stop.why());
        } else if (d instanceof Supervisor.Decision.Fail fail) {
            if (end(p, Phase.FAILED, fail.why())) {
                ActorSystem.LOG.log(Level.ERROR, "component " + actor.id() + " failed: " + fail.why());
            }
        } else if (d instanceof Supervisor.Decision.Restart restart) {
            i.move(i.phase(), Instance.Phase.RESTARTING);
            // the component shows RESTARTING only while no instance serves
            if (othersServe(i) || state.move(p, Phase.RESTARTING, restart.why())) {
                ActorSystem.LOG.log(Level.WARNING, "component " + actor.id() + ": " + Supervisor.label(reason) + " ("
                        + what + "); restart in " + restart.delayMs() + " ms");
                schedule(i, restart.delayMs(), reason, what);
            }
        }
    }

    private boolean othersServe(Instance i) {
        for (Instance o : actor.pool.list()) {
            if (o != i && o.serving()) {
                return true;
            }
        }
        return false;
    }

    /**
     * Moves {@code from -> to} (FAILED or ENDED) and answers every queued message, under the
     * lock; every instance's guest goes (in a turn of its own), only the first instance stays.
     */
    boolean end(Phase from, Phase to, String why) {
        synchronized (lifecycle.lock) {
            if (!state.move(from, to, why)) {
                return false;
            }
            WharfException gone = new ComponentUnavailableException(actor.id(), to.visible());
            List<Instance> all = actor.pool.list();
            List<Instance> others = actor.pool.shrink();
            Instance first = actor.pool.first();
            first.move(first.phase(), Instance.Phase.RESTARTING);
            for (Instance i : all) {
                i.failQueued(gone);
                if (i != first) {
                    i.guard.abort();
                }
                // its next turn (or the one under way, at its end) closes its guest
                i.schedule();
            }
            actor.pool.forget(others);
            return true;
        }
    }

    /** Runs the restart of {@code i} on the dispatcher pool after {@code delayMs}. */
    private void schedule(Instance i, long delayMs, RestartRecord.Reason reason, String detail) {
        Runnable restart = () -> restartNow(i, reason, detail);
        if (delayMs <= 0) {
            actor.system.execute(restart);
        } else {
            actor.services.watchdog().schedule(() -> actor.system.execute(restart), delayMs);
        }
    }

    /** Makes {@code i}'s fresh guest (on a dispatcher thread, after the backoff): it serves again. */
    private void restartNow(Instance i, RestartRecord.Reason reason, String detail) {
        if (i.phase() != Instance.Phase.RESTARTING || !restarting(state.phase())) {
            return; // stopped or given up in the meantime
        }
        GuestModule m = actor.module();
        Guest g;
        try {
            g = lifecycle.instantiate(m, i);
        } catch (RuntimeException e) {
            crash(i, RestartRecord.Reason.TRAP, "instantiation failed during restart: " + CallGuard.describe(e));
            return;
        }
        try {
            lifecycle.initialize(g, i.guard);
        } catch (WharfException e) {
            crash(i, Lifecycle.reasonOf(e), "initialization failed during restart: " + e.getMessage());
            return;
        }
        actor.supervisor.restarted(new RestartRecord(Instant.now(), reason, detail));
        i.restarted();
        actor.health.reset();
        boolean othersServed = state.phase() != Phase.RESTARTING;
        if (!lifecycle.install(i, g, m, Phase.RESTARTING)) {
            return; // stopped while the new guest was being made
        }
        if (othersServed) {
            // the component's state did not change, its restarts did: the registry hears of them
            actor.changed();
        }
        ActorSystem.LOG.log(Level.INFO, "component " + actor.id() + " restarted (" + Supervisor.label(reason) + ")");
        lifecycle.catchUp(i);
        i.schedule();
    }

    private static boolean restarting(Phase p) {
        return p == Phase.RESTARTING || p == Phase.READY || p == Phase.SWAPPING;
    }
}
