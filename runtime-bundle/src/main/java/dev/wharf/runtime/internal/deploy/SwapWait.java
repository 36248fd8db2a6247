package dev.wharf.runtime.internal.deploy;

import dev.wharf.api.ComponentSpec;
import dev.wharf.api.GuestTrapException;
import dev.wharf.api.InvalidComponentException;
import dev.wharf.api.WharfException;
import dev.wharf.runtime.internal.actor.Envelope;
import dev.wharf.runtime.internal.guest.Guest;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * An update's wait for the running version to take its swap: the swap is done, refused, or not
 * reached in time, and then the update withdraws it and the running version goes on.
 */
final class SwapWait {

    private SwapWait() {}

    /**
     * @param swap the swap queued to the running version, completing {@code done}
     * @param fresh the new version's guest, closed when the swap is withdrawn
     * @return how long delivery paused, in nanoseconds
     * @throws WharfException why the update was refused; the component is as it was
     */
    static long await(Envelope.Swap swap, CompletableFuture<Long> done, Guest fresh, ComponentSpec spec,
            long timeoutMs) {
        try {
            return done.get(timeoutMs, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw failed(spec, e.getCause());
        } catch (TimeoutException e) {
            if (swap.claim()) {
                fresh.close();
                throw new InvalidComponentException("component '" + spec.id() + "': the running version did not reach "
                        + "the swap in time; it goes on");
            }
            try {
                return done.join(); // the actor took it just now
            } catch (CompletionException c) {
                throw failed(spec, c.getCause());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InvalidComponentException("component '" + spec.id() + "': interrupted during its update");
        }
    }

    /** Why the swap failed: the refusal itself, or the new version's {@code _restore_state} trapping. */
    private static WharfException failed(ComponentSpec spec, Throwable cause) {
        return cause instanceof WharfException w ? w
                : new GuestTrapException(spec.id(), "_restore_state", String.valueOf(cause), cause);
    }
}
