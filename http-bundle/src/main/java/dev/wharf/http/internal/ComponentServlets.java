package dev.wharf.http.internal;

import dev.wharf.api.WasmComponent;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.Map;
import javax.servlet.Servlet;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.http.whiteboard.HttpWhiteboardConstants;
import org.osgi.service.http.whiteboard.annotations.RequireHttpWhiteboard;

/**
 * Serves every component that answers HTTP: for each {@link WasmComponent} service with the
 * property {@link WasmComponent#HTTP_PATH}, a servlet registered with the OSGi HTTP Whiteboard
 * under that path and below it. The servlet goes when the component's service goes (it stopped,
 * failed or was undeployed) and moves when its path changes; an update of the component keeps
 * it, since the service stays.
 */
@RequireHttpWhiteboard
@Component(service = {}, immediate = true)
public final class ComponentServlets {

    /** What is registered for one component. */
    private record Served(String path, ServiceRegistration<Servlet> registration) {}

    private final BundleContext context;
    // guarded by this
    private final Map<ServiceReference<WasmComponent>, Served> served = new HashMap<>();

    @Activate
    public ComponentServlets(BundleContext context) {
        this.context = context;
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            target = "(" + WasmComponent.HTTP_PATH + "=*)")
    synchronized void bindComponent(ServiceReference<WasmComponent> ref, WasmComponent component) {
        String path = pathOf(ref);
        served.put(ref, new Served(path, context.registerService(Servlet.class,
                new ComponentServlet(component, path), properties(component, path))));
    }

    synchronized void updatedComponent(ServiceReference<WasmComponent> ref, WasmComponent component) {
        Served s = served.get(ref);
        if (s == null || !s.path().equals(pathOf(ref))) {
            unbindComponent(ref);
            bindComponent(ref, component);
        }
    }

    synchronized void unbindComponent(ServiceReference<WasmComponent> ref) {
        Served s = served.remove(ref);
        if (s != null) {
            unregister(s.registration());
        }
    }

    @Deactivate
    synchronized void deactivate() {
        served.values().forEach(s -> unregister(s.registration()));
        served.clear();
    }

    private static String pathOf(ServiceReference<WasmComponent> ref) {
        return String.valueOf(ref.getProperty(WasmComponent.HTTP_PATH));
    }

    private static Hashtable<String, Object> properties(WasmComponent component, String path) {
        Hashtable<String, Object> p = new Hashtable<>();
        p.put(HttpWhiteboardConstants.HTTP_WHITEBOARD_SERVLET_PATTERN, new String[] {path, path + "/*"});
        p.put(HttpWhiteboardConstants.HTTP_WHITEBOARD_SERVLET_NAME, "wharf:" + component.id());
        // the servlet waits for the component's turn without holding a thread of the server
        p.put(HttpWhiteboardConstants.HTTP_WHITEBOARD_SERVLET_ASYNC_SUPPORTED, Boolean.TRUE);
        p.put(WasmComponent.ID, component.id().value());
        return p;
    }

    private static void unregister(ServiceRegistration<?> r) {
        try {
            r.unregister();
        } catch (IllegalStateException e) {
            // already gone with this bundle
        }
    }
}
