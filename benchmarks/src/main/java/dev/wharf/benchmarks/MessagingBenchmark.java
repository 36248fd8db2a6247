package dev.wharf.benchmarks;

import com.dylibso.chicory.compiler.MachineFactoryCompiler;
import com.dylibso.chicory.runtime.ExportFunction;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.wasm.Parser;
import dev.wharf.api.Codec;
import dev.wharf.api.ComponentId;
import dev.wharf.api.ComponentMessage;
import dev.wharf.api.Delivery;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Messages through the whole path (codec check, declarations, mailbox, pool, alloc, memory
 * writes, handle-message, dealloc) against a direct call of a trivial export in the same run,
 * with the runtime's tracing {@code off} (no OpenTelemetry), through the API's {@code noop} and
 * through an {@code sdk} that samples every span ({@link Tracings}).
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar MessagingBenchmark</pre>
 */
@State(Scope.Benchmark)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class MessagingBenchmark {

    static final int BURST = 1000;

    @Param({"off", "noop", "sdk"})
    public String tracing;

    private Tracings tracings;
    private Wired runtime;
    private ExportFunction directAdd;
    private final ComponentId sink = ComponentId.of("sink");
    private final ComponentId producer = ComponentId.of("producer");
    private final byte[] payload = Codec.JSON.encode("\"hi\"".getBytes(StandardCharsets.UTF_8));
    private final ComponentMessage.InterComponent message =
            new ComponentMessage.InterComponent(ComponentId.HOST, sink, payload);
    private final ComponentMessage.Invoke burst = new ComponentMessage.Invoke("burst",
            new byte[] {(byte) 0x81, 0x0e, (byte) (BURST & 0xff), (byte) (BURST >> 8), 0, 0});
    private final Duration askTimeout = Duration.ofSeconds(10);

    @Setup(Level.Trial)
    public void setUp() {
        // the baseline: a trivial export of a module without imports, called directly
        var module = Parser.parse(Guests.wasm("bench"));
        Instance direct = Instance.builder(module).withMachineFactory(MachineFactoryCompiler.compile(module)).build();
        directAdd = direct.export("add");
        tracings = new Tracings(tracing);
        runtime = Guests.runtime(0, tracings.telemetry);
        Guests.deploy(runtime, "sink", "messaging", List.of("producer"), List.of(), 10_000);
        Guests.deploy(runtime, "producer", "messaging", List.of(), List.of("sink"), 1000);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        runtime.shutdown();
        tracings.close();
    }

    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public long directChicoryCall() {
        return directAdd.apply(2, 3)[0];
    }

    /** Request and reply: host to guest, guest's reply back to the host. */
    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public byte[] askRoundTrip() {
        return runtime.router().askAndWait(message, askTimeout);
    }

    /** Host tells, at the rate the guest handles them (a full mailbox is retried). */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public Delivery tellHostToGuest() {
        Delivery d;
        while (!(d = runtime.router().tell(message)).accepted()) {
            Thread.onSpinWait();
        }
        return d;
    }

    /** A guest sends {@value #BURST} messages to another guest per invocation. */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @OperationsPerInvocation(BURST)
    public Object tellGuestToGuest() {
        return runtime.router().call(producer, burst, askTimeout);
    }
}
