package dev.wharf.runtime.internal.service;

import dev.wharf.api.ComponentState;
import dev.wharf.api.ExportSignature;
import dev.wharf.runtime.internal.dispatch.HttpRouter;
import dev.wharf.runtime.internal.dispatch.MessageRouter;
import dev.wharf.runtime.internal.header.HttpAttributes;
import dev.wharf.api.WasmComponent;
import dev.wharf.runtime.internal.actor.ActorSystem;
import dev.wharf.runtime.internal.actor.ComponentActor;
import dev.wharf.runtime.internal.actor.Watchdog;
import dev.wharf.runtime.internal.health.HealthChecks;
import java.lang.System.Logger.Level;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

/**
 * Publishes the components outward. Every deployed component has an MBean
 * ({@code dev.wharf:type=Component,name=<id>}), and every ready one is a {@link WasmComponent}
 * service; the service keeps the
 * registration while it lives: a restart or a swap changes at most its properties (an update's
 * version and exports), so a DS {@code @Reference} to it is never dropped and rebound for them.
 * It goes when the component stops, fails or is undeployed. The registrations are made by a
 * thread of their own ({@code wharf-component-services}), never by a dispatcher thread: service
 * events run other bundles' code, which must not run inside an actor's turn.
 */
@Component(service = ComponentServices.class)
public final class ComponentServices implements Consumer<ComponentActor> {

    private static final System.Logger LOG = System.getLogger("dev.wharf.runtime");

    private final BundleContext context;
    private final ActorSystem system;
    private final MessageRouter dispatcher;
    private final HttpRouter http;
    private final Set<ComponentActor> dirty = ConcurrentHashMap.newKeySet();
    private final Semaphore signal = new Semaphore(0);
    // touched by the worker thread only
    private final Map<ComponentActor, ServiceRegistration<WasmComponent>> registered = new HashMap<>();
    private final Map<ComponentActor, Dictionary<String, Object>> properties = new HashMap<>();
    private final Thread worker;
    private volatile boolean running = true;

    private final ComponentMBeans mbeans;

    @Activate
    public ComponentServices(BundleContext context, @Reference ActorSystem system, @Reference MessageRouter dispatcher,
            @Reference Watchdog watchdog, @Reference HttpRouter http) {
        this.context = context;
        this.system = system;
        this.dispatcher = dispatcher;
        this.http = http;
        this.mbeans = new ComponentMBeans(new HealthChecks(watchdog));
        this.worker = new Thread(this::work, "wharf-component-services");
        worker.setDaemon(true);
        worker.start();
    }

    @Deactivate
    void deactivate() {
        running = false;
        signal.release();
        try {
            worker.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A change of {@code actor}: its registration follows, soon, on the worker thread. */
    @Override
    public void accept(ComponentActor actor) {
        if (dirty.add(actor)) {
            signal.release();
        }
    }

    private void work() {
        while (running) {
            try {
                signal.tryAcquire(1, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                break;
            }
            signal.drainPermits();
            for (Iterator<ComponentActor> it = dirty.iterator(); it.hasNext();) {
                ComponentActor a = it.next();
                it.remove();
                try {
                    sync(a);
                } catch (RuntimeException e) {
                    LOG.log(Level.ERROR, "cannot update the service of component " + a.id(), e);
                }
            }
        }
        registered.values().forEach(ComponentServices::unregister);
        registered.clear();
        properties.clear();
        mbeans.clear();
    }

    private void sync(ComponentActor a) {
        ServiceRegistration<WasmComponent> r = registered.get(a);
        ComponentState s = a.state();
        // in JMX while deployed, failed included: that is when an operator looks
        mbeans.sync(a, system.isCurrent(a) && s != ComponentState.STOPPED);
        // once ready, a restart (STARTING) keeps the registration; a stop or a failure ends it
        boolean wanted = system.isCurrent(a) && (s == ComponentState.READY || (r != null && s == ComponentState.STARTING));
        if (!wanted) {
            if (r != null) {
                registered.remove(a);
                properties.remove(a);
                unregister(r);
            }
            return;
        }
        Dictionary<String, Object> props = properties(a);
        if (r == null) {
            registered.put(a, context.registerService(WasmComponent.class, new BoundComponent(a, dispatcher, http), props));
            properties.put(a, props);
        } else if (!props.equals(properties.get(a))) {
            r.setProperties(props);
            properties.put(a, props);
        }
    }

    private static Dictionary<String, Object> properties(ComponentActor a) {
        Hashtable<String, Object> p = new Hashtable<>();
        p.put(WasmComponent.ID, a.id().value());
        p.put(WasmComponent.VERSION, a.origin().version());
        p.put(WasmComponent.EXPORTS, a.module().exportList().stream().map(ExportSignature::name).toArray(String[]::new));
        p.put(WasmComponent.CAPABILITIES, a.spec().capabilities().toArray(String[]::new));
        // served over HTTP only when it can answer and names where
        HttpAttributes.path(a.spec()).filter(path -> a.module().servesHttp()).ifPresent(path -> p.put(WasmComponent.HTTP_PATH, path));
        return new PropertiesView(p);
    }

    private static void unregister(ServiceRegistration<?> r) {
        try {
            r.unregister();
        } catch (IllegalStateException e) {
            // already gone with the bundle
        }
    }

    /** Properties compared by content (arrays included), so an unchanged set causes no service event. */
    private static final class PropertiesView extends Hashtable<String, Object> {
        private static final long serialVersionUID = 1L;

        PropertiesView(Map<String, Object> m) {
            super(m);
        }

        @Override
        public synchronized boolean equals(Object o) {
            if (!(o instanceof Map<?, ?> other) || other.size() != size()) {
                return false;
            }
            for (Map.Entry<String, Object> e : entrySet()) {
                Object v = other.get(e.getKey());
                if (!java.util.Objects.deepEquals(e.getValue(), v)) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public synchronized int hashCode() {
            return size();
        }
    }
}
