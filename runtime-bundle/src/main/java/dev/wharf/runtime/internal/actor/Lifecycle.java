package dev.wharf.runtime.internal.actor;

import dev.wharf.api.CallTimeoutException;
import dev.wharf.api.ComponentSpec;
import dev.wharf.api.ComponentState;
import dev.wharf.api.ComponentUnavailableException;
import dev.wharf.api.GuestTrapException;
import dev.wharf.api.InvalidComponentException;
import dev.wharf.api.RestartRecord;
import dev.wharf.api.WharfException;
import dev.wharf.runtime.internal.actor.ActorState.Phase;
import dev.wharf.runtime.internal.engine.MemoryBudget;
import dev.wharf.runtime.internal.guest.Guest;
import dev.wharf.runtime.internal.guest.GuestModule;
import java.lang.System.Logger.Level;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * How one component's instance comes and goes: the first start, the graceful stop, a crash and
 * the supervisor's decision about it, the restart with a fresh instance, the shutdown a caller
 * asked for. It owns the instance; the {@link ActorState} owns the phase, and every change here
 * is one of its transitions. The instance changes on the thread that runs the actor's turn (so
 * never during a call into it), except the first start and the last stop, which its bundle's
 * thread runs, and a restart, which runs on the pool while the actor's turns are paused.
 */
final class Lifecycle {

    /** How long a stop waits for an interrupted call to leave the guest. */
    private static final long STOP_WAIT_MS = 1000;

    private final ComponentActor actor;
    private final ActorState state;
    // held by the compound changes that must not interleave: putting a new instance in place
    // and becoming READY (against a stop); entering FAILED or ENDED and answering the queue
    // (against an operator's restart out of it)
    private final Object lock = new Object();
    private final AtomicReference<Guest> guest = new AtomicReference<>();
    private final SwapTurn swaps;
    private final HealthTurn health;
    private final HandoverTurn handovers;

    Lifecycle(ComponentActor actor) {
        this.actor = actor;
        this.state = actor.state;
        this.swaps = new SwapTurn(actor, this);
        this.health = new HealthTurn(actor, this);
        this.handovers = new HandoverTurn(actor, this);
    }

    /** The instance now, or {@code null} while it has none. */
    Guest guest() {
        return guest.get();
    }

    /**
     * Instantiates the module and runs its initialisation, on the caller's thread: STARTING ->
     * READY. What {@code carried} brings from the previous runtime ({@link Carried#NOTHING} on a
     * fresh start) is in place before it takes a message: the state restored, the messages first.
     */
    void start(Carried carried) {
        Guest g;
        try {
            g = instantiate(actor.module());
            initialize(g);
            g = handovers.restore(g, carried.state());
        } catch (RuntimeException e) {
            WharfException why = e instanceof WharfException w ? w
                    : new ComponentUnavailableException(actor.id(), ComponentState.FAILED);
            carried.messages().forEach(m -> m.fail(why));
            throw e;
        }
        carried.messages().forEach(actor.mailbox::force);
        if (!install(g, Phase.STARTING)) {
            actor.failQueued(new ComponentUnavailableException(actor.id(), actor.state()));
            throw new ComponentUnavailableException(actor.id(), actor.state());
        }
        if (!actor.mailbox.isEmpty()) {
            actor.schedule();
        }
    }

    /**
     * The runtime is being updated: READY, SWAPPING or RESTARTING -> HANDING_OVER, after which
     * its turns wait and it takes no message. Returns whether it moved (not when it is starting,
     * waiting, failed, ended or stopping: those stop as usual).
     */
    boolean pauseForHandover() {
        synchronized (lock) {
            for (;;) {
                Phase p = state.phase();
                if (p != Phase.READY && p != Phase.SWAPPING && p != Phase.RESTARTING) {
                    return false;
                }
                if (state.move(p, Phase.HANDING_OVER, "handing over to the next runtime")) {
                    return true;
                }
            }
        }
    }

    /** After {@link #pauseForHandover}: see {@link HandoverTurn#run}. */
    Carried handOver(long waitMs) {
        return handovers.run(waitMs);
    }

    /** WAITING -> STARTING -> READY, or FAILED when it cannot start; {@code false} when a stop came first. */
    boolean startAfterWaiting(Runnable check) {
        if (!state.move(Phase.WAITING, Phase.STARTING, null)) {
            return false;
        }
        Guest g;
        try {
            check.run();
            g = instantiate(actor.module());
            initialize(g);
        } catch (RuntimeException e) {
            if (state.move(Phase.STARTING, Phase.FAILED, "could not start when its capabilities were present: "
                    + e.getMessage())) {
                ActorSystem.LOG.log(Level.ERROR, "component " + actor.id() + " failed to start", e);
            }
            return false;
        }
        return install(g, Phase.STARTING);
    }

