package dev.wharf.itest;

import static dev.wharf.itest.WharfTestSupport.invoke;
import static dev.wharf.itest.WharfTestSupport.invokeFails;
import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.api.ComponentId;
import dev.wharf.api.MessageDispatcher;
import dev.wharf.api.UnknownComponentException;
import dev.wharf.api.runtime.ComponentRuntime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.wiring.BundleWiring;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.junit5.context.BundleContextExtension;
import org.osgi.test.junit5.service.ServiceExtension;

/** Which bundles the runtime extends: those wired to it, and those that declare no requirement. */
@ExtendWith(BundleContextExtension.class)
@ExtendWith(ServiceExtension.class)
class ExtenderIT {

    @InjectBundleContext
    BundleContext context;

    @InjectService(timeout = 10_000)
    MessageDispatcher dispatcher;

    @InjectService(timeout = 10_000)
    ComponentRuntime runtime;

    final List<Bundle> installed = new ArrayList<>();

    @AfterEach
    void tearDown() throws Exception {
        for (Bundle b : installed) {
            b.uninstall();
        }
    }

    Bundle start(String bsn, Map<String, String> headers, Map<String, byte[]> entries) throws Exception {
        Bundle b = context.installBundle("wharf-itest:" + bsn, ComponentBundles.stream(ComponentBundles.jar(bsn, "1.0.0", headers, entries)));
        installed.add(b);
        b.start();
        return b;
    }

    @Test
    void aBundleWithoutTheRequirementIsStillExtended() throws Exception {
        start("test.norequirement", Map.of("Wasm-Component", "calc.wasm;id=plain"), Map.of("calc.wasm", ComponentBundles.guest("calc")));
        assertThat(invoke(dispatcher, "plain", "add", Args.json("[1, 2]")).values()).containsExactly(3);
    }

    @Test
    void aBundleWiredToThisRuntimeIsExtended() throws Exception {
        Bundle b = start("test.wired", Map.of("Wasm-Component", "calc.wasm;id=wired", "Require-Capability",
                ComponentBundles.REQUIREMENT), Map.of("calc.wasm", ComponentBundles.guest("calc")));
        Bundle runtimeBundle = WharfTestSupport.bundle(context, "dev.wharf.runtime");
        assertThat(b.adapt(BundleWiring.class).getRequiredWires("osgi.extender"))
                .singleElement().extracting(w -> w.getProvider().getBundle()).isEqualTo(runtimeBundle);
        assertThat(invoke(dispatcher, "wired", "add", Args.json("[2, 2]")).values()).containsExactly(4);
    }

    @Test
    void aBundleWiredToAnotherExtenderIsLeftToIt() throws Exception {
        // another extender of the same name, in a version only it provides
        Bundle other = start("test.other.extender", Map.of("Provide-Capability",
                "osgi.extender;osgi.extender=dev.wharf.component;version:Version=1.9"), Map.of());
        Bundle b = start("test.elsewhere", Map.of("Wasm-Component", "calc.wasm;id=elsewhere", "Require-Capability",
                "osgi.extender;filter:=\"(&(osgi.extender=dev.wharf.component)(version>=1.9)(!(version>=2.0)))\""),
                Map.of("calc.wasm", ComponentBundles.guest("calc")));
        assertThat(b.getState()).isEqualTo(Bundle.ACTIVE);
        assertThat(b.adapt(BundleWiring.class).getRequiredWires("osgi.extender"))
                .singleElement().extracting(w -> w.getProvider().getBundle()).isEqualTo(other);
        assertThat(invokeFails(dispatcher, "elsewhere", "add", Args.json("[1, 1]"))).isInstanceOf(UnknownComponentException.class);
        assertThat(runtime.component(ComponentId.of("elsewhere"))).isEmpty();
        assertThat(runtime.problems()).noneMatch(p -> p.bundleId() == b.getBundleId());
    }
}
