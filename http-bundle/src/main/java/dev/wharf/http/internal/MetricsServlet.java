package dev.wharf.http.internal;

import dev.wharf.api.runtime.ComponentRuntime;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

/**
 * Answers a scrape: one snapshot of the runtime's management API written in the Prometheus text
 * format ({@link WharfMetrics}). The memory of the guests is not in that API; it is read from
 * the runtime's MBean, {@code dev.wharf:type=Runtime} (attributes {@code MemoryBudgetUsedBytes},
 * {@code MemoryBudgetLimitBytes}), and left out while that MBean is not registered.
 */
final class MetricsServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    static final String RUNTIME_MBEAN = "dev.wharf:type=Runtime";

    private final transient ComponentRuntime runtime;
    private final transient MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    private final transient ObjectName mbean;
    /** The size of the last answer: the next one's buffer starts that large. */
    private volatile int lastSize = 4096;

    MetricsServlet(ComponentRuntime runtime) {
        this.runtime = runtime;
        try {
            this.mbean = new ObjectName(RUNTIME_MBEAN);
        } catch (JMException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        byte[] body = scrape();
        resp.setStatus(HttpServletResponse.SC_OK);
        resp.setContentType(MetricsWriter.CONTENT_TYPE);
        resp.setHeader("Cache-Control", "no-store");
        resp.setContentLength(body.length);
        resp.getOutputStream().write(body);
    }

    /** The metrics now, in the Prometheus text format. */
    byte[] scrape() {
        StringBuilder out = new StringBuilder(lastSize + 256);
        WharfMetrics.write(new WharfMetrics.Snapshot(runtime.components(), runtime.stats(), runtime.deadLetterCount(),
                runtime.problems().size(), attribute("MemoryBudgetUsedBytes"), attribute("MemoryBudgetLimitBytes")),
                new MetricsWriter(out));
        lastSize = out.length();
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private long attribute(String name) {
        try {
            return server.getAttribute(mbean, name) instanceof Number n ? n.longValue() : -1;
        } catch (JMException | RuntimeException e) {
            return -1; // the runtime's MBean is not there (yet, or no more)
        }
    }
}
