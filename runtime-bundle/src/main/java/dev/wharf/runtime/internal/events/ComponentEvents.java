package dev.wharf.runtime.internal.events;

import dev.wharf.api.ComponentMetadata;
import dev.wharf.api.ComponentState;
import dev.wharf.api.HealthStatus;
import dev.wharf.api.RestartRecord;
import dev.wharf.runtime.internal.actor.ComponentActor;
import dev.wharf.runtime.internal.wiring.OptionalPackages;
import java.lang.System.Logger.Level;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.Version;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * Tells an OSGi EventAdmin, when there is one, what happens to components: one event per
 * transition on {@code dev/wharf/component/<TYPE>} ({@link Type}), with the component's id,
 * version, bundle, reason and time (docs/operating.md, "Events"). The deployer tells it of deploys,
 * updates, refused updates and undeploys; the runtime's change callback ({@link #accept}) of every
 * other change, from which it derives READY, FAILED, RESTARTED and UNHEALTHY by comparing with what
 * it saw last of that component. Events are posted ({@link EventAdminPoster}), never sent: no
 * thread of the runtime waits for a handler. Without EventAdmin it only keeps what it saw.
 */
@Component(service = ComponentEvents.class)
public final class ComponentEvents implements Consumer<ComponentActor> {

    private static final System.Logger LOG = System.getLogger("dev.wharf.runtime");
    /** The EventAdmin API's package, an optional import of the runtime. */
    static final String EVENT_PACKAGE = "org.osgi.service.event";
    /** The topics' common prefix. */
    public static final String TOPIC_PREFIX = "dev/wharf/component/";

    /** What happened to a component; the last segment of its event's topic. */
    public enum Type {
        /** Taken into the runtime: READY follows, or it waits for its capabilities (the reason says which). */
        DEPLOYED,
        /** Serving: after its start, a wait or a restart. */
        READY,
        /** An update of its bundle took over from the running version. */
        SWAPPED,
        /** A fresh instance replaced one that trapped, timed out, exited, was unhealthy or was restarted by an operator. */
        RESTARTED,
        /** Given up: too many restarts, or it could not start; the reason says why. */
        FAILED,
        /** A health check found it unhealthy (told once, until it is healthy again). */
        UNHEALTHY,
        /** Its bundle stopped it, or an update dropped it. */
        UNDEPLOYED,
        /** An update of its bundle was refused; the running version goes on. */
        UPDATE_REFUSED;

        /** {@code dev/wharf/component/<NAME>}. */
        public String topic() {
            return TOPIC_PREFIX + name();
        }
    }

    /** What was last told of one component. */
    private static final class Seen {
        ComponentState state = ComponentState.STARTING;
        int restarts;
        boolean unhealthy;
    }

    // by component actor (identity): a new deploy of the same id is another actor
    private final Map<Object, Seen> seen = new ConcurrentHashMap<>();
    private final BundleContext context;
    private final LongSupplier clock;
    private volatile BiConsumer<String, Map<String, Object>> sink;
    private volatile ServiceReference<?> bound;

    @Activate
    public ComponentEvents(BundleContext context) {
        this(context, null, System::currentTimeMillis);
    }

    /** Posts nothing (a runtime wired by hand, without EventAdmin). */
    public ComponentEvents() {
        this(null, null, System::currentTimeMillis);
    }

    /** Posts to {@code sink}, with the time of {@code clock} (epoch ms). */
    public ComponentEvents(BiConsumer<String, Map<String, Object>> sink, LongSupplier clock) {
        this(null, sink, clock);
    }

    private ComponentEvents(BundleContext context, BiConsumer<String, Map<String, Object>> sink, LongSupplier clock) {
        this.context = context;
        this.sink = sink;
        this.clock = clock;
    }

