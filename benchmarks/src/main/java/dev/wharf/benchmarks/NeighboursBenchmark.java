package dev.wharf.benchmarks;

import dev.wharf.api.ComponentAttribute;
import dev.wharf.api.ComponentId;
import dev.wharf.api.ComponentLimits;
import dev.wharf.api.ComponentMessage;
import dev.wharf.api.ComponentSpec;
import dev.wharf.api.InvokeResult;
import dev.wharf.spi.capability.Capability;
import dev.wharf.spi.capability.CapabilityFunction;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
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
 * An Invoke of one component through the dispatcher pool while {@code waiting} other components
 * each wait in a capability call that blocks until the trial ends (a slow server, a slow disk),
 * against the same Invoke with none waiting, in the same run. 256 of them wait
 * ({@code max-capability-calls}); the others are answered BUSY at once.
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar NeighboursBenchmark</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class NeighboursBenchmark {

    @Param({"0", "500"})
    int waiting;

    private Wired runtime;
    private final CountDownLatch release = new CountDownLatch(1);
    private final AtomicInteger inside = new AtomicInteger();
    private final ComponentId bench = ComponentId.of("bench");
    private final ComponentMessage.Invoke add = new ComponentMessage.Invoke("add",
            new byte[] {(byte) 0x81, 0x0e, 2, 0, 0, 0, 3, 0, 0, 0});

    @Setup(Level.Trial)
    public void setUp() throws InterruptedException {
        runtime = Guests.runtime(0);
        Capability wait = () -> List.of(CapabilityFunction.i32("wait", 0, (call, args) -> {
            inside.incrementAndGet();
            release.await();
            return 0;
        }));
        runtime.capabilities().bindCapability(wait, Map.of(Capability.NAME, "wait", "service.id", 1L));
        Guests.deploy(runtime, "bench", "bench", List.of(), List.of(), 1000);
        for (int i = 0; i < waiting; i++) {
            ComponentSpec spec = new ComponentSpec(ComponentId.of("w" + i), "waiter.wasm", List.of(), List.of(),
                    ComponentLimits.DEFAULTS, EnumSet.noneOf(ComponentAttribute.class), List.of("wait"), Map.of());
            runtime.deploy(spec, Guests.wasm("waiter"));
            runtime.router().tell(new ComponentMessage.InterComponent(ComponentId.HOST, spec.id(), new byte[] {(byte) 0x80, 0x04, '1'}));
        }
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (inside.get() < Math.min(waiting, 256) && System.nanoTime() < end) {
            Thread.onSpinWait();
        }
        if (inside.get() < Math.min(waiting, 256)) {
            throw new IllegalStateException(inside.get() + " of " + waiting + " components are waiting in the capability");
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        release.countDown();
        runtime.shutdown();
    }

    /** The Invoke through the pool, waited for: it always goes there, whatever caller-runs says. */
    @Benchmark
    public InvokeResult invokeBesideWaitingComponents() {
        return runtime.router().invoke(bench, add).toCompletableFuture().join();
    }
}
