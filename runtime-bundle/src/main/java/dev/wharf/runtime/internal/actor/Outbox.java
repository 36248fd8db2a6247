package dev.wharf.runtime.internal.actor;

import dev.wharf.api.ComponentId;
import dev.wharf.api.Delivery;
import java.util.concurrent.CompletableFuture;

/** Where a guest's {@code send} and {@code ask} go: the router, which checks them like any other message. */
public interface Outbox {

    /** Sends {@code payload} from {@code from} to {@code to}: accepted, or refused with why. */
    Delivery send(ComponentActor from, ComponentId to, byte[] payload);

    /**
     * Sends {@code payload} from {@code from} to {@code to} as a request; the stage completes with
     * the reply, or exceptionally with the refusal or the receiver's failure. The caller bounds
     * the wait.
     */
    CompletableFuture<byte[]> ask(ComponentActor from, ComponentId to, byte[] payload);
}
