package dev.wharf.runtime.internal.actor;

import dev.wharf.api.CallTimeoutException;
import dev.wharf.api.ComponentState;
import dev.wharf.api.ComponentUnavailableException;
import dev.wharf.api.GuestTrapException;
import dev.wharf.api.InvalidComponentException;
import dev.wharf.api.RestartRecord;
import dev.wharf.api.WharfException;
import dev.wharf.runtime.internal.engine.GuestInstance;
import dev.wharf.runtime.internal.engine.MemoryBudget;
import java.lang.System.Logger.Level;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * How one component's instance comes and goes: the first start, the graceful stop, a crash and
 * the supervisor's decision about it, the restart with a fresh instance, the shutdown a caller
 * asked for. Changes of the instance happen on the thread that runs the actor (so never during a
 * call into it), except the first start and the last stop, which its bundle's thread runs.
 */
final class Lifecycle {

    /** How long a stop waits for an interrupted call to leave the guest. */
    private static final long STOP_WAIT_MS = 1000;

    private final ComponentActor actor;
    // held while a transition drains the mailbox (failed, stopped) and by a restart out of it
    private final Object lock = new Object();
    // its bundle is stopping it: no restart, not even by an operator
    private volatile boolean stopping;

    Lifecycle(ComponentActor actor) {
        this.actor = actor;
    }

    /** Instantiates the module and runs {@code _initialize}, on the caller's thread. */
    void start() {
        GuestInstance g;
        try {
            g = GuestInstance.create(actor.module(), actor.abi);
        } catch (MemoryBudget.ExhaustedException e) {
            throw new InvalidComponentException("component '" + actor.id() + "' cannot start: " + e.getMessage(), e);
        } catch (RuntimeException | StackOverflowError e) {
            throw new GuestTrapException(actor.id(), "instantiation", CallGuard.describe(e), e);
        }
        actor.guest = g;
        if (g.hasExport("_initialize")) {
            try {
                call(g, "_initialize");
            } catch (WharfException e) {
                actor.guest = null;
                g.close();
                throw e;
            }
        }
        actor.setState(ComponentState.READY, null);
    }

    boolean startAfterWaiting(Runnable check) {
        synchronized (lock) {
            // under the lock: a stop either comes first (nothing starts) or waits for the start
            if (stopping || actor.state() != ComponentState.STARTING || actor.guest != null) {
                return false;
            }
            try {
                check.run();
                start();
                return true;
            } catch (RuntimeException e) {
                actor.setState(ComponentState.FAILED, "could not start when its capabilities were present: "
                        + e.getMessage());
                ActorSystem.LOG.log(Level.ERROR, "component " + actor.id() + " failed: " + e.getMessage());
                return false;
            }
        }
    }

