package dev.wharf.itest;

import static dev.wharf.itest.WharfTestSupport.eventually;

import dev.wharf.api.Codec;
import dev.wharf.api.ComponentId;
import dev.wharf.api.MessageDispatcher;
import dev.wharf.api.runtime.ComponentRuntime;
import dev.wharf.api.runtime.ComponentStats;
import dev.wharf.api.runtime.InstanceStats;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * The fixtures of the instance pool tests ({@code InstancesIT}, {@code InstancesUnderLoadIT}):
 * the messages of the test guest pool-worker (src/test/wat/pool-worker.wat) and pool-relay, its
 * versions, a calibration of its compute loop, a load from several host threads, and the
 * runtime's settings changed for one test and put back after it.
 */
final class InstancePools {

    static final Duration WAIT = Duration.ofSeconds(10);
    private static final byte[] VERSION_MARK = "pool-version:1".getBytes(StandardCharsets.US_ASCII);
    // rounds of the guest's compute loop per millisecond, measured once
    private static volatile double roundsPerMs;

    private InstancePools() {}

    /** pool-worker whose answers carry version {@code version} (1 to 9): the same module with its version byte patched. */
    static byte[] worker(int version) {
        byte[] wasm = ComponentBundles.guest("pool-worker");
        int at = indexOf(wasm, VERSION_MARK);
        if (at < 0 || indexOf(java.util.Arrays.copyOfRange(wasm, at + 1, wasm.length), VERSION_MARK) >= 0) {
            throw new IllegalStateException("pool-worker.wasm has not exactly one version mark");
        }
        wasm[at + VERSION_MARK.length - 1] = (byte) ('0' + version);
        return wasm;
    }