    /** A new instance of {@code module}, not initialised yet. */
    Guest instantiate(GuestModule module) {
        try {
            return module.instantiate(actor.host);
        } catch (MemoryBudget.ExhaustedException e) {
            throw new InvalidComponentException("component '" + actor.id() + "' cannot start: " + e.getMessage(), e);
        } catch (WharfException e) {
            throw e;
        } catch (RuntimeException | StackOverflowError e) {
            throw new GuestTrapException(actor.id(), "instantiation", CallGuard.describe(e), e);
        }
    }

    /** Runs {@code g}'s initialisation under the component's guard; closes it when that fails. */
    void initialize(Guest g) {
        try {
            g.initialize(actor.guard);
        } catch (RuntimeException e) {
            g.close();
            throw e;
        }
    }

    /**
     * Puts {@code g} in place and moves {@code from -> READY}, under the lock so a stop either
     * comes first (then {@code g} is closed and never serves) or after.
     */
    private boolean install(Guest g, Phase from) {
        synchronized (lock) {
            if (state.phase() != from) {
                g.close();
                return false;
            }
            guest.set(g);
            state.move(from, Phase.READY, null);
            return true;
        }
    }

    /** Replaces the instance by {@code fresh} in the swap's turn; returns the old one. */
    Guest replaceGuest(Guest fresh) {
        return guest.getAndSet(fresh);
    }