    void stop(long drainMs) {
        synchronized (lock) {
            // under the lock, so a restart under way sees it before it puts its instance in place
            stopping = true;
            if (actor.state() == ComponentState.STOPPED) {
                return;
            }
            actor.setState(ComponentState.STOPPING, null);
            actor.restarting = false;
        }
        // the call under way ends now, whatever its timeout; the queued messages are drained
        actor.guard.abort();
        CompletableFuture<Void> done = new CompletableFuture<>();
        actor.mailbox.force(new Envelope.Stop(done));
        actor.schedule();
        try {
            done.get(drainMs, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            ActorSystem.LOG.log(Level.WARNING, "component " + actor.id() + " did not drain its mailbox within "
                    + drainMs + " ms; " + actor.mailbox.depth() + " messages are refused");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            // Stop never completes exceptionally
        }
        // after the stop no thread runs the component's code: end a call the drain left running,
        // and let no later one start
        actor.guard.close();
        actor.guard.abort();
        if (!actor.guard.awaitIdle(STOP_WAIT_MS)) {
            ActorSystem.LOG.log(Level.ERROR, "component " + actor.id() + ": a call did not end within "
                    + STOP_WAIT_MS + " ms of its interrupt");
        }
        actor.setState(ComponentState.STOPPED, null);
        // whatever is still queued (a drain that timed out) is answered, never dropped
        failQueued(ComponentState.STOPPED);
        GuestInstance g = actor.guest;
        if (g != null) {
            // the drain timed out: the instance is closed without _cleanup
            actor.guest = null;
            g.close();
        }
        actor.abi.forget();
    }

    /** Handles a control message in turn with the messages. */
    void control(GuestInstance g, Envelope.Control c) {
        if (c instanceof Envelope.Stop stop) {
            closeGuest(g);
            stop.done().complete(null);
        } else if (c instanceof Envelope.Shutdown shutdown) {
            closeGuest(g);
            synchronized (lock) {
                actor.setState(ComponentState.STOPPED, "shut down on request");
                failQueued(ComponentState.STOPPED);
            }
            shutdown.done().complete(null);
        } else if (c instanceof Envelope.Restart r && g != null) {
            crash(r.reason(), r.detail());
        } else if (c instanceof Envelope.Swap swap) {
            SwapTurn.run(actor, g, swap);
        }
    }

    /** An old instance after an update: {@code _cleanup}, then closed. */
    void retire(GuestInstance old) {
        closeGuest(old);
    }

    void requestRestart(RestartRecord.Reason reason, String detail) {
        synchronized (lock) {
            // out of Failed or a shutdown; the lock keeps it from overtaking the drain of those
            ComponentState s = actor.state();
            if ((s == ComponentState.FAILED || (s == ComponentState.STOPPED && actor.guest == null && !stopping))
                    && reason == RestartRecord.Reason.OPERATOR) {
                actor.supervisor.operatorRestart();
                actor.restarting = true;
                actor.setState(ComponentState.STARTING, "restart asked by an operator");
                scheduleRestart(0, reason, detail);
                return;
            }
        }
        if (actor.state() == ComponentState.READY) {
            if (reason == RestartRecord.Reason.OPERATOR) {
                // an operator's restart does not wait for a long call: it ends now, the queue stays
                actor.guard.abort();
            }
            actor.mailbox.force(new Envelope.Restart(reason, detail));
            actor.schedule();
        }
    }

    /**
     * The current instance failed (or must go): close it and let the supervisor decide. Runs on
     * the thread that runs the actor, so no call into the instance is under way.
     */
    void crash(RestartRecord.Reason reason, String detail) {
        GuestInstance g = actor.guest;
        actor.guest = null;
        if (g != null) {
            g.close();
        }
        actor.abi.forget();
        ComponentState s = actor.state();
        if (s == ComponentState.STOPPING || s == ComponentState.STOPPED) {
            return;
        }
        Supervisor.Decision d = actor.supervisor.onFailure(reason, detail, actor.spec().limits(), System.nanoTime());
        if (d instanceof Supervisor.Decision.Stop stop) {
            synchronized (lock) {
                actor.restarting = false;
                actor.setState(ComponentState.STOPPED, stop.why());
                failQueued(ComponentState.STOPPED);
            }
        } else if (d instanceof Supervisor.Decision.Fail fail) {
            synchronized (lock) {
                actor.restarting = false;
                actor.setState(ComponentState.FAILED, fail.why());
                failQueued(ComponentState.FAILED);
            }
            ActorSystem.LOG.log(Level.ERROR, "component " + actor.id() + " failed: " + fail.why());
        } else if (d instanceof Supervisor.Decision.Restart restart) {
            actor.restarting = true;
            actor.setState(ComponentState.STARTING, restart.why());
            ActorSystem.LOG.log(Level.WARNING, "component " + actor.id() + ": " + Supervisor.label(reason) + " ("
                    + detail + "); restart in " + restart.delayMs() + " ms");
            scheduleRestart(restart.delayMs(), reason, detail);
        }
    }

    /** Runs the restart on the dispatcher pool after {@code delayMs}. */
    private void scheduleRestart(long delayMs, RestartRecord.Reason reason, String detail) {
        Runnable restart = () -> restartNow(reason, detail);
        ActorSystem system = actor.services.system();
        if (delayMs <= 0) {
            system.execute(restart);
        } else {
            actor.services.watchdog().schedule(() -> system.execute(restart), delayMs);
        }
    }

    /** Creates the fresh instance of a restart (on a dispatcher thread, after the backoff). */
    private void restartNow(RestartRecord.Reason reason, String detail) {
        if (!actor.restarting || actor.state() != ComponentState.STARTING) {
            return; // stopped in the meantime
        }
        GuestInstance g;
        try {
            g = GuestInstance.create(actor.module(), actor.abi);
        } catch (RuntimeException | StackOverflowError e) {
            crash(RestartRecord.Reason.TRAP, "instantiation failed during restart: " + CallGuard.describe(e));
            return;
        }
        if (g.hasExport("_initialize")) {
            try {
                call(g, "_initialize");
            } catch (WharfException e) {
                g.close();
                crash(e instanceof CallTimeoutException ? RestartRecord.Reason.TIMEOUT : RestartRecord.Reason.TRAP,
                        "_initialize failed during restart: " + e.getMessage());
                return;
            }
        }
        synchronized (lock) {
            if (stopping || !actor.restarting || actor.state() != ComponentState.STARTING) {
                g.close(); // stopped while the new instance was being made
                return;
            }
            actor.supervisor.restarted(new RestartRecord(Instant.now(), reason, detail));
            actor.health.reset();
            actor.guest = g;
            // ready before the flag drops, so the component never looks closed to senders in between
            actor.setState(ComponentState.READY, null);
            actor.restarting = false;
        }
        ActorSystem.LOG.log(Level.INFO, "component " + actor.id() + " restarted (" + Supervisor.label(reason) + ")");
        actor.schedule();
    }

    private void closeGuest(GuestInstance g) {
        if (g == null) {
            return;
        }
        if (g.hasExport("_cleanup")) {
            try {
                call(g, "_cleanup");
            } catch (WharfException ex) {
                ActorSystem.LOG.log(Level.WARNING, "_cleanup of component " + actor.id() + " failed: " + ex.getMessage());
            }
        }
        if (actor.guest == g) {
            actor.guest = null;
        }
        g.close();
        actor.abi.forget();
    }

    private void call(GuestInstance g, String name) {
        actor.guard.run(name, actor.spec().limits().timeoutMs(), () -> g.call(name));
    }

    /** Answers every queued message with {@code why}: nothing is dropped silently. */
    void failQueued(ComponentState why) {
        Envelope e;
        while ((e = actor.mailbox.poll()) != null) {
            if (!(e instanceof Envelope.Stop)) {
                actor.metrics().failed.increment();
            }
            e.fail(new ComponentUnavailableException(actor.id(), why));
        }
    }
}
