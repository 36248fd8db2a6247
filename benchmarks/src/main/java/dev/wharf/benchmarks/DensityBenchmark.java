package dev.wharf.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.util.List;
import java.util.concurrent.TimeUnit;
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
 * first (whose module is compiled and loaded once), printed after each iteration (a line
 * starting {@code density:}) beside the time it took to deploy them. The module has one page
 * (64 KiB) of linear memory, which each instance holds.
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar DensityBenchmark</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
public class DensityBenchmark {

    static final int COPIES = 1000;

    private Wired runtime;

    @Setup(Level.Iteration)
    public void setUp() {
        runtime = Guests.runtime(0);
    }

    @TearDown(Level.Iteration)
    public void tearDown() {
        runtime.shutdown();
    }

    @Benchmark
    public int thousandIdleComponents() {
        Guests.deploy(runtime, "first", StartupBenchmark.MODULE, List.of(), List.of(), 100);
        long heap0 = heapAfterGc();
        long meta0 = metaspace();
        for (int i = 0; i < COPIES; i++) {
            Guests.deploy(runtime, "idle" + i, StartupBenchmark.MODULE, List.of(), List.of(), 100);
        }
        long heap = heapAfterGc() - heap0;
        long meta = metaspace() - meta0;
        // JMH's counters add up over iterations: a line per iteration says it plainly
        System.out.printf("%ndensity: %.1f KiB of heap and %.1f bytes of metaspace per idle component, "
                + "%.0f components per GiB of heap%n", heap / 1024.0 / COPIES, (double) meta / COPIES,
                (1024.0 * 1024 * 1024) / Math.max(1, heap / (double) COPIES));
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
