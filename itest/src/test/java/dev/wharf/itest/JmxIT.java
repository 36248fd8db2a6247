package dev.wharf.itest;

import static dev.wharf.itest.WharfTestSupport.eventually;
import static dev.wharf.itest.WharfTestSupport.invoke;
import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import dev.wharf.api.MessageDispatcher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.junit5.context.BundleContextExtension;
import org.osgi.test.junit5.service.ServiceExtension;

/** What an operator's JMX console sees: the runtime and each component, read through the platform MBeanServer. */
@ExtendWith(BundleContextExtension.class)
@ExtendWith(ServiceExtension.class)
class JmxIT {

    @InjectBundleContext
    BundleContext context;

    @InjectService(timeout = 10_000)
    MessageDispatcher dispatcher;

    final MBeanServer server = ManagementFactory.getPlatformMBeanServer();

    ObjectName component(String id) throws Exception {
        return new ObjectName("dev.wharf:type=Component,name=" + ObjectName.quote(id));
    }

    Object attribute(ObjectName name, String attribute) {
        try {
            return server.getAttribute(name, attribute);
        } catch (Exception e) {
            throw new AssertionError(name + " " + attribute, e);
        }
    }

    @Test
    void eachComponentAndTheRuntimeAreMBeansThatComeAndGo() throws Exception {
        ObjectName runtime = new ObjectName("dev.wharf:type=Runtime");
        assertThat(server.isRegistered(runtime)).isTrue();
        assertThat((String) attribute(runtime, "Version")).matches("\\d+\\.\\d+\\.\\d+\\.\\d{12}");

        Bundle b = new ComponentBundles(context).start("calc.wasm;id=jmx.calc;timeout-ms=400", "calc");
        ObjectName calc = component("jmx.calc");
        eventually(() -> server.isRegistered(calc), "the component's MBean");
        assertThat(attribute(calc, "State")).isEqualTo("READY");
        assertThat(attribute(calc, "Version")).isEqualTo(b.getVersion().toString());
        assertThat((String[]) attribute(runtime, "ComponentIds")).contains("jmx.calc");
        assertThat((Integer) attribute(runtime, "DistinctModules")).isPositive();
        assertThat((Long) attribute(runtime, "MemoryBudgetLimitBytes")).isPositive();

        for (int i = 0; i < 3; i++) {
            invoke(dispatcher, "jmx.calc", "add", Args.json("[1, 2]"));
        }
        assertThat((Long) attribute(calc, "MessagesIn")).isGreaterThanOrEqualTo(3);
        assertThat((Double) attribute(calc, "LatencyP50Micros")).isPositive();
        assertThat(server.invoke(calc, "checkHealth", null, null)).isEqualTo("healthy");

        server.invoke(calc, "restart", null, null);
        eventually(() -> ((Integer) attribute(calc, "Restarts")) == 1 && "READY".equals(attribute(calc, "State")),
                "restarted through JMX");

        b.uninstall();
        eventually(() -> !server.isRegistered(calc), "the MBean gone with the component");
        assertThat((String[]) attribute(runtime, "ComponentIds")).doesNotContain("jmx.calc");
    }
}
