package dev.wharf.benchmarks;

import com.dylibso.chicory.compiler.MachineFactoryCompiler;
import com.dylibso.chicory.runtime.ExportFunction;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.wasm.Parser;
import dev.wharf.api.ComponentId;
import dev.wharf.api.ComponentMessage;
import dev.wharf.api.InvokeResult;
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
 * A compute-bound guest against the same code in plain Java: {@code fib(27)} the recursive way,
 * compiled by Chicory and called directly, through Wharf's Invoke, and as a Java method.
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar ComputeBenchmark</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ComputeBenchmark {

    static final int N = 27;

    private ExportFunction fib;
    private Wired runtime;
    private final ComponentMessage.Invoke invoke = new ComponentMessage.Invoke("fib",
            new byte[] {(byte) 0x81, 0x0e, N, 0, 0, 0});

    @Setup(Level.Trial)
    public void setUp() {
        var module = Parser.parse(Guests.wasm("compute"));
        fib = Instance.builder(module).withMachineFactory(MachineFactoryCompiler.compile(module)).build().export("fib");
        runtime = Guests.runtime(0);
        Guests.deploy(runtime, "compute", "compute", List.of(), List.of(), 1000);
        if (javaFib() != (int) wasmFib() || javaFib() != ((Number) wharfFib().values().get(0)).intValue()) {
            throw new IllegalStateException("the three do not compute the same");
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        runtime.shutdown();
    }

    static int fib(int n) {
        return n < 2 ? n : fib(n - 1) + fib(n - 2);
    }

    @Benchmark
    public int javaFib() {
        return fib(N);
    }

    @Benchmark
    public long wasmFib() {
        return fib.apply(N)[0];
    }

    @Benchmark
    public InvokeResult wharfFib() {
        return runtime.router().call(ComponentId.of("compute"), invoke, Wired.WAIT);
    }
}
