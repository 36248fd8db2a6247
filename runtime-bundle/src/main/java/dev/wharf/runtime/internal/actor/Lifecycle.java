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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * How one component's instances come and go: the first start, the instances started as the
 * load needs them, the graceful stop, the shutdown a caller asked for; crashes and restarts are
 * the {@link Restarts}', updates the {@link SwapTurn}'s, the runtime's own update the
 * {@link HandoverTurn}'s. The {@link ActorState} owns the component's phase, and every change
 * here is one of its transitions. An instance's guest changes on the thread that runs that
 * instance's turn (so never during a call into it), except the first start and the last stop,
 * which its bundle's thread runs, and a restart, which runs on the pool while its turns wait.
 */
final class Lifecycle {

    /** How long a stop waits for an interrupted call to leave the guest. */
    private static final long STOP_WAIT_MS = 1000;

    private final ComponentActor actor;
    private final ActorState state;
    // held by the compound changes that must not interleave: putting a new guest in place and
    // becoming READY (against a stop); entering FAILED or ENDED and answering the queue
    // (against an operator's restart out of it)
    final Object lock = new Object();
    final Restarts restarts;
    private final SwapTurn swaps;
    private final HealthTurn health;
    private final HandoverTurn handovers;

    Lifecycle(ComponentActor actor) {
        this.actor = actor;
        this.state = actor.state;
        this.restarts = new Restarts(actor, this);
        this.swaps = new SwapTurn(actor, this);
        this.health = new HealthTurn(actor, this);
        this.handovers = new HandoverTurn(actor, this);
    }

