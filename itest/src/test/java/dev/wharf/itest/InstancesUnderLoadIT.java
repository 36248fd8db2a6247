package dev.wharf.itest;

import static dev.wharf.itest.InstancePools.WAIT;
import static dev.wharf.itest.InstancePools.instances;
import static dev.wharf.itest.WharfTestSupport.eventually;
import static dev.wharf.itest.WharfTestSupport.fromHost;
import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.api.ComponentId;
import dev.wharf.api.ComponentState;
import dev.wharf.api.MessageDispatcher;
import dev.wharf.api.runtime.ComponentRuntime;
import dev.wharf.api.runtime.ComponentStats;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.junit5.context.BundleContextExtension;
import org.osgi.test.junit5.service.ServiceExtension;

/**
 * Instance pools under a load of asks from several host threads, in Felix and in Equinox, with
 * pool-worker (src/test/wat/pool-worker.wat): bundle updates reach every instance and lose or
 * refuse no ask; the memory budget refuses the instance that does not fit and the others serve.
 */
@ExtendWith(BundleContextExtension.class)
@ExtendWith(ServiceExtension.class)
class InstancesUnderLoadIT {

    private static final long MIB = 1024 * 1024;
    private static final int WORKER_PAGES = 32; // pool-worker's memory, each instance's

    @InjectBundleContext
    BundleContext context;

    @InjectService(timeout = 10_000)
    ComponentRuntime runtime;

    @InjectService(timeout = 10_000)
    MessageDispatcher dispatcher;

    @InjectService(timeout = 10_000)
    ConfigurationAdmin cm;

    final List<Bundle> installed = new ArrayList<>();
    final MBeanServer server = ManagementFactory.getPlatformMBeanServer();

    @BeforeEach
    void setUp() {
        installed.clear();
    }

    @AfterEach
    void tearDown() throws Exception {
        WharfTestSupport.uninstall(installed);
    }

    private static byte[] jar(String header, int version) {
        return ComponentBundles.jar("test.pool-swap", "1.0." + version, header,
                Map.of("pool-worker.wasm", InstancePools.worker(version)));
    }

    @Test
    void updatesUnderLoadReachEveryInstanceAndLoseOrRefuseNoAsk() throws Exception {
        String id = "pool.swap";
        String header = "pool-worker.wasm;id=" + id + ";instances=4;timeout-ms=5000";
        Bundle b = context.installBundle("wharf-itest:test.pool-swap", ComponentBundles.stream(jar(header, 1)));
        installed.add(b);
        b.start();
        WharfTestSupport.wasmComponent(context, id);
        InstancePools.calibrate(dispatcher, id);
        long inBefore = InstancePools.stats(runtime, id).messagesIn();

        // four threads ask on and on; each answer must echo its own ask's tag, and says which version answered
        int last = 4;
        AtomicLongArray byVersion = new AtomicLongArray(10);
        AtomicInteger mostInstances = new AtomicInteger();
        AtomicLongArray asked = new AtomicLongArray(4);
        InstancePools.Load load = new InstancePools.Load(4, t -> {
            String tag = "t" + t + "-" + asked.incrementAndGet(t);
            byte[] reply = dispatcher.askAndWait(fromHost(id, InstancePools.replyAfter(0.3, tag)), WAIT);
            assertThat(InstancePools.tag(reply)).isEqualTo(tag);
            byVersion.incrementAndGet(InstancePools.version(reply) - '0');
        });
        try {
            eventually(() -> byVersion.get(1) > 200 || !load.failures.isEmpty(), "asks answered by version 1");
            for (int v = 2; v <= last; v++) {
                String version = "1.0." + v;
                b.update(ComponentBundles.stream(jar(header, v)));
                mostInstances.accumulateAndGet(instances(runtime, id).size(), Math::max);
                eventually(() -> version.equals(runtime.component(ComponentId.of(id)).orElseThrow().metadata()
                        .bundleVersion()), "version " + version + " in place");
                int now = v;
                // the new version answers: the first instance at once, the others each in its next turn
                eventually(() -> byVersion.get(now) > 200 || !load.failures.isEmpty(), "asks answered by version " + v);
                mostInstances.accumulateAndGet(instances(runtime, id).size(), Math::max);
                assertThat(load.failures).as("asks that failed during the updates").isEmpty();
            }
            // once every instance has taken the last version, no other answers: 200 answers in a row of the last
            long[] mark = {-1, 0}; // the answers of older versions, those of the last version, when counted
            eventually(() -> {
                long older = 0;
                for (int v = 1; v < last; v++) {
                    older += byVersion.get(v);
                }
                if (older != mark[0]) {
                    mark[0] = older;
                    mark[1] = byVersion.get(last);
                    return false;
                }
                return byVersion.get(last) - mark[1] >= 200 || !load.failures.isEmpty();
            }, "only version " + last + " answers");
        } finally {
            load.stop();
        }
        assertThat(load.failures).as("asks that failed").isEmpty();
        long answered = load.done.get();
        long total = 0;
        for (int v = 1; v <= last; v++) {
            total += byVersion.get(v);
            System.out.println("InstancesUnderLoadIT: version " + v + " answered " + byVersion.get(v));
        }
        // every ask answered once: each with its own tag, none refused, none failed
        assertThat(answered).isEqualTo(load.started.get()).isEqualTo(total);
        ComponentStats s = InstancePools.stats(runtime, id);
        assertThat(s.messagesIn() - inBefore).as("messages into the component").isEqualTo(answered);
        assertThat(s.refused()).isZero();
        assertThat(s.messagesFailed()).isZero();
        assertThat(mostInstances.get()).as("instances serving during the updates").isGreaterThan(1);
        var info = runtime.component(ComponentId.of(id)).orElseThrow();
        assertThat(info.metadata().restartCount()).isZero();
        assertThat(info.metadata().state()).isEqualTo(ComponentState.READY);
        assertThat(s.instances()).allSatisfy(i -> assertThat(i.restarts()).isZero());
    }

