package dev.wharf.runtime.internal.dispatch;

import dev.wharf.api.ComponentId;
import dev.wharf.api.ComponentSpec;
import dev.wharf.api.Delivery;
import dev.wharf.api.UnknownComponentException;
import dev.wharf.api.WharfException;
import dev.wharf.runtime.internal.actor.ActorSystem;
import dev.wharf.runtime.internal.actor.MessageTarget;
import dev.wharf.runtime.internal.actor.Envelope;
import java.util.concurrent.CompletableFuture;

/** The gate's route into the actors' mailboxes; refusals go to the dead letters and to the asker. */
final class ActorRoute implements PolicyGate.Route {

    private final ActorSystem system;

    ActorRoute(ActorSystem system) {
        this.system = system;
    }

    @Override
    public ComponentSpec spec(ComponentId id) {
        MessageTarget a = system.target(id);
        return a == null ? null : a.spec();
    }

    @Override
    public Delivery enqueue(ComponentId sender, ComponentId to, byte[] payload, CompletableFuture<byte[]> reply,
            boolean waited) {
        MessageTarget target = system.target(to);
        if (target == null) {
            return new Delivery.Refused(new UnknownComponentException(to));
        }
        return target.enqueue(new Envelope.Deliver(sender, to, payload, reply, system.deadLetters(), system.tracing().capture()), waited);
    }

    @Override
    public Delivery enqueue(MessageTarget target, ComponentId sender, byte[] payload, CompletableFuture<byte[]> reply) {
        return target.enqueue(new Envelope.Deliver(sender, target.id(), payload, reply, system.deadLetters(),
                system.tracing().capture()), false);
    }

    @Override
    public void refused(ComponentId sender, ComponentId to, byte[] payload, CompletableFuture<byte[]> reply,
            WharfException why) {
        system.deadLetters().record(sender, to, payload.length, why);
        if (reply != null) {
            reply.completeExceptionally(why);
        }
    }

    @Override
    public void execute(Runnable task) {
        system.execute(task);
    }
}
