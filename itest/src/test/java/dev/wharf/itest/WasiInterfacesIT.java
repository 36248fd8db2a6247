package dev.wharf.itest;

import static dev.wharf.itest.WharfTestSupport.eventually;
import static dev.wharf.itest.WharfTestSupport.wasmComponent;
import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.api.ComponentId;
import dev.wharf.api.ComponentState;
import dev.wharf.api.WitCase;
import dev.wharf.api.runtime.ComponentRuntime;
import dev.wharf.spi.security.AuditLog;
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
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.junit5.context.BundleContextExtension;
import org.osgi.test.junit5.service.ServiceExtension;

/**
 * A component importing wasi:keyvalue and wasi:config (wasi-kv, built from WAT by module
 * wasm-components) in Felix and Equinox: while the capabilities bundle is stopped it waits in
 * STARTING for capability kv, as a core module importing wharf:kv does; once the provider is
 * back it starts by itself and counts through the kv capability. Its calls are capability calls
 * like any: the policy decides and audits each, the quota holds, the operator's config.<key>
 * values are what wasi:config reads.
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

    @InjectService(timeout = 10_000)
    ConfigurationAdmin cm;

    @InjectService(timeout = 10_000)
    AuditLog auditLog;

    ComponentBundles bundles;
    final List<Bundle> installed = new ArrayList<>();
    final List<Configuration> configurations = new ArrayList<>();

    @BeforeEach
    void setUp() {
        bundles = new ComponentBundles(context);
    }

    @AfterEach
    void tearDown() throws Exception {
        WharfTestSupport.delete(configurations);
        WharfTestSupport.uninstall(installed);
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

    Configuration configure(String componentId, String key, String value) throws Exception {
        Configuration c = WharfTestSupport.configureComponent(cm, componentId, key, value);
        configurations.add(c);
        return c;
    }

    @Test
    void itsCallsAreDecidedAndAuditedByThePolicyHeldToTheQuotaAndSeeTheOperatorsConfig() throws Exception {
        installed.add(bundles.start("components/wasi-kv.wasm;id=wasi-policy;capabilities=\"kv,config\";kv-max-bytes=64",
                "components/wasi-kv"));
        dev.wharf.api.WasmComponent c = wasmComponent(context, "wasi-policy");
        assertThat(c.callFunction("put", "", "small", "v")).containsExactly(WitCase.ok(null));
        assertThat(c.callFunction("put", "", "big", "x".repeat(100))).containsExactly(WitCase.err(new WitCase("other",
                "the component's kv store would exceed its quota (kv-max-bytes); nothing was written (-33)")));
        assertThat(c.callFunction("fetch", "", "big")).containsExactly(WitCase.ok(Optional.empty()));

        configure("wasi-policy", "config.greeting", "from the operator");
        eventually(() -> c.callFunction("setting", "greeting").equals(List.of(WitCase.ok(Optional.of("from the operator")))),
                "the operator's value read through wasi:config");

        // the operator takes kv away: the next call is denied and audited, without a redeploy
        Configuration away = configure("wasi-policy", "capabilities", "config");
        eventually(() -> c.callFunction("count", "", "n").equals(List.of(WitCase.err(WitCase.of("access-denied")))),
                "denied after the override");
        eventually(() -> auditLog.newest(50).stream().anyMatch(a -> !a.allowed()
                && a.target().equals("wharf:kv.increment") && a.sender().equals(ComponentId.of("wasi-policy"))),
                "the denial audited as a call of wharf:kv.increment");
        configurations.remove(away);
        away.delete();
        eventually(() -> c.callFunction("count", "", "n").get(0) instanceof WitCase w && w.name().equals("ok"),
                "allowed again");
    }
}
