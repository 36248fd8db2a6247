package dev.wharf.itest;

import static dev.wharf.itest.WharfTestSupport.eventually;
import static dev.wharf.itest.WharfTestSupport.failure;
import static dev.wharf.itest.WharfTestSupport.invoke;
import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.api.ComponentId;
import dev.wharf.api.ComponentMessage;
import dev.wharf.api.ComponentUnavailableException;
import dev.wharf.api.InvokeResult;
import dev.wharf.api.MessageDispatcher;
import dev.wharf.api.runtime.ComponentRuntime;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.junit5.context.BundleContextExtension;
import org.osgi.test.junit5.service.ServiceExtension;

/** Every call is bounded: by a ceiling on timeout-ms, and by the stop of its component. */
@ExtendWith(BundleContextExtension.class)
@ExtendWith(ServiceExtension.class)
class BoundedCallsIT {

    @InjectBundleContext
    BundleContext context;

    @InjectService(timeout = 10_000)
    MessageDispatcher dispatcher;

    @InjectService(timeout = 10_000)
    ComponentRuntime runtime;

    static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    /** CPU time used so far by the threads that run guests. */
    static long dispatcherCpuNanos() {
        return Arrays.stream(THREADS.getThreadInfo(THREADS.getAllThreadIds()))
                .filter(t -> t != null && t.getThreadName().startsWith("wharf-dispatcher"))
                .mapToLong(t -> Math.max(0, THREADS.getThreadCpuTime(t.getThreadId()))).sum();
    }

    static long dispatcherThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith("wharf-dispatcher")).count();
    }

    @Test
    void aSpinningCallEndsAtOnceWhenItsComponentIsRemoved() {
        long threadsBefore = dispatcherThreads();
        Bundle b = new ComponentBundles(context).start("spin.wasm;id=spin.gone;timeout-ms=30000", "spin");
        CompletableFuture<InvokeResult> spinning = dispatcher.invoke(ComponentId.of("spin.gone"),
                new ComponentMessage.Invoke("spin", Args.json("[]"))).toCompletableFuture();
        // the guest holds a pool thread at full speed
        long cpu = dispatcherCpuNanos();
        eventually(() -> dispatcherCpuNanos() - cpu > TimeUnit.MILLISECONDS.toNanos(100), "the guest spinning");
        assertThat(spinning).isNotDone();

        long start = System.nanoTime();
        try {
            b.uninstall(); // what FileInstall does when the jar is deleted from deploy/
        } catch (org.osgi.framework.BundleException e) {
            throw new AssertionError(e);
        }
        long stopMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertThat(failure(spinning)).isInstanceOf(ComponentUnavailableException.class).hasMessageContaining("stopping");
        assertThat(stopMs).as("uninstall of a component in a 30 s call").isLessThan(1000);

        // nothing of it keeps running: the pool is back to idle
        long idleFrom = dispatcherCpuNanos();
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(300);
        while (System.nanoTime() < end) {
            Thread.onSpinWait(); // measuring a span of time: there is nothing to await
        }
        long used = dispatcherCpuNanos() - idleFrom;
        System.out.println("BoundedCallsIT: uninstall took " + stopMs + " ms; dispatcher CPU over the next 300 ms: "
                + TimeUnit.NANOSECONDS.toMillis(used) + " ms");
        assertThat(used).isLessThan(TimeUnit.MILLISECONDS.toNanos(100));
        assertThat(dispatcherThreads()).isEqualTo(threadsBefore);
        assertThat(runtime.component(ComponentId.of("spin.gone"))).isEmpty();
    }

    @Test
    void aTimeoutAboveTheCeilingIsADeployErrorNamingBoth() {
        Bundle b = new ComponentBundles(context).start("spin.wasm;id=spin.forever;timeout-ms=9223372036854775807", "spin");
        assertThat(runtime.problems()).filteredOn(p -> p.bundleId() == b.getBundleId()).singleElement()
                .extracting(p -> p.message()).asString()
                .contains("timeout-ms 9223372036854775807 is above the ceiling max-timeout-ms 30000");
        assertThat(runtime.component(ComponentId.of("spin.forever"))).isEmpty();
        // the ceiling itself is allowed
        new ComponentBundles(context).start("spin.wasm;id=spin.ceiling;timeout-ms=30000", "spin");
        assertThat(invoke(dispatcher, "spin.ceiling", "ok", Args.json("[]")).values()).containsExactly(1);
    }

    @Test
    void aMemoryCapAboveTheEnginesMaximumIsADeployError() {
        Bundle b = new ComponentBundles(context).start("calc.wasm;id=calc.huge;memory-max-pages=65536", "calc");
        assertThat(runtime.problems()).filteredOn(p -> p.bundleId() == b.getBundleId()).singleElement()
                .extracting(p -> p.message()).asString()
                .contains("memory-max-pages 65536 is above the engine's maximum of 32767 pages");
    }
}
