package dev.wharf.itest;

import static dev.wharf.itest.WharfTestSupport.dispatcherCpuNanos;
import static dev.wharf.itest.WharfTestSupport.eventually;
import static dev.wharf.itest.WharfTestSupport.invoke;
import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.api.ComponentId;
import dev.wharf.api.ComponentMessage;
import dev.wharf.api.MessageDispatcher;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.junit5.context.BundleContextExtension;
import org.osgi.test.junit5.service.ServiceExtension;

/**
 * One bad plugin never hurts the others: a spinner, a memory hog, a log flooder, a crash-looper
 * and a slow guest each run beside a well-behaved component, which keeps answering (its latency
 * is measured and printed beside each); the container's own threads stay alive, and nothing of
 * a neighbour keeps running once it is removed.
 */
@ExtendWith(BundleContextExtension.class)
@ExtendWith(ServiceExtension.class)
class NoisyNeighboursIT {

    @InjectBundleContext
    BundleContext context;

    @InjectService(timeout = 10_000)
    MessageDispatcher dispatcher;

    static final List<String> CONTAINER_THREADS = List.of("wharf-watchdog", "wharf-registry-writer", "wharf-audit-writer",
            "wharf-health");

    /** The neighbour's misbehaviour, repeated by a driver thread until it is told to stop. */
    record Neighbour(String name, String header, String guest, Consumer<MessageDispatcher> act) {}

    static final List<Neighbour> NEIGHBOURS = List.of(
            new Neighbour("spinner", "spin.wasm;id=nb.spin;timeout-ms=30000", "spin",
                    d -> d.invoke(ComponentId.of("nb.spin"), new ComponentMessage.Invoke("spin", Args.json("[]")))
                            .toCompletableFuture().handle((r, x) -> r).join()),
            new Neighbour("memory hog", "patient.wasm;id=nb.hog;memory-max-pages=1024", "patient",
                    d -> d.invoke(ComponentId.of("nb.hog"), new ComponentMessage.Invoke("bomb", Args.json("[]")))
                            .toCompletableFuture().handle((r, x) -> r).join()),
            new Neighbour("log flooder", "log.wasm;id=nb.log", "log",
                    d -> d.invoke(ComponentId.of("nb.log"), new ComponentMessage.Invoke("flood", Args.json("[100000]")))
                            .toCompletableFuture().handle((r, x) -> r).join()),
            new Neighbour("crash-looper", "calc.wasm;id=nb.crash;max-restarts=1000000", "calc",
                    d -> d.invoke(ComponentId.of("nb.crash"), new ComponentMessage.Invoke("div", Args.json("[1, 0]")))
                            .toCompletableFuture().handle((r, x) -> r).join()),
            new Neighbour("slow guest", "spin.wasm;id=nb.slow;timeout-ms=300;max-restarts=1000000", "spin",
                    d -> d.invoke(ComponentId.of("nb.slow"), new ComponentMessage.Invoke("spin", Args.json("[]")))
                            .toCompletableFuture().handle((r, x) -> r).join()));


    static Set<String> threadNames() {
        return Thread.getAllStackTraces().keySet().stream().map(Thread::getName).collect(Collectors.toSet());
    }

    @Test
    void theWellBehavedComponentKeepsAnsweringBesideEachNeighbour() throws Exception {
        new ComponentBundles(context).start("calc.wasm;id=nb.nice", "calc");
        StringBuilder report = new StringBuilder("NoisyNeighboursIT: the well-behaved component's invoke, 200 calls each:");
        long[] alone = measure();
        report.append(String.format(" alone p50 %d us p99 %d us;", alone[0], alone[1]));
        for (Neighbour n : NEIGHBOURS) {
            Bundle b = new ComponentBundles(context).start(n.header(), n.guest());
            AtomicBoolean running = new AtomicBoolean(true);
            AtomicLong acts = new AtomicLong();
            Thread driver = new Thread(() -> {
                long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                while (running.get() && System.nanoTime() < end) {
                    n.act().accept(dispatcher);
                    acts.incrementAndGet();
                }
            }, "noisy-" + n.name().replace(' ', '-'));
            driver.start();
            long cpu = dispatcherCpuNanos();
            java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
            // at work: a call done, or one burning CPU: the pool's, or the driver's own (caller-runs)
            eventually(() -> acts.get() > 0 || dispatcherCpuNanos() - cpu > TimeUnit.MILLISECONDS.toNanos(50)
                    || mx.getThreadCpuTime(driver.getId()) > TimeUnit.MILLISECONDS.toNanos(50), n.name() + " at work");
            long[] beside = measure();
            report.append(String.format(" beside the %s p50 %d us p99 %d us;", n.name(), beside[0], beside[1]));
            assertThat(beside[1]).as("p99 beside the " + n.name() + ", microseconds").isLessThan(250_000);

            // removed, nothing of it keeps running
            b.uninstall();
            running.set(false);
            driver.join(TimeUnit.SECONDS.toMillis(30));
            assertThat(driver.isAlive()).isFalse();
            long idleFrom = dispatcherCpuNanos();
            long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(300);
            while (System.nanoTime() < end) {
                Thread.onSpinWait(); // measuring a span of time: nothing to await
            }
            assertThat(dispatcherCpuNanos() - idleFrom).as("pool CPU after removing the " + n.name())
                    .isLessThan(TimeUnit.MILLISECONDS.toNanos(100));
            assertThat(threadNames()).as("the container's threads after the " + n.name()).containsAll(CONTAINER_THREADS);
        }
        System.out.println(report);
    }

    /** p50 and p99, in microseconds, of 200 invokes of the well-behaved component. */
    long[] measure() {
        long[] micros = new long[200];
        for (int i = 0; i < micros.length; i++) {
            long start = System.nanoTime();
            assertThat(invoke(dispatcher, "nb.nice", "add", Args.json("[20, 22]")).values()).containsExactly(42);
            micros[i] = TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - start);
        }
        Arrays.sort(micros);
        return new long[] {micros[100], micros[198]};
    }
}