    /**
     * An EventAdmin appeared. Its API is used only when the runtime is wired to its package: an
     * EventAdmin installed after the runtime resolved is used once the runtime is refreshed.
     */
    @Reference(service = org.osgi.service.event.EventAdmin.class, cardinality = ReferenceCardinality.OPTIONAL,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void bindEventAdmin(ServiceReference<?> ref) {
        if (!wired()) {
            LOG.log(Level.WARNING, "an EventAdmin is present but the runtime is not wired to " + EVENT_PACKAGE
                    + " (refresh the runtime bundle): no component events are posted");
            return;
        }
        Object service = context.getService(ref);
        if (service != null) {
            sink = EventAdminPoster.of(service);
            bound = ref;
        }
    }

    void unbindEventAdmin(ServiceReference<?> ref) {
        if (ref.equals(bound)) {
            sink = null;
            bound = null;
        }
        context.ungetService(ref);
    }

    private boolean wired() {
        return OptionalPackages.wired(context, EVENT_PACKAGE);
    }

    /** A live component changed: READY, FAILED, RESTARTED or UNHEALTHY when that is what changed. */
    @Override
    public void accept(ComponentActor actor) {
        changed(actor, actor::metadata);
    }

    /** {@code actor} is deployed: DEPLOYED, then READY (or FAILED) when it is that already. */
    public void deployed(ComponentActor actor) {
        deployed(actor, actor::metadata);
    }

    /** {@code actor} took an update from version {@code from}: SWAPPED. */
    public void swapped(ComponentActor actor, String from) {
        under(actor, actor::metadata, m -> {
            Map<String, Object> p = properties(m, "updated " + from + " -> " + m.bundleVersion());
            p.put("previous.version", from);
            post(Type.SWAPPED, p);
        });
    }

    /** An update of {@code actor} to {@code version} was refused, for {@code why}: UPDATE_REFUSED. */
    public void updateRefused(ComponentActor actor, String version, String why) {
        under(actor, actor::metadata, m -> {
            Map<String, Object> p = properties(m, why);
            p.put("update.version", version);
            post(Type.UPDATE_REFUSED, p);
        });
    }

    /** {@code actor} stopped for good: UNDEPLOYED. */
    public void undeployed(ComponentActor actor) {
        seen.remove(actor);
        if (sink != null) {
            ComponentMetadata m = actor.metadata();
            post(Type.UNDEPLOYED, properties(m, m.reason().orElse(null)));
        }
    }

    /** {@code actor} went to the next runtime, which tells of it from now on: nothing is posted. */
    public void forget(ComponentActor actor) {
        seen.remove(actor);
    }

    /** {@link #deployed(ComponentActor)} of the component {@code key}, as {@code now} shows it. */
    void deployed(Object key, Supplier<ComponentMetadata> now) {
        Seen s = new Seen();
        synchronized (s) {
            seen.put(key, s);
            ComponentMetadata m = now.get();
            s.restarts = m.restartCount();
            post(Type.DEPLOYED, properties(m, m.reason().orElse(null)));
            compare(s, m);
        }
    }

    /** {@link #accept} of the component {@code key}, as {@code now} shows it; nothing before it is deployed. */
    void changed(Object key, Supplier<ComponentMetadata> now) {
        under(key, now, m -> compare(seen.get(key), m));
    }

    /**
     * Runs {@code task} with the component's metadata, read and told under its lock, so the events
     * of one component are posted in the order of its changes.
     */
    private void under(Object key, Supplier<ComponentMetadata> now, Consumer<ComponentMetadata> task) {
        Seen s = seen.get(key);
        if (s == null) {
            return; // not deployed yet (its deploy tells of it) or already gone
        }
        synchronized (s) {
            if (seen.get(key) == s) {
                task.accept(now.get());
            }
        }
    }

    /** Posts what changed since {@code s}, and remembers {@code m} in it. */
    private void compare(Seen s, ComponentMetadata m) {
        ComponentState was = s.state;
        s.state = m.state();
        if (m.restartCount() > s.restarts) {
            s.restarts = m.restartCount();
            post(Type.RESTARTED, restarted(m));
        }
        if (m.state() != was && m.state() == ComponentState.READY) {
            post(Type.READY, properties(m, m.reason().orElse(null)));
        } else if (m.state() != was && m.state() == ComponentState.FAILED) {
            post(Type.FAILED, properties(m, m.reason().orElse(null)));
        }
        boolean unhealthy = m.state() == ComponentState.READY && m.health() instanceof HealthStatus.Unhealthy;
        if (unhealthy && !s.unhealthy) {
            Map<String, Object> p = properties(m, m.health().detail());
            p.put("health.reason", m.health().detail());
            post(Type.UNHEALTHY, p);
        }
        s.unhealthy = unhealthy;
    }

    private Map<String, Object> restarted(ComponentMetadata m) {
        List<RestartRecord> log = m.restarts();
        RestartRecord last = log.isEmpty() ? null : log.get(log.size() - 1);
        Map<String, Object> p = properties(m, last == null ? null : last.detail());
        p.put("restart.count", m.restartCount());
        if (last != null) {
            p.put("restart.reason", last.reason().name());
            p.put("restart.detail", last.detail());
        }
        return p;
    }

    /** The properties every event has; {@code reason} only when there is one. */
    private Map<String, Object> properties(ComponentMetadata m, String reason) {
        Map<String, Object> p = new HashMap<>();
        p.put("component.id", m.id().value());
        p.put("component.version", m.bundleVersion());
        p.put("component.state", m.state().name());
        p.put("bundle.id", m.bundleId());
        if (m.bundleSymbolicName() != null) {
            p.put("bundle.symbolicName", m.bundleSymbolicName());
        }
        try {
            p.put("bundle.version", Version.parseVersion(m.bundleVersion()));
        } catch (IllegalArgumentException e) {
            // not an OSGi version (a component not from a bundle): component.version says it
        }
        if (reason != null && !reason.isEmpty()) {
            p.put("reason", reason);
        }
        p.put("timestamp", clock.getAsLong());
        return p;
    }

    private void post(Type type, Map<String, Object> properties) {
        BiConsumer<String, Map<String, Object>> to = sink;
        if (to == null) {
            return;
        }
        try {
            to.accept(type.topic(), properties);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "EventAdmin did not take the event " + type.topic() + " of component "
                    + properties.get("component.id"), e);
        }
    }
}
