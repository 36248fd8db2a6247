package dev.wharf.http.internal;

import dev.wharf.api.runtime.ComponentRuntime;
import dev.wharf.internal.config.ConfigCheck;
import java.util.Hashtable;
import javax.servlet.Servlet;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.http.whiteboard.HttpWhiteboardConstants;
import org.osgi.service.metatype.annotations.Designate;

/**
 * Serves Wharf's metrics in the Prometheus text format ({@link MetricsServlet}) under
 * {@code path} of PID {@code dev.wharf.metrics} ({@code /metrics} by default) while
 * {@code enabled}, as a servlet of the HTTP Whiteboard: served whenever the HTTP service is on.
 * A change of the configuration moves or removes the servlet at once; a bad value is logged and
 * the configuration before it stays.
 */
@Component(service = {}, immediate = true, configurationPid = MetricsConfig.PID)
@Designate(ocd = MetricsConfig.class)
public final class MetricsEndpoint {

    private static final System.Logger LOG = System.getLogger("dev.wharf.http");

    /** The checked configuration. */
    record Settings(boolean enabled, String path) {
        /** @throws IllegalArgumentException naming the property that is wrong */
        static Settings of(MetricsConfig c) {
            String path = c.path() == null ? "" : c.path().trim();
            if (!validPath(path)) {
                throw new ConfigCheck(MetricsConfig.PID).bad("path", c.path(),
                        "a path that starts with /, without *, empty, . or .. segments and without a trailing /");
            }
            return new Settings(c.enabled(), path);
        }

        static boolean validPath(String path) {
            if (path.length() < 2 || path.charAt(0) != '/' || path.endsWith("/") || path.indexOf('*') >= 0) {
                return false;
            }
            for (String segment : path.substring(1).split("/", -1)) {
                if (segment.isEmpty() || segment.equals(".") || segment.equals("..")
                        || !segment.chars().allMatch(ch -> ch > ' ' && ch < 127)) {
                    return false;
                }
            }
            return true;
        }
    }

    private final BundleContext context;
    private final MetricsServlet servlet;
    // guarded by this
    private Settings settings;
    private ServiceRegistration<Servlet> registration;

    @Activate
    public MetricsEndpoint(BundleContext context, @Reference ComponentRuntime runtime, MetricsConfig config) {
        this.context = context;
        this.servlet = new MetricsServlet(runtime);
        configure(config);
    }

    @Modified
    synchronized void configure(MetricsConfig config) {
        Settings before = settings;
        Settings now = ConfigCheck.apply(() -> Settings.of(config), before != null ? before
                : Settings.of(ConfigCheck.defaults(MetricsConfig.class)), before == null, LOG);
        if (now.equals(before)) {
            return;
        }
        settings = now;
        unregister();
        if (now.enabled()) {
            Hashtable<String, Object> p = new Hashtable<>();
            p.put(HttpWhiteboardConstants.HTTP_WHITEBOARD_SERVLET_PATTERN, now.path());
            p.put(HttpWhiteboardConstants.HTTP_WHITEBOARD_SERVLET_NAME, "wharf-metrics");
            registration = context.registerService(Servlet.class, servlet, p);
        }
    }

    @Deactivate
    synchronized void deactivate() {
        unregister();
    }

    private void unregister() {
        if (registration != null) {
            try {
                registration.unregister();
            } catch (IllegalStateException e) {
                // already gone with this bundle
            }
            registration = null;
        }
    }
}
