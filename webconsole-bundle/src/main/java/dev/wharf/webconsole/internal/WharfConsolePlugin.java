package dev.wharf.webconsole.internal;

import dev.wharf.api.ComponentId;
import dev.wharf.api.UnknownComponentException;
import dev.wharf.api.runtime.ComponentInfo;
import dev.wharf.api.runtime.ComponentRuntime;
import dev.wharf.api.runtime.HealthReport;
import dev.wharf.spi.capability.Capability;
import dev.wharf.spi.lattice.LatticeLink;
import dev.wharf.spi.security.AuditLog;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * The Wharf page of the Felix Web Console ({@code /system/console/wharf}): a plain servlet
 * registered with {@code felix.webconsole.label}, which the Web Console (4.x, 5.x) wraps in its
 * header and menu and protects with its own authentication. GET renders the overview or a
 * component's page ({@code /wharf/<id>}, with what it holds of each capability it declares, asked of
 * the {@code Capability} services); POST to a component's page restarts it or checks its
 * health, guarded by {@link CsrfGuard}, and redirects back to the page (303).
 */
@Component(service = Servlet.class, property = {
        "felix.webconsole.label=" + WharfConsolePlugin.LABEL,
        "felix.webconsole.title=Wharf",
        "felix.webconsole.category=Wharf"})
public final class WharfConsolePlugin extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final System.Logger LOG = System.getLogger("dev.wharf.webconsole");
    static final String LABEL = "wharf";
    /** How many dead letters and audit records the pages read. */
    static final int NEWEST = 200;
    private static final long CHECK_SECONDS = 10;

    private final transient ComponentRuntime runtime;
    private final transient CsrfGuard guard = new CsrfGuard();
    private final transient CapabilityUsages capabilities = new CapabilityUsages(LOG);

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private transient volatile AuditLog audit;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private transient volatile LatticeLink lattice;

    @Activate
    public WharfConsolePlugin(@Reference ComponentRuntime runtime) {
        this.runtime = runtime;
    }

    /** A capability provider, asked for a component's usage on its page. */
    @Reference(service = Capability.class, cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindCapability(Capability capability, Map<String, Object> properties) {
        capabilities.add(capability, properties);
    }

    void unbindCapability(Capability capability, Map<String, Object> properties) {
        capabilities.remove(properties);
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        Links links = new Links(root(req), guard.token(user(req)));
        String id = Links.componentOf(rest(req));
        String notice = req.getParameter("done");
        String body;
        if (id == null) {
            Filter filter = new Filter(req.getParameter("filter"), "true".equals(req.getParameter("denied")));
            body = OverviewPage.render(snapshot(), links, filter, notice);
        } else {
            Optional<ComponentInfo> c = ComponentId.isValid(id) ? runtime.component(ComponentId.of(id)) : Optional.empty();
            if (c.isEmpty()) {
                resp.sendError(HttpServletResponse.SC_NOT_FOUND, "no component " + id);
                return;
            }
            ComponentId cid = c.get().id();
            body = ComponentPage.render(c.get(), runtime.stats(cid), runtime.history(cid), runtime.deadLetters(NEWEST),
                    capabilities.report(cid, c.get().metadata().spec().capabilities()), links, notice);
        }
        if (resp.getContentType() == null) {
            resp.setContentType("text/html; charset=UTF-8"); // not wrapped by the console: a complete answer
        }
        resp.setHeader("Cache-Control", "no-store");
        resp.getWriter().write(body);
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String refusal = guard.refusal(user(req), req.getParameter(CsrfGuard.FIELD), req.getHeader("Host"),
                req.getHeader("Origin"), req.getHeader("Referer"));
        if (refusal != null) {
            LOG.log(System.Logger.Level.WARNING, "Wharf console: refused a POST from " + req.getRemoteAddr() + ": " + refusal);
            resp.sendError(HttpServletResponse.SC_FORBIDDEN, "refused: " + refusal);
            return;
        }
        String id = Links.componentOf(rest(req));
        String action = req.getParameter("action");
        if (id == null || !ComponentId.isValid(id) || !("restart".equals(action) || "check".equals(action))) {
            resp.sendError(HttpServletResponse.SC_BAD_REQUEST, "expected action=restart or action=check on a component");
            return;
        }
        ComponentId cid = ComponentId.of(id);
        String done = "restart".equals(action) ? restart(cid, user(req)) : check(cid);
        resp.setStatus(HttpServletResponse.SC_SEE_OTHER);
        resp.setHeader("Location", new Links(root(req), "").component(cid) + "?done=" + done);
    }

    private String restart(ComponentId id, String user) {
        try {
            runtime.restart(id);
            LOG.log(System.Logger.Level.INFO, "Wharf console: " + (user == null ? "a user" : user) + " restarted " + id);
            return "restarted";
        } catch (UnknownComponentException e) {
            return "unknown";
        }
    }

    private String check(ComponentId id) {
        try {
            HealthReport report = runtime.checkHealth(id).toCompletableFuture().get(CHECK_SECONDS, TimeUnit.SECONDS);
            return report.status().label();
        } catch (ExecutionException e) {
            return e.getCause() instanceof UnknownComponentException ? "unknown" : "check-failed";
        } catch (TimeoutException e) {
            return "check-failed";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "check-failed";
        }
    }

    Snapshot snapshot() {
        AuditLog a = audit;
        LatticeLink l = lattice;
        return new Snapshot(runtime.components(), runtime.stats(), runtime.deadLetters(NEWEST),
                runtime.deadLetterCount(), runtime.problems(),
                a == null ? Optional.empty() : Optional.of(a.newest(NEWEST)),
                l == null ? Optional.empty() : Optional.of(l.view()));
    }

    /** The plugin's address, as the Web Console names it, else the request's own. */
    static String root(HttpServletRequest req) {
        Object root = req.getAttribute("felix.webconsole.pluginRoot");
        if (root instanceof String s && !s.isEmpty()) {
            return s;
        }
        return req.getContextPath() + req.getServletPath() + "/" + LABEL;
    }

    /** The path below the plugin's label: {@code /counter} of {@code /wharf/counter}. */
    static String rest(HttpServletRequest req) {
        String path = req.getPathInfo();
        if (path == null) {
            return null;
        }
        String prefix = "/" + LABEL;
        if (path.equals(prefix)) {
            return null;
        }
        return path.startsWith(prefix + "/") ? path.substring(prefix.length()) : path;
    }

    private static String user(HttpServletRequest req) {
        String user = req.getRemoteUser();
        if (user == null && req.getAttribute("org.osgi.service.http.authentication.remote.user") instanceof String s) {
            return s;
        }
        return user;
    }
}
