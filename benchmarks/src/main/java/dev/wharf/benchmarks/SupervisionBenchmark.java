package dev.wharf.benchmarks;

import dev.wharf.api.Codec;
import dev.wharf.api.ComponentId;
import dev.wharf.api.ComponentLimits;
import dev.wharf.api.ComponentMessage;
import dev.wharf.api.ComponentSpec;
import dev.wharf.api.Delivery;
import dev.wharf.api.RestartPolicy;
import dev.wharf.runtime.internal.actor.ComponentActor;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Throughput of a healthy component while another one crash-loops (a thread keeps making it
 * trap, so it is restarted over and over), against the same without the crash loop.
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar SupervisionBenchmark</pre>
 */
@State(Scope.Benchmark)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SupervisionBenchmark {

    @Param({"false", "true"})
    public boolean crashLoop;

    private Wired runtime;
    private Thread crasher;
    private volatile boolean running;
    private final ComponentMessage.InterComponent tell = new ComponentMessage.InterComponent(ComponentId.HOST,
            ComponentId.of("sink"), Codec.JSON.encode("\"hi\"".getBytes(StandardCharsets.UTF_8)));

    @Setup(Level.Trial)
    public void setUp() {
        runtime = Guests.runtime(0);
        Guests.deploy(runtime, "sink", "messaging", List.of(), List.of(), 10_000);
        // restarted whenever it traps: a window of 1 s keeps the backoff at 100-400 ms, never failing
        ComponentLimits crashy = new ComponentLimits(1 << 20, 1000, 16, 1000, 1000, RestartPolicy.PERMANENT,
                Integer.MAX_VALUE, 1000);
        runtime.deploy(new ComponentSpec(ComponentId.of("crashy"), "crashy.wasm", List.of(), List.of(), crashy),
                Guests.wasm("crashy"));
        if (crashLoop) {
            running = true;
            ComponentMessage.Invoke trap = new ComponentMessage.Invoke("trap", new byte[] {(byte) 0x81, 0x0e});
            crasher = new Thread(() -> {
                while (running) {
                    runtime.router().invoke(ComponentId.of("crashy"), trap).toCompletableFuture().handle((r, x) -> r).join();
                }
            }, "crash-loop");
            crasher.start();
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws InterruptedException {
        running = false;
        if (crasher != null) {
            crasher.join(5000);
        }
        System.out.println("\ncrashy restarted " + runtime.system().actor(ComponentId.of("crashy")).orElseThrow().restartCount()
                + " times");
        runtime.shutdown();
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public Delivery healthyTell() {
        Delivery d;
        while (!(d = runtime.router().tell(tell)).accepted()) {
            Thread.onSpinWait();
        }
        return d;
    }
}
