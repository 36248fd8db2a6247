package dev.wharf.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What an idle component costs: heap and metaspace of 1,000 components of one module beyond the
 * first (whose module is compiled and loaded once), reported as counters beside the time it took
 * to deploy them. The module has one page (64 KiB) of linear memory, which each instance holds.
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar DensityBenchmark</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 1) // the counters are summed over iterations: one gives the figure itself
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
public class DensityBenchmark {

    static final int COPIES = 1000;

    private Wired runtime;

    /** The footprint of one more component of a module already in use. */
    @AuxCounters(AuxCounters.Type.EVENTS)
    @State(Scope.Thread)
    public static class Footprint {
        public double heapKiBPerComponent;
        public double metaspaceBytesPerComponent;
        public double componentsPerGiBOfHeap;
    }

    @Setup(Level.Iteration)
    public void setUp() {
        runtime = Guests.runtime(0);
    }

    @TearDown(Level.Iteration)
    public void tearDown() {
        runtime.shutdown();
    }

    @Benchmark
    public int thousandIdleComponents(Footprint f) {
        Guests.deploy(runtime, "first", StartupBenchmark.MODULE, List.of(), List.of(), 100);
        long heap0 = heapAfterGc();
        long meta0 = metaspace();
        for (int i = 0; i < COPIES; i++) {
            Guests.deploy(runtime, "idle" + i, StartupBenchmark.MODULE, List.of(), List.of(), 100);
        }
        long heap = heapAfterGc() - heap0;
        long meta = metaspace() - meta0;
        f.heapKiBPerComponent = heap / 1024.0 / COPIES;
        f.metaspaceBytesPerComponent = (double) meta / COPIES;
        f.componentsPerGiBOfHeap = (1024.0 * 1024 * 1024) / Math.max(1, heap / (double) COPIES);
        return COPIES;
    }

    static long heapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    static long metaspace() {
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getName().equals("Metaspace")) {
                return p.getUsage().getUsed();
            }
        }
        return 0;
    }
}
