package dev.wharf.itest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.api.ComponentId;
import dev.wharf.api.ComponentMessage;
import dev.wharf.api.ComponentRegistry;
import dev.wharf.api.MessageDispatcher;
import java.io.ByteArrayInputStream;
import java.io.File;
import java.lang.management.ManagementFactory;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.junit5.context.BundleContextExtension;
import org.osgi.test.junit5.service.ServiceExtension;

/**
 * Installing, starting, messaging, stopping and uninstalling a component bundle over and over
 * leaves heap, threads, loaded classes and open files flat: compiled modules, instances,
 * mailboxes and rate-limiter entries of a gone component all become unreachable.
 */
@ExtendWith(BundleContextExtension.class)
@ExtendWith(ServiceExtension.class)
class LeakIT {

    static final int CYCLES = 1000;

    @InjectBundleContext
    BundleContext context;

    @InjectService(timeout = 10_000)
    MessageDispatcher dispatcher;

    @InjectService(timeout = 10_000)
    ComponentRegistry registry;

    record Snapshot(long heap, int threads, int classes, int files) {
        @Override
        public String toString() {
            return "heap " + heap / 1024 + " KiB, " + threads + " threads, " + classes + " loaded classes, " + files
                    + " open files";
        }
    }

    /** Forces full collections until a fresh object has provably been collected, then measures. */
    static Snapshot measure() {
        for (int round = 0; round < 3; round++) {
            WeakReference<Object> sentinel = new WeakReference<>(new Object());
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (sentinel.get() != null && System.nanoTime() < end) {
                System.gc();
            }
        }
        Runtime rt = Runtime.getRuntime();
        String[] fds = new File("/proc/self/fd").list();
        return new Snapshot(rt.totalMemory() - rt.freeMemory(), Thread.activeCount(),
                ManagementFactory.getClassLoadingMXBean().getLoadedClassCount(), fds == null ? -1 : fds.length);
    }

    void cycle(byte[] jar, int i) throws Exception {
        Bundle b = context.installBundle("wharf-leak:" + i, new ByteArrayInputStream(jar));
        b.start();
        ComponentId id = ComponentId.of("leaky");
        Object r = dispatcher.invoke(id, new ComponentMessage.Invoke("count", Args.json("[]")))
                .toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertThat(r).isNotNull();
        byte[] reply = dispatcher.ask(new ComponentMessage.InterComponent(ComponentId.HOST, id, Args.json("\"echo\"")),
                Duration.ofSeconds(10)).toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertThat(reply).isNotEmpty();
        b.stop();
        b.uninstall();
    }

    @Test
    void thousandCyclesLeaveHeapThreadsClassesAndFilesFlat() throws Exception {
        // the mailbox guest answers the Invoke (count) and the ask (echo)
        byte[] jar = ComponentBundles.jar("test.leaky", "1.0.0", "mailbox.wasm;id=leaky", Map.of(
                "mailbox.wasm", ComponentBundles.guest("mailbox")));
        for (int i = 0; i < 50; i++) {
            cycle(jar, -i - 1);
        }
        Snapshot before = measure();
        long start = System.nanoTime();
        for (int i = 0; i < CYCLES; i++) {
            cycle(jar, i);
        }
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        Snapshot after = measure();
        System.out.println(CYCLES + " install/start/invoke/ask/stop/uninstall cycles in " + ms + " ms");
        System.out.println("before: " + before);
        System.out.println("after:  " + after);
        assertThat(after.heap() - before.heap()).as("heap growth").isLessThan(16L * 1024 * 1024);
        assertThat(after.threads() - before.threads()).as("thread growth").isLessThanOrEqualTo(2);
        assertThat(after.classes() - before.classes()).as("loaded class growth").isLessThan(200);
        if (before.files() >= 0) {
            assertThat(after.files() - before.files()).as("open file growth").isLessThanOrEqualTo(5);
        }
        assertThat(registry.lookup(ComponentId.of("leaky"))).as("nothing uninstalled stays registered").isEmpty();
    }
}