    @Test
    void theMemoryBudgetRefusesTheInstanceThatDoesNotFitAndTheOthersServe() throws Exception {
        String id = "pool.budget";
        installed.add(new ComponentBundles(context).start("pool-worker.wasm;id=" + id + ";instances=4;timeout-ms=5000",
                Map.of("pool-worker.wasm", InstancePools.worker(1))));
        WharfTestSupport.wasmComponent(context, id);
        InstancePools.calibrate(dispatcher, id);
        // a budget with room for one more instance of 32 pages, not two: the budget is in MiB (16 pages)
        ObjectName wharf = new ObjectName("dev.wharf:type=Runtime");
        long usedPages = (Long) server.getAttribute(wharf, "MemoryBudgetUsedBytes") / 65536;
        long mb = Math.floorDiv(usedPages + WORKER_PAGES + 15, 16);
        assertThat(mb * 16 - usedPages).isBetween((long) WORKER_PAGES, 2L * WORKER_PAGES - 1);
        InstancePools.Setting budget = new InstancePools.Setting(cm, "dev.wharf.engine", "memory-budget-mb", mb);
        List<String> warnings = new CopyOnWriteArrayList<>();
        Handler log = new Handler() {
            @Override
            public void publish(LogRecord r) {
                if (r.getLevel() == Level.WARNING && r.getMessage() != null) {
                    warnings.add(r.getMessage());
                }
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        Logger jul = Logger.getLogger("dev.wharf.runtime");
        jul.addHandler(log);
        try {
            eventually(() -> attribute(wharf, "MemoryBudgetLimitBytes") == mb * MIB, "memory-budget-mb " + mb + " applied");
            AtomicInteger most = new AtomicInteger();
            try (InstancePools.Load load = new InstancePools.Load(4, t -> assertThat(InstancePools.tag(dispatcher.askAndWait(
                    fromHost(id, InstancePools.replyAfter(1, "b" + t)), WAIT))).isEqualTo("b" + t))) {
                eventually(() -> most.accumulateAndGet(instances(runtime, id).size(), Math::max) >= 2
                        || !load.failures.isEmpty(), "a second instance");
                // the load goes on past the second try of a third instance (1 s after the first was refused)
                long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(1500);
                while (System.nanoTime() - until < 0) {
                    most.accumulateAndGet(instances(runtime, id).size(), Math::max);
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
                }
                load.stop();
                assertThat(load.failures).as("asks that failed").isEmpty();
                assertThat(load.done.get()).isEqualTo(load.started.get()).isPositive();
                System.out.println("InstancesUnderLoadIT: " + load.done.get() + " asks answered by at most "
                        + most.get() + " instances under a budget of " + mb + " MiB");
            }
            assertThat(most.get()).as("instances under the budget").isEqualTo(2);
            assertThat(warnings).as("the refusal logged").anyMatch(w -> w.matches(
                    "component '?pool\\.budget'?: instance [34] not started, 2 serve: .*the memory budget of all guests is exhausted.*"));
            ComponentStats s = InstancePools.stats(runtime, id);
            assertThat(s.refused()).isZero();
            assertThat(s.messagesFailed()).isZero();
            assertThat(s.instances()).hasSizeLessThanOrEqualTo(2)
                    .allSatisfy(i -> assertThat(i.state()).isEqualTo(ComponentState.READY));
            assertThat(runtime.component(ComponentId.of(id)).orElseThrow().metadata().state()).isEqualTo(ComponentState.READY);
        } finally {
            jul.removeHandler(log);
            budget.restore();
            eventually(() -> attribute(wharf, "MemoryBudgetLimitBytes") != mb * MIB, "the memory budget restored");
        }
    }

    private long attribute(ObjectName name, String attribute) {
        try {
            return (Long) server.getAttribute(name, attribute);
        } catch (Exception e) {
            throw new AssertionError(name + " " + attribute, e);
        }
    }
}
