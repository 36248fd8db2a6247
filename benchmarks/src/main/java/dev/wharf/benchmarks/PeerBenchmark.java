package dev.wharf.benchmarks;

import com.dylibso.chicory.compiler.MachineFactoryCompiler;
import com.dylibso.chicory.runtime.ExportFunction;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.wasm.Parser;
import dev.wharf.api.ComponentId;
import dev.wharf.api.ComponentMessage;
import dev.wharf.api.InvokeResult;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.extism.sdk.chicory.Manifest;
import org.extism.sdk.chicory.ManifestWasm;
import org.extism.sdk.chicory.Plugin;
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
 * Wharf against its peer, Extism's {@code Plugin.call} (chicory-sdk-core, compiled ahead of time,
 * its Chicory relocated beside Wharf's), on the same trivial work in the same run: {@code add} of
 * two i32 (Wharf: an Invoke in Borsh; Extism: 8 bytes in, 4 out) and an echo of 16 bytes
 * (Wharf: an ask into {@code handle-message}, answered with {@code reply}), with a direct call of
 * the compiled export as the floor.
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar PeerBenchmark</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class PeerBenchmark {

    private Wired runtime;
    private ExportFunction add;
    private Plugin extism;
    private final ComponentId bench = ComponentId.of("bench");
    private final ComponentMessage.Invoke addBorsh = new ComponentMessage.Invoke("add",
            new byte[] {(byte) 0x81, 0x0e, 2, 0, 0, 0, 3, 0, 0, 0});
    private final byte[] addInput = {2, 0, 0, 0, 3, 0, 0, 0};
    /** 16 bytes: the JSON prefix and a 14-byte JSON string. */
    private final byte[] echo16 = {(byte) 0x80, 0x04, '"', 'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'l', '"'};
    private final ComponentMessage.InterComponent echoMessage =
            new ComponentMessage.InterComponent(ComponentId.HOST, ComponentId.of("echo"), echo16);
    private final Duration timeout = Duration.ofSeconds(10);

    @Setup(Level.Trial)
    public void setUp() {
        var module = Parser.parse(Guests.wasm("bench"));
        add = Instance.builder(module).withMachineFactory(MachineFactoryCompiler.compile(module)).build().export("add");
        Manifest manifest = Manifest.ofWasms(ManifestWasm.fromBytes(Guests.wasm("extism-peer")).build())
                .withOptions(new Manifest.Options().withAoT()).build();
        extism = Plugin.ofManifest(manifest).build();
        runtime = Guests.runtime(0);
        Guests.deploy(runtime, "bench", "bench", List.of(), List.of(), 1000);
        Guests.deploy(runtime, "echo", "messaging", List.of(), List.of(), 1000);
        check();
    }

    /** Both sides do the same work: the answers are compared once before measuring. */
    private void check() {
        if (((Number) wharfInvokeAdd().values().get(0)).intValue() != 5 || extismAdd()[0] != 5
                || !java.util.Arrays.equals(extismEcho(), echo16) || !java.util.Arrays.equals(wharfAskEcho(), echo16)) {
            throw new IllegalStateException("the peers do not compute the same");
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        runtime.shutdown();
    }

    @Benchmark
    public long directAdd() {
        return add.apply(2, 3)[0];
    }

    @Benchmark
    public byte[] extismAdd() {
        return extism.call("add", addInput);
    }

    /** The synchronous call, as Extism's: an idle component runs on this thread (caller-runs). */
    @Benchmark
    public InvokeResult wharfInvokeAdd() {
        return runtime.router().call(bench, addBorsh, timeout);
    }

    /** The asynchronous Invoke, waited for: it always goes through the pool. */
    @Benchmark
    public InvokeResult wharfInvokeAddAsync() {
        return runtime.router().invoke(bench, addBorsh).toCompletableFuture().join();
    }

    @Benchmark
    public byte[] extismEcho() {
        return extism.call("echo", echo16);
    }

    /** The synchronous ask, as Extism's call: an idle component runs on this thread (caller-runs). */
    @Benchmark
    public byte[] wharfAskEcho() {
        return runtime.router().askAndWait(echoMessage, timeout);
    }

    /** The asynchronous ask, waited for: it always goes through the pool. */
    @Benchmark
    public byte[] wharfAskEchoAsync() {
        return runtime.router().ask(echoMessage, timeout).toCompletableFuture().join();
    }
}
