package dev.wharf.runtime.internal.handover;

import dev.wharf.runtime.internal.actor.Carried;
import dev.wharf.runtime.internal.actor.ComponentActor;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.framework.startlevel.BundleStartLevel;

/**
 * Where the components of one runtime wait for the next when the runtime bundle is updated. The
 * two runtimes are revisions of one bundle and share none of its classes, so the parcel is made
 * of the JDK's types and the API's only (see {@link Parcels}): a map, registered as a service of
 * the system bundle (which outlives the old runtime) under {@value #PROPERTY} = the runtime's
 * bundle id. The next runtime takes it as it starts. When none takes it within
 * {@value #EXPIRY_MS} ms (the new revision did not start), every message in it is answered with
 * the error packed beside it, by a JDK timer, with JDK types only: the old runtime's classes may
 * be gone by then.
 */
public final class RuntimeHandover {

    static final String PROPERTY = "dev.wharf.runtime.handover";
    static final long EXPIRY_MS = 60_000;
    private static final System.Logger LOG = System.getLogger("dev.wharf.runtime");

    private RuntimeHandover() {
    }

    /**
     * Whether the runtime bundle of {@code context} stops to come back: an update or a refresh,
     * which leave it persistently started, not a stop by an operator nor the framework's.
     */
    public static boolean wanted(BundleContext context) {
        Bundle self = context.getBundle();
        Bundle system = context.getBundle(0);
        BundleStartLevel level = self.adapt(BundleStartLevel.class);
        return self.getState() == Bundle.STOPPING && system != null && system.getState() == Bundle.ACTIVE
                && level != null && level.isPersistentlyStarted();
    }

    /**
     * Hands {@code actors} over to the next runtime of {@code context}'s bundle: pauses them all
     * (from then on no guest runs, so none sends), waits at most {@code waitMs} in all for their
     * turns under way to end, takes what each carries and parks it. Returns those handed over;
     * the others (not serving, or still in a call) stopped as on any stop.
     */
    public static List<ComponentActor> handOver(BundleContext context, List<ComponentActor> actors, long waitMs,
            String from) {
        long pausedAt = System.nanoTime();
        List<ComponentActor> paused = actors.stream().filter(ComponentActor::pauseForHandover).toList();
        long deadline = pausedAt + TimeUnit.MILLISECONDS.toNanos(waitMs);
        List<Map<String, Object>> parcel = new ArrayList<>();
        List<ComponentActor> handed = new ArrayList<>();
        int messages = 0;
        for (ComponentActor a : paused) {
            Carried carried = a.handOver(Math.max(0, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            if (carried != null) {
                parcel.add(Parcels.component(a, carried));
                handed.add(a);
                messages += carried.messages().size();
            }
        }
        park(context, parcel, pausedAt, from);
        LOG.log(Level.INFO, "runtime " + from + " hands " + handed.size() + " components over to the next runtime, with "
                + messages + " queued messages (" + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - pausedAt) + " ms)");
        return handed;
    }

    /** Leaves {@code components} ({@link Parcels#component} maps) for the next runtime of {@code context}'s bundle. */
    static void park(BundleContext context, List<Map<String, Object>> components, long pausedAt, String from) {
        Map<String, Object> parcel = new ConcurrentHashMap<>();
        AtomicBoolean taken = new AtomicBoolean();
        parcel.put(Parcels.COMPONENTS, List.copyOf(components));
        parcel.put(Parcels.TAKEN, taken);
        parcel.put(Parcels.PAUSED_AT, pausedAt);
        parcel.put(Parcels.FROM, from);
        Hashtable<String, Object> props = new Hashtable<>();
        props.put(PROPERTY, context.getBundle().getBundleId());
        ServiceRegistration<?> registration = context.getBundle(0).getBundleContext()
                .registerService(Map.class.getName(), parcel, props);
        parcel.put(Parcels.REGISTRATION, registration);
        CompletableFuture.delayedExecutor(EXPIRY_MS, TimeUnit.MILLISECONDS).execute(() -> expire(parcel));
    }

    /** The parcel the previous runtime of {@code context}'s bundle left, taken: empty when there is none. */
    @SuppressWarnings("unchecked")
    public static Parcel take(BundleContext context) {
        if (context == null) {
            return Parcel.empty();
        }
        try {
            for (ServiceReference<Map> ref : context.getServiceReferences(Map.class,
                    "(" + PROPERTY + "=" + context.getBundle().getBundleId() + ")")) {
                Map<String, Object> parcel = context.getService(ref);
                context.ungetService(ref);
                if (parcel != null && ((AtomicBoolean) parcel.get(Parcels.TAKEN)).compareAndSet(false, true)) {
                    unregister(parcel);
                    return new Parcel((List<Map<String, Object>>) parcel.get(Parcels.COMPONENTS),
                            (Long) parcel.get(Parcels.PAUSED_AT), (String) parcel.get(Parcels.FROM));
                }
            }
        } catch (InvalidSyntaxException | ClassCastException e) {
            LOG.log(Level.WARNING, "the previous runtime left a parcel this one cannot read; its components start fresh", e);
        }
        return Parcel.empty();
    }

    /** No runtime took it in time: every message in it is answered with its component's error. JDK types only. */
    @SuppressWarnings("unchecked")
    private static void expire(Map<String, Object> parcel) {
        if (!((AtomicBoolean) parcel.get(Parcels.TAKEN)).compareAndSet(false, true)) {
            return;
        }
        unregister(parcel);
        int answered = 0;
        for (Map<String, Object> component : (List<Map<String, Object>>) parcel.get(Parcels.COMPONENTS)) {
            answered += Parcels.failAll(component, null);
        }
        LOG.log(Level.WARNING, "no runtime took over the components of the one before within " + EXPIRY_MS
                + " ms: their states are dropped and " + answered + " messages answered with UNAVAILABLE");
    }

    private static void unregister(Map<String, Object> parcel) {
        if (parcel.get(Parcels.REGISTRATION) instanceof ServiceRegistration<?> registration) {
            try {
                registration.unregister();
            } catch (IllegalStateException e) {
                // already gone, with the framework
            }
        }
    }
}
