package dev.wharf.benchmarks;

import com.dylibso.chicory.compiler.MachineFactoryCompiler;
import com.dylibso.chicory.runtime.ExportFunction;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.wasm.Parser;
import dev.wharf.api.Codec;
import dev.wharf.api.ComponentId;
import dev.wharf.api.ComponentMessage;
import dev.wharf.api.InvokeResult;
import java.nio.charset.StandardCharsets;
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
 * Invoke of a trivial export ({@code add(i32, i32) -> i32}) through the dispatcher (decode,
 * mailbox, pool, guarded call, encode) against a direct call of the same compiled export.
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar InvokeBenchmark</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode({Mode.SampleTime})
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class InvokeBenchmark {

    private Wired runtime;
    private ExportFunction add;
    private final ComponentId id = ComponentId.of("bench");
    private final ComponentMessage.Invoke borsh = new ComponentMessage.Invoke("add",
            new byte[] {(byte) 0x81, 0x0e, 2, 0, 0, 0, 3, 0, 0, 0});
    private final ComponentMessage.Invoke json = new ComponentMessage.Invoke("add",
            Codec.JSON.encode("[2,3]".getBytes(StandardCharsets.UTF_8)));
    private final ComponentMessage.Invoke cbor = new ComponentMessage.Invoke("add", new byte[] {0x51, (byte) 0x82, 2, 3});

    @Setup(Level.Trial)
    public void setUp() {
        var module = Parser.parse(Guests.wasm("bench"));
        Instance direct = Instance.builder(module).withMachineFactory(MachineFactoryCompiler.compile(module)).build();
        add = direct.export("add");
        runtime = Guests.runtime(0);
        Guests.deploy(runtime, "bench", "bench", java.util.List.of(), java.util.List.of(), 1000);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        runtime.shutdown();
    }

    @Benchmark
    public long directChicoryCall() {
        return add.apply(2, 3)[0];
    }

    @Benchmark
    public InvokeResult dispatcherInvokeBorsh() {
        return runtime.router().call(id, borsh, Wired.WAIT);
    }

    @Benchmark
    public InvokeResult dispatcherInvokeCbor() {
        return runtime.router().call(id, cbor, Wired.WAIT);
    }

    @Benchmark
    public InvokeResult dispatcherInvokeJson() {
        return runtime.router().call(id, json, Wired.WAIT);
    }
}
