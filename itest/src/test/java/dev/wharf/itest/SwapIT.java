package dev.wharf.itest;

import static dev.wharf.itest.WharfTestSupport.eventually;
import static dev.wharf.itest.WharfTestSupport.invoke;
import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.api.ComponentId;
import dev.wharf.api.ComponentMessage;
import dev.wharf.api.Delivery;
import dev.wharf.api.ErrorCode;
import dev.wharf.api.MessageDispatcher;
import dev.wharf.api.runtime.ComponentRuntime;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.junit5.context.BundleContextExtension;
import org.osgi.test.junit5.service.ServiceExtension;

/**
 * Hot swap under load: senders at full speed while the component's bundle is updated 20 times,
 * to good versions, to a module that is not WebAssembly and to one that refuses the state. The
 * count the guest carries across the swaps equals the senders' accepted messages, no message is
 * refused because of a swap, and the last good version serves at the end.
 */
@ExtendWith(BundleContextExtension.class)
@ExtendWith(ServiceExtension.class)
class SwapIT {

    @InjectBundleContext
    BundleContext context;

    @InjectService(timeout = 10_000)
    MessageDispatcher dispatcher;

    @InjectService(timeout = 10_000)
    ComponentRuntime runtime;

    static final String HEADER = "swap.wasm;id=swapper;mailbox=100000";

    static byte[] jar(String version, byte[] module) {
        return ComponentBundles.jar("test.swap", version, Map.of("Wasm-Component", HEADER, "Require-Capability",
                ComponentBundles.REQUIREMENT), Map.of("swap.wasm", module));
    }

    /** Collects the runtime's "updated" lines: they carry the pause of each swap. */
    static final class Updates extends Handler {
        final List<String> lines = new CopyOnWriteArrayList<>();

        @Override
        public void publish(LogRecord r) {
            if (r.getMessage() != null && r.getMessage().startsWith("component swapper updated")) {
                lines.add(r.getMessage());
            }
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    }

    /**
     * Sends to {@code id} at full speed until {@code max} are accepted or {@code running} ends; a
     * full mailbox is back pressure (the sender tries again), any other refusal is counted by code.
     */
    Callable<Long> sender(String id, long max, AtomicBoolean running, Map<ErrorCode, LongAdder> refusals) {
        return () -> {
            long n = 0;
            ComponentMessage.InterComponent m = new ComponentMessage.InterComponent(ComponentId.HOST, ComponentId.of(id),
                    Args.json("1"));
            while (running.get() && n < max) {
                Delivery d = dispatcher.tell(m);
                if (d.accepted()) {
                    n++;
                    continue;
                }
                ErrorCode code = ((Delivery.Refused) d).error().code();
                if (code != ErrorCode.MAILBOX_FULL) {
                    refusals.computeIfAbsent(code, c -> new LongAdder()).increment();
                }
                Thread.onSpinWait();
            }
            return n;
        };
    }

    @Test
    void twentySwapsUnderLoadLoseNothingRefuseNothingAndKeepTheCount() throws Exception {
        Logger jul = Logger.getLogger("dev.wharf.runtime");
        Updates updates = new Updates();
        jul.addHandler(updates);
        Bundle b = context.installBundle("wharf-itest:test.swap", ComponentBundles.stream(jar("1.0.0",
                ComponentBundles.guest("swap-v1"))));
        b.start();
        AtomicBoolean running = new AtomicBoolean(true);
        Map<ErrorCode, LongAdder> refusals = new ConcurrentHashMap<>();
        ExecutorService senders = Executors.newFixedThreadPool(2, r -> new Thread(r, "swap-sender"));
        List<Future<Long>> accepted = new ArrayList<>();
        for (int s = 0; s < 2; s++) {
            accepted.add(senders.submit(sender("swapper", 500_000, running, refusals)));
        }
        try {
            String good = "1";
            int refusedUpdates = 0;
            for (int i = 1; i <= 20; i++) {
                String version = "1.0." + i;
                byte[] module;
                String next = good;
                if (i == 10) {
                    module = ComponentBundles.guest("swap-vrefuse"); // refuses the state: the swap is rolled back
                    refusedUpdates++;
                } else if (i % 7 == 3) {
                    module = "not a WebAssembly module".getBytes(StandardCharsets.UTF_8);
                    refusedUpdates++;
                } else {
                    next = i % 2 == 0 ? "2" : "1";
                    module = ComponentBundles.guest("swap-v" + next);
                }
                b.update(ComponentBundles.stream(jar(version, module)));
                good = next;
                // the component never stops being served
                assertThat(runtime.component(ComponentId.of("swapper")).orElseThrow().live()).isTrue();
            }
            running.set(false);
            long sent = 0;
            for (Future<Long> f : accepted) {
                sent += f.get(30, TimeUnit.SECONDS);
            }
            long total = sent;
            eventually(() -> ((Number) invoke(dispatcher, "swapper", "count", Args.json("[]")).values().get(0)).longValue()
                    == total, "every accepted message handled, across the swaps");
            assertThat(refusals).as("messages refused because of a swap").isEmpty();
            assertThat(invoke(dispatcher, "swapper", "version", Args.json("[]")).values()).containsExactly(Integer.parseInt(good));
            assertThat(runtime.problems()).filteredOn(p -> p.bundleId() == b.getBundleId())
                    .allMatch(p -> p.message().contains("refused"));
            long[] pauses = updates.lines.stream().map(Pattern.compile("delivery paused (\\d+) us")::matcher)
                    .filter(Matcher::find).mapToLong(m -> Long.parseLong(m.group(1))).sorted().toArray();
            System.out.println("SwapIT: " + total + " messages during 20 updates (" + refusedUpdates + " refused, "
                    + pauses.length + " swaps); delivery paused p50 " + pauses[pauses.length / 2] + " us, max "
                    + pauses[pauses.length - 1] + " us; all: " + Arrays.toString(pauses));
            assertThat(pauses.length).isEqualTo(20 - refusedUpdates);
        } finally {
            running.set(false);
            senders.shutdownNow();
            jul.removeHandler(updates);
            b.uninstall();
        }
    }

