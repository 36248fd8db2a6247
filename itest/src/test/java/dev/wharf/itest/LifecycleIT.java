package dev.wharf.itest;

import static dev.wharf.itest.WharfTestSupport.invoke;
import static dev.wharf.itest.WharfTestSupport.invokeFails;
import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.api.ComponentId;
import dev.wharf.api.ComponentMetadata;
import dev.wharf.api.ComponentRegistry;
import dev.wharf.api.ComponentState;
import dev.wharf.api.runtime.ComponentRuntime;
import dev.wharf.api.ExportSignature;
import dev.wharf.api.MessageDispatcher;
import dev.wharf.api.RestartPolicy;
import dev.wharf.api.UnknownComponentException;
import dev.wharf.api.ValueType;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.junit5.context.BundleContextExtension;
import org.osgi.test.junit5.service.ServiceExtension;
import org.osgi.util.tracker.ServiceTracker;

/** Component bundles coming to life, being registered, stopping and going away. */
@ExtendWith(BundleContextExtension.class)
@ExtendWith(ServiceExtension.class)
class LifecycleIT {

    @InjectBundleContext
    BundleContext context;

    @InjectService(timeout = 10_000)
    MessageDispatcher dispatcher;

    @InjectService(timeout = 10_000)
    ComponentRegistry registry;

    @InjectService(timeout = 10_000)
    ComponentRuntime runtime;

    @InjectService(timeout = 10_000)
    org.apache.felix.service.command.CommandProcessor processor;

    ComponentBundles bundles;

    @BeforeEach
    void setUp() {
        bundles = new ComponentBundles(context);
    }

    @Test
    void initializeRunsOnceAndStopStartGivesAFreshInstance() throws Exception {
        Bundle b = bundles.start("stateful.wasm;id=state", "stateful");
        assertThat(invoke(dispatcher, "state", "get", Args.json("[]")).values()).containsExactly(1000L);
        assertThat(invoke(dispatcher, "state", "inc", Args.json("[]")).values()).containsExactly(1001L);

        b.stop();
        // a stopped component keeps its registry entry and history until its bundle is uninstalled
        assertThat(registry.lookup(ComponentId.of("state"))).get().extracting(ComponentMetadata::state)
                .isEqualTo(ComponentState.STOPPED);
        assertThat(invokeFails(dispatcher, "state", "get", Args.json("[]"))).isInstanceOf(UnknownComponentException.class);

        b.start();
        assertThat(invoke(dispatcher, "state", "get", Args.json("[]")).values()).containsExactly(1000L);
        assertThat(registry.history(ComponentId.of("state"))).extracting(c -> c.state()).containsSubsequence(
                ComponentState.STARTING, ComponentState.READY, ComponentState.STOPPING, ComponentState.STOPPED,
                ComponentState.STARTING, ComponentState.READY);
        b.uninstall();
        assertThat(registry.lookup(ComponentId.of("state"))).isEmpty();
    }

    @Test
    void shutdownMessageStopsAfterTheQueuedMessages() {
        bundles.start("mailbox.wasm;id=closing", "mailbox");
        for (int i = 0; i < 3; i++) {
            dispatcher.tell(new dev.wharf.api.ComponentMessage.InterComponent(ComponentId.HOST, ComponentId.of("closing"),
                    Args.json("1")));
        }
        dev.wharf.itest.WharfTestSupport.await(dispatcher.shutdown(ComponentId.of("closing"),
                new dev.wharf.api.ComponentMessage.Shutdown(java.util.Optional.empty())));
        ComponentMetadata m = WharfTestSupport.settled(registry, runtime, ComponentId.of("closing")).orElseThrow();
        assertThat(m.state()).isEqualTo(ComponentState.STOPPED);
        assertThat(m.reason()).contains("shut down on request");
        assertThat(invokeFails(dispatcher, "closing", "count", Args.json("[]")))
                .isInstanceOf(dev.wharf.api.ComponentUnavailableException.class).hasMessageContaining("stopped");
        // an operator's restart brings it back with a fresh instance
        assertThat(new Shell(processor).run("wasm:restart closing")).startsWith("restart of 'closing' requested");
        dev.wharf.itest.WharfTestSupport.eventually(() -> registry.lookup(ComponentId.of("closing")).orElseThrow().state()
                == ComponentState.READY, "closing back");
        assertThat(invoke(dispatcher, "closing", "count", Args.json("[]")).values()).containsExactly(0);
        assertThat(dev.wharf.itest.WharfTestSupport.failure(dispatcher.shutdown(ComponentId.of("nobody"),
                new dev.wharf.api.ComponentMessage.Shutdown(java.util.Optional.empty()))))
                .isInstanceOf(UnknownComponentException.class);
    }

