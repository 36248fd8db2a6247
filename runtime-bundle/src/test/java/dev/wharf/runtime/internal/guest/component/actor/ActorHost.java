package dev.wharf.runtime.internal.guest.component.actor;

import dev.wharf.api.ComponentId;
import dev.wharf.api.Delivery;
import dev.wharf.api.DeliveryRefusedException;
import dev.wharf.api.ErrorCode;
import dev.wharf.runtime.internal.engine.CapabilityImport;
import dev.wharf.runtime.internal.engine.GuestMemory;
import dev.wharf.runtime.internal.guest.GuestHost;
import dev.wharf.runtime.internal.guest.GuestVars;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A fake host for actor components under test: it records what they send and ask, accepts a
 * send unless told to refuse it, and answers an ask from a table of replies or with an error.
 */
final class ActorHost implements GuestHost {

    /** One message the guest sent or asked. */
    record Sent(ComponentId to, byte[] payload, long timeoutMs) {}

    final List<Sent> sent = new ArrayList<>();
    final List<Sent> asked = new ArrayList<>();
    final Map<String, byte[]> replies = new HashMap<>();
    final List<String> lines = new ArrayList<>();
    ErrorCode refuseSends;
    ErrorCode refuseAsks;
    private final ComponentId id;

    ActorHost(String id) {
        this.id = ComponentId.of(id);
    }

    @Override
    public ComponentId id() {
        return id;
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

    @Override
    public void log(Level level, String message) {
        lines.add(level + " " + message);
    }

    @Override
    public boolean logs(Level level) {
        return true;
    }

    @Override
    public Map<String, String> config() {
        return Map.of();
    }

    @Override
    public GuestVars vars() {
        return new GuestVars();
    }

    @Override
    public long[] capability(CapabilityImport imp, GuestMemory memory, long[] args) {
        return new long[] {-ErrorCode.DENIED.code()};
    }
}
