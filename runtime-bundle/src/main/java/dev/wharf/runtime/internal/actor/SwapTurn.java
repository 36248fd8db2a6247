package dev.wharf.runtime.internal.actor;

import dev.wharf.api.CallTimeoutException;
import dev.wharf.api.ComponentUnavailableException;
import dev.wharf.api.DeliveryRefusedException;
import dev.wharf.api.ErrorCode;
import dev.wharf.api.GuestErrorException;
import dev.wharf.api.GuestTrapException;
import dev.wharf.api.RestartRecord;
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
        if (!swap.claim()) {
            return; // the updater gave up waiting and dropped the new instance
        }
        long start = System.nanoTime();
        GuestInstance fresh = swap.fresh();
        if (old == null || !actor.acceptsMessages()) {
            // it failed or stopped meanwhile: the update is refused, its bundle's next start takes it
            fresh.close();
            swap.done().completeExceptionally(new ComponentUnavailableException(actor.id(), actor.state()));
            return;
        }
        byte[] state;
        try {
            state = save(actor, old, fresh);
        } catch (GuestTrapException | CallTimeoutException e) {
            // the old instance failed in _save_state: it is not trusted again, like after any trap
            fresh.close();
            swap.done().completeExceptionally(e);
            actor.lifecycle.crash(e instanceof CallTimeoutException ? RestartRecord.Reason.TIMEOUT
                    : RestartRecord.Reason.TRAP, e.getMessage());
            return;
        } catch (WharfException e) {
            fresh.close();
            swap.done().completeExceptionally(e);
            return;
        }
        try {
            if (state != null) {
                restore(actor, fresh, state);
            }
        } catch (WharfException e) {
            fresh.close();
            swap.done().completeExceptionally(e);
            return;
        }
        actor.guest = fresh;
        actor.lifecycle.retire(old);
        actor.replace(swap.module(), swap.spec(), swap.headerAttributes(), swap.origin());
        actor.health.reset();
        long paused = System.nanoTime() - start;
        actor.metrics().latency.record(paused);
        swap.done().complete(paused);
    }

    /** The old instance's state blob, or {@code null} when the two versions do not both take part. */
    private static byte[] save(ComponentActor actor, GuestInstance old, GuestInstance fresh) {
        if (!old.hasExport(SAVE) || !fresh.hasExport(RESTORE)) {
            return null; // the new instance starts fresh
        }
        long packed = actor.guard.run(SAVE, actor.spec().limits().timeoutMs(), () -> old.call(SAVE))[0];
        int ptr = (int) (packed >>> 32);
        int len = (int) packed;
        byte[] state = len < 0 ? null : old.read(ptr, len);
        if (state == null) {
            throw new DeliveryRefusedException(ErrorCode.ALLOCATION_FAILED, "component '" + actor.id()
                    + "': _save_state answered a blob outside its memory (ptr " + Integer.toUnsignedString(ptr)
                    + ", len " + len + ")");
        }
        return state;
    }

    /** Hands {@code state} to the new instance; throws when it does not take it. */
    private static void restore(ComponentActor actor, GuestInstance fresh, byte[] state) {
        int rc = actor.guard.run(RESTORE, actor.spec().limits().timeoutMs(), () -> {
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