    @Test
    void registryKnowsWhatTheHeaderAndTheModuleSay() throws Exception {
        Bundle b = bundles.start("calc.wasm;id=calc.reg;receive-from=\"gateway,billing.*\";send-to=audit;"
                + "max-message-size=65536;rate-limit=500;memory-max-pages=64;timeout-ms=250;mailbox=10;"
                + "restart=transient;max-restarts=3;restart-window-ms=1000", "calc");
        ComponentMetadata m = registry.lookup(ComponentId.of("calc.reg")).orElseThrow();
        assertThat(m.state()).isEqualTo(ComponentState.READY);
        assertThat(m.bundleId()).isEqualTo(b.getBundleId());
        assertThat(m.bundleSymbolicName()).isEqualTo(b.getSymbolicName());
        assertThat(m.bundleVersion()).isEqualTo(b.getVersion().toString());
        assertThat(m.moduleSha256()).isEqualTo(HexFormat.of().formatHex(
                MessageDigest.getInstance("SHA-256").digest(ComponentBundles.guest("calc"))));
        assertThat(m.spec().receiveFrom()).containsExactly("gateway", "billing.*");
        assertThat(m.spec().sendTo()).containsExactly("audit");
        assertThat(m.spec().limits().maxMessageSize()).isEqualTo(65536);
        assertThat(m.spec().limits().rateLimit()).isEqualTo(500);
        assertThat(m.spec().limits().memoryMaxPages()).isEqualTo(64);
        assertThat(m.spec().limits().timeoutMs()).isEqualTo(250);
        assertThat(m.spec().limits().mailbox()).isEqualTo(10);
        assertThat(m.spec().limits().restart()).isEqualTo(RestartPolicy.TRANSIENT);
        assertThat(m.spec().limits().maxRestarts()).isEqualTo(3);
        assertThat(m.spec().limits().restartWindowMs()).isEqualTo(1000);
        assertThat(m.exports()).contains(
                new ExportSignature("add", List.of(ValueType.I32, ValueType.I32), List.of(ValueType.I32)),
                new ExportSignature("swap", List.of(ValueType.I32, ValueType.I64), List.of(ValueType.I64, ValueType.I32)),
                new ExportSignature("nothing", List.of(), List.of()));
        assertThat(registry.withExport("swap")).extracting(ComponentMetadata::id).contains(ComponentId.of("calc.reg"));
        assertThat(registry.list(ComponentState.READY)).extracting(ComponentMetadata::id).contains(ComponentId.of("calc.reg"));
    }

    @Test
    void defaultsApplyWhenTheHeaderIsBare() {
        bundles.start("calc.wasm", "calc");
        ComponentMetadata m = registry.lookup(ComponentId.of("calc")).orElseThrow();
        assertThat(m.spec().limits()).isEqualTo(dev.wharf.api.ComponentLimits.DEFAULTS);
        assertThat(m.spec().receiveFrom()).isEmpty();
    }

    @Test
    void oneBundleCarriesSeveralComponents() throws Exception {
        Bundle b = bundles.start("calc.wasm;id=one, calc.wasm;id=two, stateful.wasm;id=three", "calc", "stateful");
        assertThat(invoke(dispatcher, "one", "add", Args.json("[1, 1]")).values()).containsExactly(2);
        assertThat(invoke(dispatcher, "two", "add", Args.json("[2, 2]")).values()).containsExactly(4);
        assertThat(invoke(dispatcher, "three", "inc", Args.json("[]")).values()).containsExactly(1001L);
        b.uninstall();
        assertThat(registry.lookup(ComponentId.of("one"))).isEmpty();
        assertThat(registry.lookup(ComponentId.of("two"))).isEmpty();
        assertThat(registry.lookup(ComponentId.of("three"))).isEmpty();
    }

