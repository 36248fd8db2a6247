package dev.wharf.runtime.internal.actor;

import dev.wharf.api.DeliveryRefusedException;
import dev.wharf.api.ErrorCode;
import dev.wharf.api.GuestErrorException;
import dev.wharf.api.WharfException;
import dev.wharf.runtime.internal.engine.GuestInstance;
import dev.wharf.runtime.internal.engine.LoadedModule;
import java.lang.System.Logger.Level;

/**
 * The turn of an update in a component's mailbox: the old instance has finished the message
 * before; its state, when it exports {@code _save_state} and the new one {@code _restore_state},
 * is handed over; then the new instance serves the messages behind. If the handover fails, the
 * new instance is dropped and the old one goes on as if nothing happened.
 */
public final class SwapTurn {

    static final String SAVE = "_save_state";
    static final String RESTORE = "_restore_state";

    private SwapTurn() {}

    /**
     * Instantiates {@code module} for this component beside the running instance and runs its
     * {@code _initialize}, under a call guard of its own (the running instance's guard may be in
     * a call). The caller hands the result to {@link ComponentActor#enqueueControl} as an {@link Envelope.Swap}.
     */
    public static GuestInstance prepare(ComponentActor actor, LoadedModule fresh, long timeoutMs) {
        GuestInstance g = GuestInstance.create(fresh, actor.abi);
        if (g.hasExport("_initialize")) {
            CallGuard init = new CallGuard(actor.id());
            actor.services.watchdog().watch(init);
            try {
                init.run("_initialize", timeoutMs, () -> g.call("_initialize"));
            } catch (RuntimeException e) {
                g.close();
                throw e;
            } finally {
                actor.services.watchdog().unwatch(init);
            }
        }
        return g;
    }

    static void run(ComponentActor actor, GuestInstance old, Envelope.Swap swap) {
        long start = System.nanoTime();
        GuestInstance fresh = swap.fresh();
        if (old == null) {
            // it failed or stopped meanwhile: the update is its fresh start
            actor.guest = fresh;
        } else {
            try {
                handOver(actor, old, fresh);
            } catch (WharfException e) {
                fresh.close();
                swap.done().completeExceptionally(e);
                return;
            }
            actor.guest = fresh;
            actor.lifecycle.retire(old);
        }
        actor.adopt(swap);
        actor.health.reset();
        long paused = System.nanoTime() - start;
        actor.metrics().latency.record(paused);
        swap.done().complete(paused);
    }

    /** Copies the old instance's state blob into the new one; throws when the new one does not take it. */
    private static void handOver(ComponentActor actor, GuestInstance old, GuestInstance fresh) {
        if (!old.hasExport(SAVE) || !fresh.hasExport(RESTORE)) {
            return; // the new instance starts fresh
        }
        long timeout = actor.spec().limits().timeoutMs();
        long packed = actor.guard.run(SAVE, timeout, () -> old.call(SAVE))[0];
        int ptr = (int) (packed >>> 32);
        int len = (int) packed;
        byte[] state = old.read(ptr, len);
        if (state == null || len < 0) {
            throw new DeliveryRefusedException(ErrorCode.ALLOCATION_FAILED, "component '" + actor.id()
                    + "': _save_state answered a blob outside its memory (ptr " + Integer.toUnsignedString(ptr)
                    + ", len " + len + ")");
        }
        int rc = actor.guard.run(RESTORE, timeout, () -> {
            int target = state.length == 0 ? 0 : (int) fresh.call(GuestAbi.ALLOC, state.length)[0];
            if (state.length > 0 && (target == 0 || !fresh.write(target, state))) {
                throw new DeliveryRefusedException(ErrorCode.ALLOCATION_FAILED, "component '" + actor.id()
                        + "': the new version could not allocate " + state.length + " bytes for the state");
            }
            return (int) fresh.call(RESTORE, target, state.length)[0];
        });
        if (rc != 0) {
            throw new GuestErrorException(actor.id(), rc);
        }
        ActorSystem.LOG.log(Level.DEBUG, "component " + actor.id() + ": " + state.length + " bytes of state handed over");
    }
}