    /**
     * Instantiates the first instance and runs its initialisation, on the caller's thread:
     * STARTING -> READY. What {@code carried} brings from the previous runtime
     * ({@link Carried#NOTHING} on a fresh start) is in place before it takes a message: the state
     * restored, the messages first.
     */
    void start(Carried carried) {
        Instance first = actor.pool.first();
        Guest g;
        try {
            g = instantiate(actor.module(), first);
            initialize(g, first.guard);
            g = handovers.restore(first, g, carried.state());
        } catch (RuntimeException e) {
            WharfException why = e instanceof WharfException w ? w
                    : new ComponentUnavailableException(actor.id(), ComponentState.FAILED);
            carried.messages().forEach(m -> m.fail(why));
            throw e;
        }
        carried.messages().forEach(actor.placement::carry);
        if (!install(first, g, actor.module(), Phase.STARTING)) {
            first.failQueued(new ComponentUnavailableException(actor.id(), actor.state()));
            throw new ComponentUnavailableException(actor.id(), actor.state());
        }
        if (!first.mailbox.isEmpty()) {
            first.schedule();
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
        Instance first = actor.pool.first();
        Guest g;
        try {
            check.run();
            g = instantiate(actor.module(), first);
            initialize(g, first.guard);
        } catch (RuntimeException e) {
            if (state.move(Phase.STARTING, Phase.FAILED, "could not start when its capabilities were present: "
                    + e.getMessage())) {
                ActorSystem.LOG.log(Level.ERROR, "component " + actor.id() + " failed to start", e);
            }
            return false;
        }
        return install(first, g, actor.module(), Phase.STARTING);
    }

    /**
     * Makes the guest of instance {@code i} beyond the first, on a pool thread, and puts it in
     * place while the component serves; returns whether it did. When the memory budget has no
     * room for it, or its initialisation fails, the instances there are go on serving.
     */
    boolean startExtra(Instance i) {
        GuestModule m = actor.module();
        Guest g;
        try {
            g = instantiate(m, i);
            initialize(g, i.guard);
        } catch (RuntimeException e) {
            ActorSystem.LOG.log(Level.WARNING, "component " + actor.id() + ": instance " + i.number
                    + " not started, " + actor.pool.list().size() + " serve: " + e.getMessage());
            return false;
        }
        synchronized (lock) {
            if (!actor.serving()) {
                g.close();
                return false;
            }
            i.install(g, m);
            i.move(Instance.Phase.STARTING, Instance.Phase.READY);
            return true;
        }
    }

    /** An instance that started while an update went through takes the new version too. */
    void catchUp(Instance i) {
        GuestModule now = actor.module();
        if (i.module() != now) {
            actor.pool.control(i, new Envelope.Renew(now));
        }
    }

    /** A new guest of {@code module} for instance {@code i}, not initialised yet. */
    Guest instantiate(GuestModule module, Instance i) {
        try {
            return module.instantiate(i.host);
        } catch (MemoryBudget.ExhaustedException e) {
            throw new InvalidComponentException("component '" + actor.id() + "' cannot start: " + e.getMessage(), e);
        } catch (WharfException e) {
            throw e;
        } catch (RuntimeException | StackOverflowError e) {
            throw new GuestTrapException(actor.id(), "instantiation", CallGuard.describe(e), e);
        }
    }

    /** Runs {@code g}'s initialisation under {@code guard}; closes it when that fails. */
    void initialize(Guest g, CallGuard guard) {
        try {
            g.initialize(guard);
        } catch (RuntimeException e) {
            g.close();
            throw e;
        }
    }

    /**
     * Puts {@code g}, made from {@code m}, in place as {@code i}'s guest and moves the component {@code from -> READY}
     * (or leaves it serving), under the lock so a stop either comes first (then {@code g} is
     * closed and never serves) or after.
     */
    boolean install(Instance i, Guest g, GuestModule m, Phase from) {
        synchronized (lock) {
            Phase p = state.phase();
            boolean serving = p == Phase.READY || p == Phase.SWAPPING;
            if (p != from && !(from == Phase.RESTARTING && serving)) {
                g.close();
                return false;
            }
            close(i.install(g, m));
            i.move(i.phase(), Instance.Phase.READY);
            if (p == from) {
                state.move(from, Phase.READY, null);
            }
            return true;
        }
    }

    void stop(long drainMs) {
        synchronized (lock) {
            if (state.moveFromAny(Phase.STOPPING, null) == null) {
                return; // already stopping or stopped
            }
        }
        List<Instance> all = actor.pool.close();
        // the call under way ends now, whatever its timeout; the queued messages are drained
        List<CompletableFuture<Void>> drained = new ArrayList<>();
        for (Instance i : all) {
            i.guard.abort();
            CompletableFuture<Void> done = new CompletableFuture<>();
            if (actor.pool.control(i, new Envelope.Stop(done))) {
                drained.add(done);
            }
        }
        try {
            CompletableFuture.allOf(drained.toArray(CompletableFuture[]::new)).get(drainMs, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            ActorSystem.LOG.log(Level.WARNING, "component " + actor.id() + " did not drain its mailbox within "
                    + drainMs + " ms; " + actor.mailboxDepth() + " messages are refused");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            throw new IllegalStateException("a stop marker never completes exceptionally", e);
        }
        // after the stop no thread runs the component's code: end a call the drain left running,
        // and let no later one start
        for (Instance i : all) {
            i.guard.close();
            i.guard.abort();
        }
        for (Instance i : all) {
            if (!i.guard.awaitIdle(STOP_WAIT_MS)) {
                ActorSystem.LOG.log(Level.ERROR, "component " + actor.id() + ": a call did not end within "
                        + STOP_WAIT_MS + " ms of its interrupt");
            }
        }
        state.move(Phase.STOPPING, Phase.STOPPED, null);
        // whatever is still queued (a drain that timed out) is answered, never dropped
        for (Instance i : all) {
            i.failQueued(new ComponentUnavailableException(actor.id(), ComponentState.STOPPED));
            i.gone();
            // the drain timed out: the instance is closed without its cleanup
            close(i.takeGuest());
        }
        actor.pool.forget(all.subList(1, all.size()));
    }

    /** Handles a control message in turn with the messages of instance {@code i}. */
    void control(Instance i, Envelope.Control c) {
        if (c instanceof Envelope.Stop stop) {
            retire(i, i.takeGuest());
            stop.done().complete(null);
        } else if (c instanceof Envelope.Shutdown shutdown) {
            retire(i, i.takeGuest());
            shutdown.done().complete(null);
        } else if (c instanceof Envelope.Restart r && r.instance() != null && i.guest() == r.instance()) {
            restarts.crash(i, r.reason(), r.detail());
        } else if (c instanceof Envelope.Swap swap) {
            swaps.run(i, swap);
        } else if (c instanceof Envelope.Renew renew) {
            swaps.renew(i, renew.module());
        }
    }

    /**
     * A shutdown asked for by a caller: every instance retires its guest after the messages
     * before it, then READY -> ENDED; {@code done} completes then.
     */
    void shutdown(CompletableFuture<Void> done) {
        List<CompletableFuture<Void>> parts = new ArrayList<>();
        for (Instance i : actor.pool.list()) {
            CompletableFuture<Void> part = new CompletableFuture<>();
            if (actor.pool.control(i, new Envelope.Shutdown(part))) {
                parts.add(part);
            }
        }
        CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new)).whenComplete((v, x) -> {
            restarts.end(Phase.READY, Phase.ENDED, "shut down on request");
            done.complete(null);
        });
    }

    /** The health check's turn in instance {@code i}. */
    void checkHealth(Instance i, Guest g, Envelope.Health h) {
        health.run(i, g, h);
    }

    /** A health check of every instance; see {@link HealthTurn#check}. */
    dev.wharf.api.Delivery checkHealth(Envelope.Health h) {
        return health.check(h);
    }

    /** Makes a guest of {@code fresh} for an update, initialised beside the running one. */
    Guest prepare(GuestModule fresh, ComponentSpec spec) {
        return swaps.prepare(fresh, spec);
    }

    /** A guest that goes: its cleanup runs (bounded by its instance's guard), then it is closed. */
    void retire(Instance i, Guest g) {
        if (g == null) {
            return;
        }
        try {
            g.cleanup(i.guard);
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

    /** What a failed call means for the restart log: a timeout, a normal exit, or a trap. */
    static RestartRecord.Reason reasonOf(WharfException e) {
        if (e instanceof CallTimeoutException) {
            return RestartRecord.Reason.TIMEOUT;
        }
        return CallGuard.exitedNormally(e) ? RestartRecord.Reason.EXIT : RestartRecord.Reason.TRAP;
    }
}
