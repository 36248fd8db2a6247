package dev.wharf.runtime.internal.dispatch;

import dev.wharf.api.Codec;
import dev.wharf.api.ComponentId;
import dev.wharf.api.UnknownCodecException;
import dev.wharf.api.UnknownComponentException;
import dev.wharf.api.Delivery;
import dev.wharf.runtime.internal.actor.ActorSystem;
import dev.wharf.runtime.internal.actor.ComponentActor;
import dev.wharf.runtime.internal.actor.JavaActor;
import dev.wharf.runtime.internal.actor.MessageTarget;
import dev.wharf.spi.lattice.LatticeDelivery;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The runtime's side of the lattice: messages from other nodes enter here and pass the
 * {@link PolicyGate} like local ones, decided by {@code checkRemote} with the sending node. The
 * receiver's turn is always handed to the dispatcher pool, so a slow guest never holds up the
 * lattice's network thread (and with it every other message from the lattice).
 */
@Component(service = LatticeDelivery.class)
public final class LatticeInbox implements LatticeDelivery {

    private final ActorSystem system;
    private final PolicyGate gate;

    @Activate
    public LatticeInbox(@Reference ActorSystem system, @Reference PolicyGate gate) {
        this.system = system;
        this.gate = gate;
    }

    @Override
    public Delivery deliver(String node, ComponentId sender, ComponentId to, byte[] payload,
            CompletableFuture<byte[]> reply) {
        MessageTarget target = system.target(to);
        Delivery d;
        if (target == null) {
            d = new Delivery.Refused(new UnknownComponentException(to));
        } else {
            try {
                Codec.of(payload);
                d = gate.submitRemote(node, sender, target, payload, reply); // never runs a guest here: no synchronous caller
            } catch (UnknownCodecException e) {
                d = new Delivery.Refused(e);
            }
        }
        if (d instanceof Delivery.Refused r) {
            system.deadLetters().record(sender, to, payload.length, r.error());
        }
        return d;
    }

    @Override
    public List<ComponentId> hosted() {
        List<ComponentId> ids = new ArrayList<>();
        for (ComponentActor a : system.actors()) {
            if (a.acceptsMessages()) {
                ids.add(a.id());
            }
        }
        for (JavaActor j : system.javaActors()) {
            ids.add(j.id());
        }
        ids.sort(null);
        return ids;
    }
}
