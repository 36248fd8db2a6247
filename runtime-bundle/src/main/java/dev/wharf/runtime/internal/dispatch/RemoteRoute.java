package dev.wharf.runtime.internal.dispatch;

import dev.wharf.api.Codec;
import dev.wharf.api.ComponentId;
import dev.wharf.api.ComponentSpec;
import dev.wharf.api.Delivery;
import dev.wharf.api.UnknownCodecException;
import dev.wharf.runtime.internal.actor.ActorSystem;
import dev.wharf.spi.lattice.LatticeLink;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;

/**
 * The router's lattice path, for a message whose receiver another node hosts: the sender's side
 * (codec, {@code send-to}) is decided here, the receiver's by the node that takes it; an ask's
 * reply is completed on the dispatcher pool.
 */
final class RemoteRoute {

    private final ActorSystem system;
    private final PolicyGate gate;

    RemoteRoute(ActorSystem system, PolicyGate gate) {
        this.system = system;
        this.gate = gate;
    }

    /** Hands the message to {@code link}; {@code senderSpec} is the sender's declarations, {@code null} for the host. */
    Delivery deliver(LatticeLink link, ComponentId sender, ComponentSpec senderSpec, ComponentId to, byte[] payload,
            CompletableFuture<byte[]> reply, long askMs) {
        UnknownCodecException unreadable = codecError(payload);
        if (unreadable != null) {
            return new Delivery.Refused(unreadable);
        }
        Delivery outbound = gate.checkOutbound(sender, senderSpec, to, payload.length);
        if (outbound instanceof Delivery.Refused) {
            return outbound;
        }
        if (reply == null) {
            return link.tell(sender, to, payload);
        }
        // completed on the pool, never on the lattice's own threads: what a caller chains to its
        // reply runs there, and must not hold up every other reply or the lattice's heartbeat
        link.ask(sender, to, payload, Duration.ofMillis(Math.max(1, askMs))).whenCompleteAsync((r, x) -> {
            if (x == null) {
                reply.complete(r);
            } else {
                reply.completeExceptionally(x instanceof CompletionException && x.getCause() != null ? x.getCause() : x);
            }
        }, this::onPool);
        return Delivery.ACCEPTED;
    }

    /** Why {@code payload} is refused for its codec prefix, or {@code null} when it has a known one. */
    static UnknownCodecException codecError(byte[] payload) {
        try {
            Codec.of(payload);
            return null;
        } catch (UnknownCodecException e) {
            return e;
        }
    }

    /** Runs {@code task} on the dispatcher pool, or here when the pool is gone (stopping): it must run. */
    private void onPool(Runnable task) {
        try {
            system.execute(task);
        } catch (RejectedExecutionException e) {
            task.run();
        }
    }
}
