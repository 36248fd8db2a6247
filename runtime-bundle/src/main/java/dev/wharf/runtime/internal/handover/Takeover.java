package dev.wharf.runtime.internal.handover;

import dev.wharf.runtime.internal.actor.Carried;
import dev.wharf.runtime.internal.actor.ComponentActor;
import dev.wharf.runtime.internal.actor.DeadLetters;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * This runtime's side of a handover: each component deployed here takes what it carried in the
 * previous runtime ({@link #take}); once the bundles present are deployed ({@link #end}), what
 * no component took is answered UNAVAILABLE and the takeover is summed up in the log.
 */
public final class Takeover {

    private static final System.Logger LOG = System.getLogger("dev.wharf.runtime");

    private final Parcel parcel;
    private final DeadLetters deadLetters;
    private int components;
    private int withState;
    private int messages;
    private long longestNanos;

    public Takeover(Parcel parcel, DeadLetters deadLetters) {
        this.parcel = parcel;
        this.deadLetters = deadLetters;
    }

    /**
     * What {@code actor} carried in the previous runtime, or {@code null} when it was not there.
     * A component of that id from another bundle does not take it: its messages are answered.
     */
    public Carried take(ComponentActor actor) {
        Optional<Map<String, Object>> left = parcel.remove(actor.id());
        if (left.isEmpty()) {
            return null;
        }
        if (!Parcels.from(left.get(), actor.origin().symbolicName())) {
            fail(left.get(), "its id is another bundle's now");
            return null;
        }
        return Parcels.unpack(left.get(), actor, deadLetters);
    }

    /**
     * For the log, when {@code carried} came over: what it brought and how long the component
     * was not served, from the moment the previous runtime paused the first component.
     */
    public synchronized String describe(Carried carried) {
        long notServed = System.nanoTime() - parcel.pausedAt();
        components++;
        withState += carried.state() == null ? 0 : 1;
        messages += carried.messages().size();
        longestNanos = Math.max(longestNanos, notServed);
        return "taken over from runtime " + parcel.from() + " with " + (carried.state() == null ? "no state"
                : carried.state().length + " bytes of state") + " and " + carried.messages().size()
                + " queued messages; not served for " + TimeUnit.NANOSECONDS.toMillis(notServed) + " ms";
    }

    /** The bundles present are deployed: what no component took is answered; the takeover is summed up. */
    public void end() {
        List<Map<String, Object>> rest = parcel.rest();
        for (Map<String, Object> component : rest) {
            fail(component, "no bundle here has it");
        }
        synchronized (this) {
            if (components > 0) {
                LOG.log(Level.INFO, "took over " + components + " components from runtime " + parcel.from() + " ("
                        + withState + " with state, " + messages + " queued messages); the longest a component was "
                        + "not served: " + TimeUnit.NANOSECONDS.toMillis(longestNanos) + " ms");
            }
        }
    }

    private void fail(Map<String, Object> component, String why) {
        int n = Parcels.failAll(component, deadLetters);
        LOG.log(Level.WARNING, "component " + component.get(Parcels.ID) + " of the previous runtime is not taken over ("
                + why + "): its state is dropped and " + n + " queued messages are answered with UNAVAILABLE");
    }
}