    @Test
    void wasiModuleRunsWithItsOutputInTheLog() {
        bundles.start("wasi-hello.wasm;id=hello", "wasi-hello");
        // fd_write returned 0 (success) to the guest during _initialize
        assertThat(invoke(dispatcher, "hello", "said", Args.json("[]")).values()).containsExactly(0);
    }

    @Test
    void guestLogWithABadBufferIsReportedNotFatal() {
        bundles.start("log.wasm;id=logger", "log");
        assertThat(invoke(dispatcher, "logger", "hello", Args.json("[]")).values()).containsExactly(0);
    }

    @Test
    void registryThatComesBackIsRefilledWithLiveComponents() throws Exception {
        bundles.start("calc.wasm;id=survivor", "calc");
        Bundle registryBundle = bundle("dev.wharf.registry");
        registryBundle.stop();
        // the message path does not need the registry
        assertThat(invoke(dispatcher, "survivor", "add", Args.json("[20, 22]")).values()).containsExactly(42);
        registryBundle.start();
        ServiceTracker<ComponentRegistry, ComponentRegistry> t = new ServiceTracker<>(context, ComponentRegistry.class, null);
        t.open();
        try {
            ComponentRegistry fresh = t.waitForService(10_000);
            assertThat(fresh).isNotNull();
            assertThat(WharfTestSupport.settled(fresh, runtime, ComponentId.of("survivor"))).get()
                    .extracting(ComponentMetadata::state).isEqualTo(ComponentState.READY);
        } finally {
            t.close();
        }
    }

    @Test
    void updatingTheRegistryBundleUnderLoadLosesNoEntryAndNoMessage() throws Exception {
        bundles.start("mailbox.wasm;id=busy1;mailbox=1000000, mailbox.wasm;id=busy2;mailbox=1000000", "mailbox");
        Bundle registryBundle = bundle("dev.wharf.registry");
        java.util.concurrent.atomic.AtomicBoolean running = new java.util.concurrent.atomic.AtomicBoolean(true);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newSingleThreadExecutor();
        try {
            java.util.concurrent.Future<int[]> sender = pool.submit(() -> {
                int[] accepted = new int[2];
                while (running.get()) {
                    for (int i = 0; i < 2; i++) {
                        if (dispatcher.tell(new dev.wharf.api.ComponentMessage.InterComponent(ComponentId.HOST,
                                ComponentId.of("busy" + (i + 1)), Args.json("1"))).accepted()) {
                            accepted[i]++;
                        }
                    }
                }
                return accepted;
            });
            for (int i = 0; i < 3; i++) {
                registryBundle.update();
            }
            running.set(false);
            int[] accepted = sender.get(60, java.util.concurrent.TimeUnit.SECONDS);
            ServiceTracker<ComponentRegistry, ComponentRegistry> t = new ServiceTracker<>(context, ComponentRegistry.class, null);
            t.open();
            try {
                ComponentRegistry fresh = t.waitForService(10_000);
                for (String id : List.of("busy1", "busy2")) {
                    assertThat(WharfTestSupport.settled(fresh, runtime, ComponentId.of(id))).as(id + " registered").get()
                            .extracting(ComponentMetadata::state).isEqualTo(ComponentState.READY);
                }
            } finally {
                t.close();
            }
            assertThat(invoke(dispatcher, "busy1", "count", Args.json("[]")).values()).containsExactly(accepted[0]);
            assertThat(invoke(dispatcher, "busy2", "count", Args.json("[]")).values()).containsExactly(accepted[1]);
        } finally {
            running.set(false);
            pool.shutdownNow();
        }
    }

    private Bundle bundle(String bsn) {
        return WharfTestSupport.bundle(context, bsn);
    }
}
