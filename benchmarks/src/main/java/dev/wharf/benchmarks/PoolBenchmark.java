package dev.wharf.benchmarks;

import dev.wharf.api.ComponentAttribute;
import dev.wharf.api.ComponentId;
import dev.wharf.api.ComponentMessage;
import dev.wharf.api.ComponentSpec;
import dev.wharf.runtime.internal.header.ComponentHeader;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Instance pools (issue 26): a compute-bound guest asked from 4 sender threads at once, deployed
 * with header attribute {@code instances} = 1 and = 2 in the same run. With one instance the
 * asks take turns; with two, two of them can be handled at once, one per core of a 2-core machine
 * (the target is at least 1.7× the throughput of {@code instances=1}).
 * <p>
 * The guest is benchmarks/src/main/wat/pool.wat (a core module of Wharf's own ABI): its
 * {@code handle-message} runs {@link #iterations} rounds of xorshift64 folded by a multiply-add
 * on a seed from the payload, about 50 µs of pure computation on the reference machine (see
 * BENCHMARKS.md), and replies with the 8-byte result. Every sender asks as the host,
 * synchronously ({@code MessageRouter.askAndWait}, as {@link ActorBenchmark}).
 * <ul>
 *   <li>{@code askThroughput}: asks per second, all 4 threads together (Mode.Throughput);</li>
 *   <li>{@code askLatency}: the time of one ask, queueing for an instance included
 *       (Mode.SampleTime: read p50 and p99 of {@code instances=2} beside the throughput).</li>
 * </ul>
 * Both params and both methods with the defaults take about 2 minutes:
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar PoolBenchmark</pre>
 *
 * The time of one message alone (what {@link #iterations} is calibrated to; recalibrate on
 * another machine with {@code -p iterations=N}):
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar 'PoolBenchmark.askLatency' -t 1 -p instances=1</pre>
 *
 * The component is deployed from a {@code Wasm-Component} clause's attributes
 * ({@code ComponentHeader.toSpec}), {@code instances} among them; a runtime that does not read
 * that attribute fails {@code instances=2} in its setup, saying so, rather than measure one
 * instance twice.
 */
@State(Scope.Benchmark)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 4, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@Threads(4)
public class PoolBenchmark {

    private static final ComponentId ID = ComponentId.of("pool");
    private static final long SEED = 0x2545F4914F6CDD1DL;

    /** How many instances may serve the component at once: header attribute {@code instances}. */
    @Param({"1", "2"})
    public int instances;

    /** Rounds of the guest's loop per message: about 50 µs on the reference machine. */
    @Param({"26000"})
    public int iterations;

    private Wired runtime;
    private ComponentMessage.InterComponent message;
    private long expected;
    private final Duration timeout = Wired.WAIT;

    @Setup
    public void setUp() {
        Map<String, String> header = new HashMap<>();
        header.put("id", ID.value());
        header.put("rate-limit", String.valueOf(Integer.MAX_VALUE));
        header.put(ComponentAttribute.INSTANCES.headerName(), String.valueOf(instances));
        ComponentSpec spec = ComponentHeader.toSpec("pool.wasm", header);
        if (spec.limits().instances() != instances) {
            throw new IllegalStateException("instances=" + instances + ": the header gave a spec of "
                    + spec.limits().instances() + " instance(s); this runtime does not read the attribute yet");
        }
        runtime = Guests.runtime(0);
        runtime.deploy(spec, Guests.wasm("pool"));

        byte[] payload = ByteBuffer.allocate(14).order(ByteOrder.LITTLE_ENDIAN)
                .put((byte) 0x81).put((byte) 0x0e).putInt(iterations).putLong(SEED).array();
        message = new ComponentMessage.InterComponent(ComponentId.HOST, ID, payload);
        expected = burn(iterations, SEED);
        check(ask());
    }

    @TearDown
    public void tearDown() {
        runtime.shutdown();
    }

    /** What the guest computes, in Java: the answer every ask is checked against once, in the setup. */
    static long burn(int n, long seed) {
        long x = seed | 1;
        long acc = 0;
        for (int i = 0; i < n; i++) {
            x ^= x << 13;
            x ^= x >>> 7;
            x ^= x << 17;
            acc = acc * 0x9E3779B97F4A7C15L + x;
        }
        return acc;
    }

    private void check(byte[] reply) {
        ByteBuffer r = ByteBuffer.wrap(reply).order(ByteOrder.LITTLE_ENDIAN);
        if (reply.length != 10 || reply[0] != (byte) 0x81 || reply[1] != 0x0e || r.getLong(2) != expected) {
            throw new IllegalStateException("the guest did not answer " + expected + ": " + java.util.Arrays.toString(reply));
        }
    }

    private byte[] ask() {
        return runtime.router().askAndWait(message, timeout);
    }

    /** Asks per second, from 4 threads. */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public byte[] askThroughput() {
        return ask();
    }

    /** The time of one ask, its wait for a free instance included: read its p99. */
    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public byte[] askLatency() {
        return ask();
    }
}
