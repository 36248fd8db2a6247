package dev.wharf.runtime.internal.actor;

import dev.wharf.api.CallTimeoutException;
import dev.wharf.api.ComponentSpec;
import dev.wharf.api.ComponentUnavailableException;
import dev.wharf.api.GuestTrapException;
import dev.wharf.api.WharfException;
import dev.wharf.runtime.internal.actor.ActorState.Phase;
import dev.wharf.runtime.internal.guest.Guest;
import dev.wharf.runtime.internal.guest.GuestModule;
import java.lang.System.Logger.Level;

/**
 * An update of a running component: the new version's guest is made and initialised beside
 * the first instance's ({@link #prepare}, on the updater's thread), then takes over in a turn of
 * its own in that instance's mailbox ({@link #run}): the old guest has finished the message
 * before; its state, when it saves state and the new one restores it, is handed over; then the
 * new guest serves the messages behind. READY -> SWAPPING -> READY. If the handover fails, the
 * new guest is dropped and the old one goes on as if nothing happened. Once the first instance
 * has the new version, every other instance takes it in a turn of its own ({@link #renew}).
 */
final class SwapTurn {

    private final ComponentActor actor;
    private final Lifecycle lifecycle;

    SwapTurn(ComponentActor actor, Lifecycle lifecycle) {
        this.actor = actor;
        this.lifecycle = lifecycle;
    }

    /**
     * Instantiates {@code fresh} beside the running instance and runs its initialisation under a
     * call guard of its own (the running instance's guard may be in a call).
     */
    Guest prepare(GuestModule fresh, ComponentSpec spec) {
        Guest g = lifecycle.instantiate(fresh, actor.pool.first());
        CallGuard init = new CallGuard(actor.id(), spec.limits().timeoutMs());
        actor.services.watchdog().watch(init);
        try {
            g.initialize(init);
        } catch (RuntimeException e) {
            g.close();
            throw e;
        } finally {
            actor.services.watchdog().unwatch(init);
        }
        return g;
    }

    void run(Instance first, Envelope.Swap swap) {
        if (!swap.claim()) {
            return; // the updater gave up waiting and dropped the new instance
        }
        long start = System.nanoTime();
        Guest fresh = swap.fresh();
        Guest old = first.guest();
        if (old == null || !actor.state.move(Phase.READY, Phase.SWAPPING)) {
            // it failed or stopped meanwhile: the update is refused, its bundle's next start takes it
            refuse(fresh, swap, new ComponentUnavailableException(actor.id(), actor.state()));
            return;
        }
        if (old.savesState() && fresh.restoresState() && !hand(first, old, fresh, swap)) {
            return;
        }
        lifecycle.retire(first, first.install(fresh, swap.module()));
        actor.replace(swap.module(), swap.spec(), swap.headerAttributes(), swap.origin());
        actor.health.reset();
        // a stop that came meanwhile finds the new guest in place and closes it
        actor.state.move(Phase.SWAPPING, Phase.READY);
        long paused = System.nanoTime() - start;
        first.metrics.latency.record(paused);
        for (Instance i : actor.pool.list()) {
            if (i != first) {
                actor.pool.control(i, new Envelope.Renew(swap.module()));
            }
        }
        swap.done().complete(paused);
    }

    /**
     * Gives instance {@code i} a guest of {@code module}, the version the first instance took, in
     * its turn: its messages before were served by the old version, those behind by the new one.
     * When the new guest cannot be made, the instance fails as after a trap and its restart makes
     * one of the component's module.
     */
    void renew(Instance i, GuestModule module) {
        Guest old = i.guest();
        if (old == null || i.module() == module) {
            return; // restarting (with the module of the moment) or already there
        }
        Guest g;
        try {
            g = lifecycle.instantiate(module, i);
            lifecycle.initialize(g, i.guard);
        } catch (WharfException e) {
            lifecycle.restarts.crash(i, Lifecycle.reasonOf(e), "the new version could not start: " + e.getMessage());
            return;
        }
        lifecycle.retire(i, i.install(g, module));
    }

    /**
     * Hands the old instance's state to the new one; returns whether it did. When the old one
     * fails in its save it is not trusted again, like after any trap; when the new one refuses
     * the state, the old one goes on.
     */
    private boolean hand(Instance first, Guest old, Guest fresh, Envelope.Swap swap) {
        byte[] state;
        try {
            state = old.saveState(first.guard);
        } catch (GuestTrapException | CallTimeoutException e) {
            // the state settles before the updater hears of the refusal
            lifecycle.restarts.crash(first, Lifecycle.reasonOf(e), e.getMessage());
            refuse(fresh, swap, e);
            return false;
        } catch (WharfException e) {
            actor.state.move(Phase.SWAPPING, Phase.READY);
            refuse(fresh, swap, e);
            return false;
        }
        try {
            fresh.restoreState(first.guard, state);
        } catch (WharfException e) {
            actor.state.move(Phase.SWAPPING, Phase.READY);
            refuse(fresh, swap, e);
            return false;
        }
        ActorSystem.LOG.log(Level.DEBUG, "component " + actor.id() + ": " + state.length + " bytes of state handed over");
        return true;
    }

    private static void refuse(Guest fresh, Envelope.Swap swap, WharfException why) {
        fresh.close();
        swap.done().completeExceptionally(why);
    }
}
