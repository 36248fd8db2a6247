package dev.wharf.itest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.api.ComponentId;
import dev.wharf.api.ComponentMetadata;
import dev.wharf.api.ComponentRegistry;
import dev.wharf.api.ComponentState;
import dev.wharf.spi.registry.ComponentStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.junit5.context.BundleContextExtension;
import org.osgi.test.junit5.service.ServiceExtension;

/** The persistent registry as the runtime uses it, in the framework. */
@ExtendWith(BundleContextExtension.class)
@ExtendWith(ServiceExtension.class)
class RegistryIT {

    @InjectBundleContext
    BundleContext context;

    @InjectService(timeout = 10_000)
    ComponentRegistry registry;

    @InjectService(timeout = 10_000)
    ComponentStore store;

    ComponentBundles bundles;

    @BeforeEach
    void setUp() {
        bundles = new ComponentBundles(context);
    }

    @Test
    void missingIdsAreEmptyNotErrors() {
        ComponentId nobody = ComponentId.of("nobody.here");
        assertThat(registry.lookup(nobody)).isEmpty();
        assertThat(store.remove(nobody)).isFalse();
        assertThat(registry.history(nobody)).isEmpty();
    }

    @Test
    void anIdReRegisteredByAnotherBundleStartsAFreshHistory() throws Exception {
        Bundle first = bundles.start("calc.wasm;id=reused", "calc");
        ComponentMetadata before = registry.lookup(ComponentId.of("reused")).orElseThrow();
        first.uninstall();
        assertThat(registry.lookup(ComponentId.of("reused"))).isEmpty();
        Bundle second = bundles.start("stateful.wasm;id=reused", "stateful");
        ComponentMetadata after = registry.lookup(ComponentId.of("reused")).orElseThrow();
        assertThat(after.bundleId()).isEqualTo(second.getBundleId()).isNotEqualTo(before.bundleId());
        assertThat(after.export("inc")).isPresent();
        assertThat(after.export("add")).isEmpty();
        assertThat(after.firstInstalled()).isAfterOrEqualTo(before.firstInstalled());
        assertThat(registry.history(ComponentId.of("reused"))).extracting(c -> c.state())
                .containsExactly(ComponentState.STARTING, ComponentState.READY);
    }

    @Test
    void queriesByStateExportAndCapability() {
        bundles.start("mailbox.wasm;id=q.a;send-to=\"q.b\", mailbox.wasm;id=q.b;receive-from=\"q.a\"", "mailbox");
        assertThat(registry.withExport("handle-message")).extracting(ComponentMetadata::id)
                .contains(ComponentId.of("q.a"), ComponentId.of("q.b"));
        assertThat(registry.withCapability("send-to:q.b")).extracting(ComponentMetadata::id).containsExactly(ComponentId.of("q.a"));
        assertThat(registry.withCapability("receive-from:q.a")).extracting(ComponentMetadata::id)
                .containsExactly(ComponentId.of("q.b"));
        assertThat(registry.list(ComponentState.READY)).extracting(ComponentMetadata::id).contains(ComponentId.of("q.a"));
    }

    @Test
    void concurrentReadsWhileComponentsComeAndGo() throws Exception {
        AtomicBoolean running = new AtomicBoolean(true);
        ExecutorService readers = Executors.newFixedThreadPool(2);
        try {
            List<Future<Integer>> reads = new ArrayList<>();
            for (int t = 0; t < 2; t++) {
                reads.add(readers.submit(() -> {
                    int n = 0;
                    while (running.get()) {
                        registry.list();
                        registry.lookup(ComponentId.of("churn"));
                        registry.list(ComponentState.READY);
                        n++;
                    }
                    return n;
                }));
            }
            for (int i = 0; i < 30; i++) {
                Bundle b = bundles.start("calc.wasm;id=churn", "calc");
                assertThat(registry.lookup(ComponentId.of("churn"))).get().extracting(ComponentMetadata::state)
                        .isEqualTo(ComponentState.READY);
                b.uninstall();
                assertThat(registry.lookup(ComponentId.of("churn"))).isEmpty();
            }
            running.set(false);
            for (Future<Integer> f : reads) {
                assertThat(f.get(30, TimeUnit.SECONDS)).isPositive();
            }
        } finally {
            running.set(false);
            readers.shutdownNow();
        }
    }
}
