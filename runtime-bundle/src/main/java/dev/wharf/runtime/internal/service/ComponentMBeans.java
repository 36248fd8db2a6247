package dev.wharf.runtime.internal.service;

import dev.wharf.api.HealthStatus;
import dev.wharf.api.RestartRecord;
import dev.wharf.api.runtime.ComponentStats;
import dev.wharf.api.runtime.InstanceStats;
import dev.wharf.runtime.internal.actor.ComponentActor;
import dev.wharf.runtime.internal.health.HealthChecks;
import java.lang.System.Logger.Level;
import java.lang.management.ManagementFactory;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.StandardMBean;

/**
 * The MBeans of the components, {@code dev.wharf:type=Component,name=<id>}, in the platform
 * MBeanServer: registered while the component is deployed (failed ones too: that is when an
 * operator looks), gone when it stops. Used by one thread, the one that publishes components.
 */
final class ComponentMBeans {

    private static final System.Logger LOG = System.getLogger("dev.wharf.runtime");
    static final String DOMAIN = "dev.wharf";

    private final MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    private final HealthChecks checks;
    private final Map<ComponentActor, ObjectName> registered = new HashMap<>();

    ComponentMBeans(HealthChecks checks) {
        this.checks = checks;
    }

    static ObjectName name(String id) throws JMException {
        return new ObjectName(DOMAIN + ":type=Component,name=" + ObjectName.quote(id));
    }

    void sync(ComponentActor a, boolean wanted) {
        ObjectName n = registered.get(a);
        if (wanted && n == null) {
            try {
                ObjectName name = name(a.id().value());
                if (server.isRegistered(name)) {
                    server.unregisterMBean(name); // left by a component of the same id before
                }
                server.registerMBean(new StandardMBean(new Bean(a, checks), ComponentMXBean.class, true), name);
                registered.put(a, name);
            } catch (JMException | RuntimeException e) {
                LOG.log(Level.WARNING, "cannot register the MBean of component " + a.id() + ": " + e, e);
            }
        } else if (!wanted && n != null) {
            registered.remove(a);
            unregister(n);
        }
    }

    void clear() {
        registered.values().forEach(this::unregister);
        registered.clear();
    }

    private void unregister(ObjectName n) {
        try {
            server.unregisterMBean(n);
        } catch (JMException | RuntimeException e) {
            // already gone
        }
    }

    /** One instance as {@link ComponentMXBean#getInstanceDetails()} shows it. */
    static String details(InstanceStats i, int mailbox) {
        return "#" + i.number() + " " + i.state() + " " + (i.busy() ? "busy" : "idle") + " mailbox=" + i.mailboxDepth()
                + "/" + mailbox + " in=" + i.messagesIn() + " out=" + i.messagesOut() + " failed=" + i.messagesFailed()
                + " restarts=" + i.restarts() + " p50=" + micros(i.latencyP50Nanos()) + " p99="
                + micros(i.latencyP99Nanos());
    }

    private static String micros(long nanos) {
        return nanos == 0 ? "-" : String.format(Locale.ROOT, "%.1fus", nanos / 1000.0);
    }

    /** Reads the live actor on every call: the MBean shows the component as it is now. */
    private static final class Bean implements ComponentMXBean {
        private final ComponentActor a;
        private final HealthChecks checks;

        Bean(ComponentActor a, HealthChecks checks) {
            this.a = a;
            this.checks = checks;
        }

        private ComponentStats stats() {
            return a.stats();
        }

        @Override public String getId() { return a.id().value(); }
        @Override public String getState() { return a.state().name(); }
        @Override public String getHealth() { return label(a.health()); }
        @Override public String getVersion() { return a.origin().version(); }
        @Override public String getBundleSymbolicName() { return a.origin().symbolicName(); }
        @Override public int getMailboxDepth() { return a.mailboxDepth(); }
        @Override public int getMailboxCapacity() { return a.spec().limits().mailbox(); }
        @Override public long getMessagesIn() { return stats().messagesIn(); }
        @Override public long getMessagesOut() { return stats().messagesOut(); }
        @Override public long getMessagesRefused() { return stats().refused(); }
        @Override public long getMessagesFailed() { return stats().messagesFailed(); }
        @Override public double getLatencyP50Micros() { return stats().latencyP50Nanos() / 1000.0; }
        @Override public double getLatencyP99Micros() { return stats().latencyP99Nanos() / 1000.0; }
        @Override public int getRestarts() { return a.restartCount(); }
        @Override public int getInstances() { return a.instances().size(); }
        @Override public int getMaxInstances() { return a.spec().limits().instances(); }

        @Override
        public String[] getInstanceDetails() {
            int mailbox = a.spec().limits().mailbox();
            return a.instances().stream().map(i -> details(i, mailbox)).toArray(String[]::new);
        }

        @Override
        public void restart() {
            a.requestRestart(RestartRecord.Reason.OPERATOR, "restart asked by an operator (JMX)");
        }

        @Override
        public String checkHealth() {
            long timeout = Math.max(a.spec().limits().timeoutMs(), 1000) + 1000;
            try {
                return label(checks.check(a, HealthChecks.NOT_COUNTED, timeout).toCompletableFuture()
                        .get(timeout + 1000, TimeUnit.MILLISECONDS));
            } catch (Exception e) {
                return "unhealthy: " + e;
            }
        }

        private static String label(HealthStatus h) {
            return h.detail().isEmpty() ? h.label() : h.label() + ": " + h.detail();
        }
    }
}
