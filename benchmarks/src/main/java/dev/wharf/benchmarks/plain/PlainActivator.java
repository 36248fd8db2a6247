package dev.wharf.benchmarks.plain;

import java.util.Hashtable;
import javax.servlet.Servlet;
import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;

/** Registers the {@link PlainServlet} with the HTTP Whiteboard under {@code /plain}, as the http-bundle registers a component's. */
public final class PlainActivator implements BundleActivator {

    @Override
    public void start(BundleContext context) {
        Hashtable<String, Object> p = new Hashtable<>();
        p.put("osgi.http.whiteboard.servlet.pattern", new String[] {"/plain", "/plain/*"});
        p.put("osgi.http.whiteboard.servlet.name", "plain");
        p.put("osgi.http.whiteboard.servlet.asyncSupported", Boolean.TRUE);
        context.registerService(Servlet.class, new PlainServlet(), p);
    }

    @Override
    public void stop(BundleContext context) {
        // the registration goes with the bundle
    }
}