    @Test
    void swapsRestartsAndUpdatesOfTheServicesUnderLoadLoseNothingAndAdmitNothingWrongly() throws Exception {
        Bundle b = context.installBundle("wharf-itest:test.swap2", ComponentBundles.stream(ComponentBundles.jar("test.swap2",
                "1.0.0", Map.of("Wasm-Component", "swap.wasm;id=swapper2;mailbox=100000", "Require-Capability",
                        ComponentBundles.REQUIREMENT), Map.of("swap.wasm", ComponentBundles.guest("swap-v1")))));
        b.start();
        // a sender the policy never admits: while the policy is away and back, nothing of it gets through
        // (the guest's send_to_sink sends to the id "sink")
        new ComponentBundles(context).start("mailbox.wasm;id=svc.stranger;send-to=sink, "
                + "mailbox.wasm;id=sink;receive-from=nobody", "mailbox");
        AtomicBoolean running = new AtomicBoolean(true);
        Map<ErrorCode, LongAdder> refusals = new ConcurrentHashMap<>();
        ExecutorService senders = Executors.newFixedThreadPool(1, r -> new Thread(r, "swap-sender"));
        Future<Long> accepted = senders.submit(sender("swapper2", 300_000, running, refusals));
        Bundle security = WharfTestSupport.bundle(context, "dev.wharf.security");
        Bundle registry = WharfTestSupport.bundle(context, "dev.wharf.registry");
        try {
            for (int round = 1; round <= 3; round++) {
                security.stop();
                assertThat(invoke(dispatcher, "svc.stranger", "send_to_sink", Args.json("[]")).values().get(0))
                        .as("a denied sender while no policy is present").isIn(0, -2);
                security.start();
                registry.stop();
                registry.start();
                // and updated, as a new version dropped in would be
                security.update();
                registry.update();
                b.update(ComponentBundles.stream(ComponentBundles.jar("test.swap2", "1.0." + round, Map.of("Wasm-Component",
                        "swap.wasm;id=swapper2;mailbox=100000", "Require-Capability", ComponentBundles.REQUIREMENT),
                        Map.of("swap.wasm", ComponentBundles.guest(round % 2 == 0 ? "swap-v1" : "swap-v2")))));
            }
            running.set(false);
            long total = accepted.get(60, TimeUnit.SECONDS);
            eventually(() -> ((Number) invoke(dispatcher, "swapper2", "count", Args.json("[]")).values().get(0)).longValue()
                    == total, "every accepted message handled");
            // fail closed: refused after waiting for a policy, answered, not lost; nothing else refused
            assertThat(refusals.keySet()).isSubsetOf(ErrorCode.NO_POLICY);
            // the stranger's messages that waited for a policy were denied by it: sink saw none
            eventually(() -> invoke(dispatcher, "svc.stranger", "send_to_sink", Args.json("[]")).values().get(0)
                    .equals(-2), "the policy back");
            assertThat(invoke(dispatcher, "sink", "count", Args.json("[]")).values()).containsExactly(0);
            System.out.println("SwapIT: " + total + " messages while the security and registry bundles were restarted and "
                    + "updated 3 times each and the component was swapped 3 times; " + refusals.getOrDefault(ErrorCode.NO_POLICY, new LongAdder()).sum() + " refused after waiting for a policy");
        } finally {
            running.set(false);
            senders.shutdownNow();
            security.start(); // whatever happened, the next test has its policy and registry
            registry.start();
            b.uninstall();
        }
    }
}
