package dev.wharf.itest;

import static dev.wharf.itest.WharfTestSupport.dispatcherCpuNanos;
import static dev.wharf.itest.WharfTestSupport.dispatcherThreads;
import static dev.wharf.itest.WharfTestSupport.eventually;
import static dev.wharf.itest.WharfTestSupport.failure;
import static dev.wharf.itest.WharfTestSupport.invoke;
import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.api.ComponentId;
import dev.wharf.api.ComponentMessage;
import dev.wharf.api.ComponentUnavailableException;
import dev.wharf.api.InvokeResult;
import dev.wharf.api.MessageDispatcher;
import dev.wharf.api.WharfException;
import dev.wharf.api.runtime.ComponentRuntime;
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




    PoolCalls pool;

    PoolCalls pool() {
        if (pool == null) {
            pool = new PoolCalls(context, dispatcher);
        }
        return pool;
    }

    @org.junit.jupiter.api.AfterEach
    void closePool() {
        if (pool != null) {
            pool.close();
            pool = null;
        }
    }

    @Test
    void aSpinningCallEndsAtOnceWhenItsComponentIsRemoved() {
        // extra threads of an earlier test end after half a second idle
        eventually(() -> dispatcherThreads() <= Runtime.getRuntime().availableProcessors(), "the pool at its size");
        long threadsBefore = dispatcherThreads();
        Bundle b = new ComponentBundles(context).start("spin.wasm;id=spin.gone;timeout-ms=30000", "spin");
        // from a pool thread, as a component's call: with caller-runs the test thread would spin
        CompletableFuture<InvokeResult> spinning = pool().invoke("spin.gone", "spin", Args.json("[]"));
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
        // the extra thread started while the guest held its worker ends after half a second idle
        eventually(() -> dispatcherThreads() <= threadsBefore, "the pool back to its size");
        long idleMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        System.out.println("BoundedCallsIT: uninstall took " + stopMs + " ms; dispatcher CPU over the next 300 ms: "
                + TimeUnit.NANOSECONDS.toMillis(used) + " ms; pool back to " + threadsBefore + " threads after " + idleMs + " ms");
        assertThat(used).isLessThan(TimeUnit.MILLISECONDS.toNanos(100));
        assertThat(idleMs).isLessThan(1000);
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

    @Test
    void guestsInLongCallsDoNotStallTheOtherComponents() throws Exception {
        int cores = Runtime.getRuntime().availableProcessors(); // the pool's threads by default
        long threadsBefore = dispatcherThreads();
        StringBuilder header = new StringBuilder();
        for (int i = 0; i < cores; i++) {
            header.append(i == 0 ? "" : ", ").append("spin.wasm;id=hog").append(i).append(";timeout-ms=30000");
        }
        Bundle hogs = new ComponentBundles(context).start(header.toString(), "spin");
        new ComponentBundles(context).start("calc.wasm;id=polite", "calc");
        java.util.List<CompletableFuture<InvokeResult>> spinning = new java.util.ArrayList<>();
        for (int i = 0; i < cores; i++) {
            spinning.add(pool().invoke("hog" + i, "spin", Args.json("[]")));
        }
        // every pool thread is taken by a spinning guest
        long cpu = dispatcherCpuNanos();
        eventually(() -> dispatcherCpuNanos() - cpu > TimeUnit.MILLISECONDS.toNanos(100L * cores), "the hogs spinning");

        long[] micros = new long[50];
        for (int i = 0; i < micros.length; i++) {
            long start = System.nanoTime();
            // through the pool, where the hogs hold every thread (a host call would run on this thread)
            assertThat(pool().invoke("polite", "add", Args.json("[1, 2]")).join().values()).containsExactly(3);
            micros[i] = TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - start);
        }
        Arrays.sort(micros);
        System.out.println("BoundedCallsIT: " + cores + " guests spinning on " + cores + " pool threads; another component's"
                + " invoke: first " + micros[0] + " us, p50 " + micros[25] + " us, max " + micros[49] + " us; pool threads "
                + threadsBefore + " -> " + dispatcherThreads());
        assertThat(micros[49]).as("the slowest invoke, in microseconds").isLessThan(500_000);
        assertThat(spinning).allMatch(f -> !f.isDone());

        hogs.uninstall();
        for (CompletableFuture<InvokeResult> f : spinning) {
            assertThat(failure(f)).isInstanceOf(ComponentUnavailableException.class);
        }
        // the extra threads end once they have been idle for half a second
        eventually(() -> dispatcherThreads() <= threadsBefore, "the extra threads gone");
    }

    @Test
    void anOperatorsRestartEndsALongCallAtOnce() {
        new ComponentBundles(context).start("patient.wasm;id=spin.restart;timeout-ms=30000", "patient");
        assertThat(invoke(dispatcher, "spin.restart", "inc", Args.json("[]")).values()).containsExactly(1);
        CompletableFuture<InvokeResult> spinning = pool().invoke("spin.restart", "spin", Args.json("[]"));
        long cpu = dispatcherCpuNanos();
        eventually(() -> dispatcherCpuNanos() - cpu > TimeUnit.MILLISECONDS.toNanos(100), "the guest spinning");
        long start = System.nanoTime();
        runtime.restart(ComponentId.of("spin.restart"));
        assertThat(failure(spinning)).isInstanceOf(ComponentUnavailableException.class);
        // a fresh instance answers: its counter starts again
        assertThat(invoke(dispatcher, "spin.restart", "inc", Args.json("[]")).values()).containsExactly(1);
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).as("restart of a component in a 30 s call")
                .isLessThan(2000);
    }

    @Test
    void aCallRunOnTheCallersThreadIsInterruptedCleanlyAtItsTimeout() throws Exception {
        new ComponentBundles(context).start("spin.wasm;id=spin.caller;timeout-ms=200", "spin");
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        long cpu = mx.getCurrentThreadCpuTime();
        // the component is idle and this thread waits for the answer: the call runs its turn on
        // this thread (caller-runs)
        WharfException e = org.assertj.core.api.Assertions.catchThrowableOfType(() -> dispatcher.call(
                ComponentId.of("spin.caller"), new ComponentMessage.Invoke("spin", Args.json("[]")),
                java.time.Duration.ofSeconds(10)), WharfException.class);
        assertThat(e).isInstanceOf(dev.wharf.api.CallTimeoutException.class);
        assertThat(mx.getCurrentThreadCpuTime() - cpu).as("the guest spun on the caller's thread")
                .isGreaterThan(TimeUnit.MILLISECONDS.toNanos(100));
        assertThat(Thread.currentThread().isInterrupted()).as("no interrupt left behind").isFalse();
        // the thread goes on: a timed wait is not cut short by a stale interrupt
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new CompletableFuture<Void>().get(20, TimeUnit.MILLISECONDS))
                .isInstanceOf(java.util.concurrent.TimeoutException.class);
        // the timed-out instance was replaced; the next call runs here again and answers
        eventually(() -> {
            try {
                return ((Number) invoke(dispatcher, "spin.caller", "ok", Args.json("[]")).values().get(0)).intValue() == 1;
            } catch (AssertionError notYet) {
                return false;
            }
        }, "the restarted component answering");
        assertThat(Thread.currentThread().isInterrupted()).isFalse();
    }
}
