package dev.wharf.itest;

import static dev.wharf.itest.WharfTestSupport.eventually;
import static dev.wharf.itest.WharfTestSupport.wasmComponent;
import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.api.ComponentId;
import dev.wharf.api.ComponentState;
import dev.wharf.api.WitCase;
import dev.wharf.api.runtime.ComponentRuntime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.felix.service.command.CommandProcessor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.junit5.context.BundleContextExtension;
import org.osgi.test.junit5.service.ServiceExtension;

/**
 * A component importing wasi:keyvalue and wasi:config (wasi-kv, built from WAT by module
 * wasm-components) in Felix and Equinox: while the capabilities bundle is stopped it waits in
 * STARTING for capability kv, as a core module importing wharf:kv does; once the provider is
 * back it starts by itself and counts through the kv capability.
 */
@ExtendWith(BundleContextExtension.class)
@ExtendWith(ServiceExtension.class)
class WasiInterfacesIT {

    @InjectBundleContext
    BundleContext context;

    @InjectService(timeout = 10_000)
    ComponentRuntime runtime;

    @InjectService(timeout = 10_000)
    CommandProcessor processor;

    ComponentBundles bundles;
    final List<Bundle> installed = new ArrayList<>();

    @BeforeEach
    void setUp() {
        bundles = new ComponentBundles(context);
    }

    @AfterEach
    void tearDown() throws Exception {
        for (Bundle b : installed) {
            if (b.getState() != Bundle.UNINSTALLED) {
                b.uninstall();
            }
        }
    }

    ComponentState state(String id) {
        return runtime.component(ComponentId.of(id)).map(c -> c.metadata().state()).orElse(null);
    }

    @Test
    void aComponentImportingWasiKeyvalueWaitsForTheKvProviderThenCountsThroughIt() throws Exception {
        Bundle capabilities = WharfTestSupport.bundle(context, "dev.wharf.capabilities");
        capabilities.stop();
        try {
            installed.add(bundles.start("components/wasi-kv.wasm;id=wasi-wait;capabilities=\"kv,config\"",
                    "components/wasi-kv"));
            eventually(() -> state("wasi-wait") == ComponentState.STARTING, "deployed, waiting");
            assertThat(new Shell(processor).run("wasm:list")).contains("wasi-wait: waiting for capability 'kv'");
            capabilities.start();
            eventually(() -> state("wasi-wait") == ComponentState.READY, "started once kv came");
            dev.wharf.api.WasmComponent c = wasmComponent(context, "wasi-wait");
            long before = c.callFunction("count", "waited", "n").get(0) instanceof WitCase w ? (Long) w.value() : -1;
            assertThat(c.callFunction("count", "waited", "n")).containsExactly(WitCase.ok(before + 1));
            assertThat(c.callFunction("setting", "absent")).containsExactly(WitCase.ok(Optional.empty()));
        } finally {
            if (capabilities.getState() != Bundle.ACTIVE) {
                capabilities.start();
            }
        }
    }
}
