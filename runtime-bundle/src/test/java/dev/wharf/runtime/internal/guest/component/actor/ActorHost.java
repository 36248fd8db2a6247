package dev.wharf.runtime.internal.guest.component.actor;

import dev.wharf.api.ComponentId;
import dev.wharf.api.Delivery;
import dev.wharf.api.DeliveryRefusedException;
import dev.wharf.api.ErrorCode;
import dev.wharf.runtime.internal.guest.TestHost;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A fake host for actor components under test: it records what they send and ask, accepts a
 * send unless told to refuse it, and answers an ask from a table of replies or with an error;
 * the rest (log, config, capabilities denied) is {@link TestHost}'s.
 */
final class ActorHost extends TestHost {

    /** One message the guest sent or asked. */
    record Sent(ComponentId to, byte[] payload, long timeoutMs) {}

    final List<Sent> sent = new ArrayList<>();
    final List<Sent> asked = new ArrayList<>();
    final Map<String, byte[]> replies = new HashMap<>();
    ErrorCode refuseSends;
    ErrorCode refuseAsks;

    ActorHost(String id) {
        super(id);
    }

    @Override
    public Delivery send(ComponentId to, byte[] payload) {
        sent.add(new Sent(to, payload, 0));
        return refuseSends == null ? Delivery.ACCEPTED
                : new Delivery.Refused(new DeliveryRefusedException(refuseSends, "refused by the test: " + refuseSends));
    }

    @Override
    public Answer ask(ComponentId to, byte[] payload, long timeoutMs) {
        asked.add(new Sent(to, payload, timeoutMs));
        if (refuseAsks != null) {
            return Answer.failed(refuseAsks);
        }
        byte[] reply = replies.get(to.value());
        return reply == null ? Answer.failed(ErrorCode.UNKNOWN_TARGET) : Answer.of(reply);
    }
}
