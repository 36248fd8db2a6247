package dev.wharf.runtime.internal.management;

import dev.wharf.runtime.internal.actor.ActorSystem;
import dev.wharf.runtime.internal.actor.ComponentActor;
import dev.wharf.runtime.internal.actor.JavaActor;
import dev.wharf.runtime.internal.deploy.Deployer;
import dev.wharf.runtime.internal.engine.WasmEngine;
import java.lang.System.Logger.Level;
import java.lang.management.ManagementFactory;
import java.util.stream.Stream;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.StandardMBean;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

/**
 * The runtime in the platform MBeanServer, {@code dev.wharf:type=Runtime}, while the runtime
 * runs; {@code jconsole} shows it beside the components' MBeans.
 */
@Component(service = {}, immediate = true)
public final class RuntimeMBean implements WharfRuntimeMXBean {

    private static final System.Logger LOG = System.getLogger("dev.wharf.runtime");
    static final String NAME = "dev.wharf:type=Runtime";

    private final ActorSystem system;
    private final WasmEngine engine;
    private final Deployer deployer;
    private final String version;
    private final MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    private ObjectName name;

    @Activate
    public RuntimeMBean(BundleContext context, @Reference ActorSystem system, @Reference WasmEngine engine,
            @Reference Deployer deployer) {
        this.system = system;
        this.engine = engine;
        this.deployer = deployer;
        this.version = context.getBundle().getVersion().toString();
        try {
            ObjectName n = new ObjectName(NAME);
            if (server.isRegistered(n)) {
                server.unregisterMBean(n); // left by a runtime that did not stop cleanly
            }
            server.registerMBean(new StandardMBean(this, WharfRuntimeMXBean.class, true), n);
            name = n;
        } catch (JMException | RuntimeException e) {
            LOG.log(Level.WARNING, "cannot register the runtime's MBean " + NAME + ": " + e, e);
        }
        LOG.log(Level.INFO, "Wharf runtime " + version + " (bundle " + context.getBundle().getBundleId()
                + ") serves components; JMX: " + NAME);
    }

    @Deactivate
    void deactivate() {
        if (name != null) {
            try {
                server.unregisterMBean(name);
            } catch (JMException | RuntimeException e) {
                // already gone
            }
        }
    }

    @Override public String getVersion() { return version; }
    @Override public int getComponents() { return system.actors().size(); }
    @Override public int getJavaComponents() { return system.javaActors().size(); }

    @Override
    public String[] getComponentIds() {
        return Stream.concat(system.actors().stream().map(ComponentActor::id), system.javaActors().stream().map(JavaActor::id))
                .map(Object::toString).sorted().toArray(String[]::new);
    }

    @Override public int getDistinctModules() { return engine.distinctModules(); }
    @Override public int getPoolThreads() { return system.poolThreads(); }
    @Override public long getMemoryBudgetUsedBytes() { return engine.memoryBudget().usedBytes(); }
    @Override public long getMemoryBudgetLimitBytes() { return engine.memoryBudget().limitBytes(); }
    @Override public long getDeadLetters() { return system.deadLetters().total(); }
    @Override public int getDeploymentProblems() { return deployer.problems().all().size(); }
}