    private static int indexOf(byte[] in, byte[] what) {
        outer:
        for (int i = 0; i + what.length <= in.length; i++) {
            for (int j = 0; j < what.length; j++) {
                if (in[i + j] != what[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** A message to pool-worker: op, rounds of its compute loop, then {@code rest}. */
    static byte[] message(char op, int rounds, byte[] rest) {
        ByteBuffer b = ByteBuffer.allocate(5 + rest.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) op).putInt(rounds).put(rest);
        return Codec.BORSH.encode(b.array());
    }

    /** "r": computes for about {@code ms} milliseconds, then replies its version byte and the body after the op. */
    static byte[] replyAfter(double ms, String tag) {
        return message('r', rounds(ms), tag.getBytes(StandardCharsets.UTF_8));
    }

    /** "w": computes for about {@code ms}, then forwards its sender, seq and tag to pool.collector. */
    static byte[] forwardAfter(double ms, int seq, String tag) {
        byte[] t = tag.getBytes(StandardCharsets.UTF_8);
        return message('w', rounds(ms), ByteBuffer.allocate(4 + t.length).order(ByteOrder.LITTLE_ENDIAN)
                .putInt(seq).put(t).array());
    }

    static byte[] trap() {
        return Codec.BORSH.encode(new byte[] {'x'});
    }

    /** To pool-relay: send pool.order {@code count} messages, seq from {@code from}, each computing for about {@code ms}. */
    static byte[] burst(int from, int count, double ms) {
        return Args.borsh(from, count, rounds(ms));
    }

    /** The version byte of a reply of "r" (a char: '1', '2', ...). */
    static char version(byte[] reply) {
        return (char) Codec.BORSH.body(reply)[0];
    }

    /** The body of a reply of "r" after the version byte and the rounds: the tag sent. */
    static String tag(byte[] reply) {
        byte[] body = Codec.BORSH.body(reply);
        return new String(body, 5, body.length - 5, StandardCharsets.UTF_8);
    }

    static int rounds(double ms) {
        if (roundsPerMs == 0) {
            throw new IllegalStateException("calibrate first");
        }
        return (int) Math.min(Integer.MAX_VALUE, Math.max(1, Math.round(ms * roundsPerMs)));
    }

    /**
     * Measures the rounds of pool-worker's compute loop per millisecond through its export spin,
     * in component {@code id}, once per framework (the test bundle's classes are loaded once).
     */
    static void calibrate(MessageDispatcher dispatcher, String id) {
        if (roundsPerMs != 0) {
            return;
        }
        int n = 10_000_000;
        long best = Long.MAX_VALUE;
        // the first rounds warm the JIT up; the fastest of the others counts, so that a call takes at least what it asks
        for (int i = 0; i < 16; i++) {
            long t0 = System.nanoTime();
            WharfTestSupport.invoke(dispatcher, id, "spin", Args.json("[" + n + "]"));
            long took = System.nanoTime() - t0;
            if (i >= 8) {
                best = Math.min(best, took);
            }
        }
        roundsPerMs = n / (best / 1e6);
        System.out.printf("InstancePools: pool-worker computes %.0f rounds per ms%n", roundsPerMs);
    }

    static ComponentStats stats(ComponentRuntime runtime, String id) {
        return runtime.stats(ComponentId.of(id)).orElseThrow(() -> new AssertionError("no stats of " + id));
    }

    static List<InstanceStats> instances(ComponentRuntime runtime, String id) {
        return stats(runtime, id).instances();
    }

    /** Waits until component {@code id} has {@code n} instances, all READY, loading it from {@code n} threads meanwhile. */
    static void growTo(MessageDispatcher dispatcher, ComponentRuntime runtime, String id, int n) {
        try (Load load = new Load(n, thread -> dispatcher.askAndWait(WharfTestSupport.fromHost(id, replyAfter(2, "warm")),
                WAIT))) {
            eventually(() -> instances(runtime, id).size() >= n, n + " instances of " + id + " under load");
            load.stop();
        }
        eventually(() -> {
            List<InstanceStats> now = instances(runtime, id);
            return now.size() == n && now.stream().allMatch(i -> i.state() == dev.wharf.api.ComponentState.READY
                    && !i.busy() && i.mailboxDepth() == 0);
        }, n + " instances of " + id + " ready and idle");
    }

    /** Runs {@code task} in a loop on {@code threads} host threads until stopped; counts what it did and what failed. */
    static final class Load implements AutoCloseable {

        interface Task {
            void run(int thread) throws Exception;
        }

        final AtomicBoolean running = new AtomicBoolean(true);
        final AtomicLong done = new AtomicLong();
        final AtomicLong started = new AtomicLong();
        final List<Throwable> failures = new CopyOnWriteArrayList<>();
        private final List<Thread> threads = new ArrayList<>();
        private static final AtomicInteger SEQUENCE = new AtomicInteger();

        Load(int n, Task task) {
            for (int t = 0; t < n; t++) {
                int thread = t;
                Thread th = new Thread(() -> {
                    while (running.get()) {
                        started.incrementAndGet();
                        try {
                            task.run(thread);
                            done.incrementAndGet();
                        } catch (Throwable e) {
                            failures.add(e);
                        }
                    }
                }, "pool-load-" + SEQUENCE.incrementAndGet());
                threads.add(th);
                th.start();
            }
        }

        /** Stops the threads and waits for their last task. */
        void stop() {
            running.set(false);
            for (Thread th : threads) {
                try {
                    th.join(TimeUnit.SECONDS.toMillis(30));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError(e);
                }
                if (th.isAlive()) {
                    throw new AssertionError(th.getName() + " still in its task after 30 s");
                }
            }
        }

        @Override
        public void close() {
            stop();
        }
    }

    /**
     * A configuration of {@code pid} changed for one test: {@link #restore} puts back what was
     * there (or deletes it when there was none).
     */
    static final class Setting {
        private final Configuration configuration;
        private final Dictionary<String, Object> before;

        Setting(ConfigurationAdmin cm, String pid, String key, Object value) throws IOException {
            configuration = cm.getConfiguration(pid, "?");
            before = configuration.getProperties();
            Dictionary<String, Object> next = before == null ? new java.util.Hashtable<>() : copy(before);
            next.put(key, value);
            configuration.update(next);
        }

        private static Dictionary<String, Object> copy(Dictionary<String, Object> d) {
            Dictionary<String, Object> out = new java.util.Hashtable<>();
            for (var keys = d.keys(); keys.hasMoreElements();) {
                String k = keys.nextElement();
                out.put(k, d.get(k));
            }
            return out;
        }

        void restore() throws IOException {
            if (before == null) {
                configuration.delete();
            } else {
                configuration.update(before);
            }
        }
    }

    /**
     * Waits until the runtime's service {@code serviceClass} (its DS component) runs with
     * {@code filter} in its properties: a configuration change reaches a component
     * asynchronously, and its service properties change with it.
     */
    static void awaitServiceProperties(BundleContext context, String serviceClass, String filter) {
        eventually(() -> {
            try {
                return context.getAllServiceReferences(serviceClass, filter) != null;
            } catch (InvalidSyntaxException e) {
                throw new IllegalArgumentException(e);
            }
        }, serviceClass + " with " + filter);
    }
}
