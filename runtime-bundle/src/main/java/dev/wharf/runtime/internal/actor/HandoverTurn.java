package dev.wharf.runtime.internal.actor;

import dev.wharf.api.ComponentState;
import dev.wharf.api.ComponentUnavailableException;
import dev.wharf.api.WharfException;
import dev.wharf.runtime.internal.actor.ActorState.Phase;
import dev.wharf.runtime.internal.guest.Guest;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A component going from one runtime to the next when the runtime bundle is updated. In the old
 * runtime, once it is paused ({@link Lifecycle#pauseForHandover}) and the turns under way have
 * ended, {@link #run} takes what it carries: the state its first instance saves and the
 * unhandled messages of every instance (one sender's are in one instance, so their order holds).
 * In the new runtime, {@link #restore} gives the state to its first instance.
 */
final class HandoverTurn {

    private final ComponentActor actor;
    private final Lifecycle lifecycle;

    HandoverTurn(ComponentActor actor, Lifecycle lifecycle) {
        this.actor = actor;
        this.lifecycle = lifecycle;
    }

    /**
     * Waits at most {@code waitMs} for the turn under way to end, then saves the state, takes the
     * queued messages and closes the instance (without {@code _cleanup}: it lives on in the next
     * runtime): HANDING_OVER -> STOPPED. Returns {@code null} when the turn did not end in time;
     * then the component stops as on any stop, draining its mailbox.
     */
    Carried run(long waitMs) {
        List<Instance> all = actor.pool.close();
        try {
            CompletableFuture.allOf(all.stream().map(Lane::turnsEnded).toArray(CompletableFuture[]::new))
                    .get(waitMs, TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            ActorSystem.LOG.log(Level.WARNING, "component " + actor.id() + " is still in a call after " + waitMs
                    + " ms: it stops instead of being handed over", e);
            lifecycle.stop(waitMs);
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            lifecycle.stop(0);
            return null;
        }
        Instance first = all.get(0);
        byte[] saved = save(first, first.guest());
        List<Envelope> queued = new ArrayList<>();
        WharfException gone = new ComponentUnavailableException(actor.id(), ComponentState.STOPPING);
        for (Instance i : all) {
            Envelope e;
            while ((e = i.mailbox.poll()) != null) {
                if (e instanceof Envelope.Deliver || e instanceof Envelope.Call || e instanceof Envelope.Bytes
                        || e instanceof Envelope.Values || e instanceof Envelope.Http) {
                    queued.add(e);
                } else {
                    e.fail(gone); // health checks, restarts, updates and stops of this runtime end with it
                }
            }
            i.gone();
            Lifecycle.close(i.takeGuest());
            i.guard.close();
        }
        actor.pool.forget(all.subList(1, all.size()));
        actor.state.move(Phase.HANDING_OVER, Phase.STOPPED, "handed over to the next runtime");
        return new Carried(saved, queued);
    }

    /** Its instance's state for the next runtime, or {@code null} when it has none to give. */
    private byte[] save(Instance first, Guest g) {
        if (g == null || !g.savesState()) {
            return null;
        }
        try {
            return g.saveState(first.guard);
        } catch (WharfException e) {
            ActorSystem.LOG.log(Level.WARNING, "component " + actor.id() + " could not save its state for the next "
                    + "runtime; it starts there with a fresh one", e);
            return null;
        }
    }

    /**
     * {@code g}, the first instance in the new runtime, with the state it had in the previous
     * one; a fresh instance when it refuses that state (it goes on without it).
     */
    Guest restore(Instance first, Guest g, byte[] state) {
        if (state == null || !g.restoresState()) {
            return g;
        }
        try {
            g.restoreState(first.guard, state);
            return g;
        } catch (WharfException e) {
            ActorSystem.LOG.log(Level.WARNING, "component " + actor.id() + " refused the state it had in the previous "
                    + "runtime; it goes on with a fresh instance", e);
            g.close();
            Guest fresh = lifecycle.instantiate(actor.module(), first);
            lifecycle.initialize(fresh, first.guard);
            return fresh;
        }
    }
}