    void stop(long drainMs) {
        synchronized (lock) {
            if (state.moveFromAny(Phase.STOPPING, null) == null) {
                return; // already stopping or stopped
            }
        }
        // the call under way ends now, whatever its timeout; the queued messages are drained
        actor.guard.abort();
        CompletableFuture<Void> done = new CompletableFuture<>();
        actor.force(new Envelope.Stop(done));
        try {
            done.get(drainMs, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            ActorSystem.LOG.log(Level.WARNING, "component " + actor.id() + " did not drain its mailbox within "
                    + drainMs + " ms; " + actor.mailbox.depth() + " messages are refused");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            throw new IllegalStateException("a stop marker never completes exceptionally", e);
        }
        // after the stop no thread runs the component's code: end a call the drain left running,
        // and let no later one start
        actor.guard.close();
        actor.guard.abort();
        if (!actor.guard.awaitIdle(STOP_WAIT_MS)) {
            ActorSystem.LOG.log(Level.ERROR, "component " + actor.id() + ": a call did not end within "
                    + STOP_WAIT_MS + " ms of its interrupt");
        }
        state.move(Phase.STOPPING, Phase.STOPPED, null);
        // whatever is still queued (a drain that timed out) is answered, never dropped
        actor.failQueued(new ComponentUnavailableException(actor.id(), ComponentState.STOPPED));
        // the drain timed out: the instance is closed without its cleanup
        close(guest.getAndSet(null));
    }

    /** Handles a control message in turn with the messages. */
    void control(Envelope.Control c) {
        if (c instanceof Envelope.Stop stop) {
            retire(guest.getAndSet(null));
            stop.done().complete(null);
        } else if (c instanceof Envelope.Shutdown shutdown) {
            retire(guest.getAndSet(null));
            end(Phase.READY, Phase.ENDED, "shut down on request");
            shutdown.done().complete(null);
        } else if (c instanceof Envelope.Restart r && r.instance() != null && guest.get() == r.instance()) {
            crash(r.reason(), r.detail());
        } else if (c instanceof Envelope.Swap swap) {
            swaps.run(swap);
        }
    }

    /** The health check's turn. */
    void checkHealth(Guest g, Envelope.Health h) {
        health.run(g, h);
    }

    /** Makes an instance of {@code fresh} for an update, initialised beside the running one. */
    Guest prepare(GuestModule fresh, ComponentSpec spec) {
        return swaps.prepare(fresh, spec);
    }

    /** An instance that goes: its cleanup runs (bounded by the guard), then it is closed. */
    void retire(Guest g) {
        if (g == null) {
            return;
        }
        try {
            g.cleanup(actor.guard);
        } catch (WharfException ex) {
            ActorSystem.LOG.log(Level.WARNING, "cleanup of component " + actor.id() + " failed", ex);
        }
        g.close();
    }

    static void close(Guest g) {
        if (g != null) {
            g.close();
        }
    }

    void requestRestart(RestartRecord.Reason reason, String detail) {
        if (reason == RestartRecord.Reason.OPERATOR) {
            synchronized (lock) {
                Phase p = state.phase();
                if ((p == Phase.FAILED || p == Phase.ENDED)
                        && state.move(p, Phase.RESTARTING, "restart asked by an operator")) {
                    actor.supervisor.operatorRestart();
                    scheduleRestart(0, reason, detail);
                    return;
                }
            }
        }
        Phase p = state.phase();
        if (p == Phase.READY || p == Phase.SWAPPING) {
            if (reason == RestartRecord.Reason.OPERATOR) {
                // an operator's restart does not wait for a long call: it ends now, the queue stays
                actor.guard.abort();
            }
            actor.force(new Envelope.Restart(reason, detail, guest.get()));
        }
    }

    /**
     * The current instance failed (or must go): it is closed and the supervisor decides. Runs on
     * the thread that runs the actor (or the restart), so no call into the instance is under way.
     */
    void crash(RestartRecord.Reason reason, String detail) {
        close(guest.getAndSet(null));
        Phase p = state.phase();
        if (p == Phase.STOPPING || p == Phase.STOPPED || p == Phase.HANDING_OVER) {
            return;
        }
        Supervisor.Decision d = actor.supervisor.onFailure(reason, detail, actor.spec().limits(), System.nanoTime());
        if (d instanceof Supervisor.Decision.Stop stop) {
            end(p, Phase.ENDED, stop.why());
        } else if (d instanceof Supervisor.Decision.Fail fail) {
            if (end(p, Phase.FAILED, fail.why())) {
                ActorSystem.LOG.log(Level.ERROR, "component " + actor.id() + " failed: " + fail.why());
            }
        } else if (d instanceof Supervisor.Decision.Restart restart && state.move(p, Phase.RESTARTING, restart.why())) {
            ActorSystem.LOG.log(Level.WARNING, "component " + actor.id() + ": " + Supervisor.label(reason) + " ("
                    + detail + "); restart in " + restart.delayMs() + " ms");
            scheduleRestart(restart.delayMs(), reason, detail);
        }
    }

    /** Moves {@code from -> to} (FAILED or ENDED) and answers every queued message; under the lock. */
    private boolean end(Phase from, Phase to, String why) {
        synchronized (lock) {
            if (!state.move(from, to, why)) {
                return false;
            }
            actor.failQueued(new ComponentUnavailableException(actor.id(), to.visible()));
            return true;
        }
    }

    /** Runs the restart on the dispatcher pool after {@code delayMs}. */
    private void scheduleRestart(long delayMs, RestartRecord.Reason reason, String detail) {
        Runnable restart = () -> restartNow(reason, detail);
        if (delayMs <= 0) {
            actor.system.execute(restart);
        } else {
            actor.services.watchdog().schedule(() -> actor.system.execute(restart), delayMs);
        }
    }

    /** Creates the fresh instance of a restart (on a dispatcher thread, after the backoff): RESTARTING -> READY. */
    private void restartNow(RestartRecord.Reason reason, String detail) {
        if (state.phase() != Phase.RESTARTING) {
            return; // stopped in the meantime
        }
        Guest g;
        try {
            g = instantiate(actor.module());
        } catch (RuntimeException e) {
            crash(RestartRecord.Reason.TRAP, "instantiation failed during restart: " + CallGuard.describe(e));
            return;
        }
        try {
            initialize(g);
        } catch (WharfException e) {
            crash(reasonOf(e), "initialization failed during restart: " + e.getMessage());
            return;
        }
        actor.supervisor.restarted(new RestartRecord(Instant.now(), reason, detail));
        actor.health.reset();
        if (!install(g, Phase.RESTARTING)) {
            return; // stopped while the new instance was being made
        }
        ActorSystem.LOG.log(Level.INFO, "component " + actor.id() + " restarted (" + Supervisor.label(reason) + ")");
        actor.schedule();
    }

    /** What a failed call means for the restart log: a timeout, a normal exit, or a trap. */
    static RestartRecord.Reason reasonOf(WharfException e) {
        if (e instanceof CallTimeoutException) {
            return RestartRecord.Reason.TIMEOUT;
        }
        return CallGuard.exitedNormally(e) ? RestartRecord.Reason.EXIT : RestartRecord.Reason.TRAP;
    }
}
