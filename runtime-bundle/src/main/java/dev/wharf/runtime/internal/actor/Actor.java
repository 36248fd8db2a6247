package dev.wharf.runtime.internal.actor;

import dev.wharf.api.ComponentId;
import dev.wharf.api.ComponentLimits;
import dev.wharf.api.Delivery;
import dev.wharf.api.WharfException;
import dev.wharf.api.runtime.ComponentStats;

/** A component that is one {@link Lane}: its mailbox is the component's (a Java component). */
abstract class Actor extends Lane implements MessageTarget {

    Actor(ActorSystem system, ComponentId id, ComponentLimits limits) {
        super(system, id, limits);
    }

    public final CallGuard guard() {
        return guard;
    }

    public final int mailboxDepth() {
        return mailbox.depth();
    }

    public final ComponentStats stats() {
        return metrics.snapshot(id(), mailbox.depth(), mailbox.capacity());
    }

    @Override
    public final Delivery enqueue(Envelope e, boolean accepted) {
        WharfException closed = refusal();
        if (closed != null) {
            metrics.refused.increment();
            return new Delivery.Refused(closed);
        }
        return admit(e, accepted);
    }
}
