package dev.wharf.benchmarks;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.dylibso.chicory.compiler.MachineFactoryCompiler;
import com.dylibso.chicory.runtime.ByteArrayMemory;
import com.dylibso.chicory.runtime.ExportFunction;
import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.WasmFunctionHandle;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.FunctionImport;
import dev.wharf.api.ComponentId;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * An Extism plugin on Wharf against the same plugin on Extism's own SDK ({@code Plugin.call},
 * chicory-sdk-core, compiled ahead of time, its Chicory relocated beside Wharf's), in the same
 * run: {@code count_vowels} of the AssemblyScript plugin {@code extism/kitchen.wasm} (module
 * extism-plugins, @extism/as-pdk 1.0.0) on 1 KiB of ASCII text, answering a small JSON
 * ({@code {"count":C,"total":T,"vowels":"aeiouAEIOU"}}). The plugin reads its input through the
 * kernel, reads and writes var {@code total} (which grows with every call, on both sides alike)
 * and sets its output. Wharf: the synchronous byte call ({@code MessageRouter.callAndWait}, what
 * {@code WasmComponent.call(String, byte[])} calls), an idle component running on the caller's
 * thread. The floor: the same plugin compiled by Wharf's Chicory alone, its export called
 * directly with a bare kernel of a few lines ({@link BareKernel}: no checks, no policy, no turn)
 * and Chicory's paged {@code ByteArrayMemory} (Wharf's own memory is a flat array, see
 * BENCHMARKS.md), which shows what the two Chicory versions do with the plugin's code.
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar ExtismBenchmark</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ExtismBenchmark {

    private static final String FUNCTION = "count_vowels";
    /** 1 KiB of ASCII text, always the same. */
    static final byte[] INPUT = input(1024);

    private Wired runtime;
    private Plugin extism;
    private BareKernel bare;
    private final ComponentId kitchen = ComponentId.of("kitchen");
    private final Duration timeout = Duration.ofSeconds(10);

    /**
     * The floor runs on the classes of Wharf's Chicory with a memory of another class than
     * Wharf's: it is set up only in its own fork, so that the JIT's profile of Chicory's memory
     * accesses in Wharf's fork sees Wharf's memory alone (and the floor's its own). Extism's
     * Chicory is relocated, its classes apart.
     */
    @Setup(Level.Trial)
    public void setUp(BenchmarkParams params) {
        byte[] wasm = Guests.extismPlugin("kitchen");
        Manifest manifest = Manifest.ofWasms(ManifestWasm.fromBytes(wasm).build())
                .withOptions(new Manifest.Options().withAoT()).build();
        extism = Plugin.ofManifest(manifest).build();
        if (params.getBenchmark().endsWith(".directCountVowels")) {
            bare = new BareKernel(wasm, INPUT);
        } else {
            runtime = Guests.runtime(0);
            Guests.deploy(runtime, "kitchen", "kitchen.wasm", wasm, List.of(), List.of(), 1000);
        }
        check();
    }

    /**
     * Both sides do the same work: their first answers must both be the JSON expected from the
     * count made here, before measuring (var {@code total} is then the count on both).
     */
    private void check() {
        long vowels = 0;
        for (byte b : INPUT) {
            vowels += "aeiouAEIOU".indexOf(b) >= 0 ? 1 : 0;
        }
        String expected = "{\"count\":" + vowels + ",\"total\":" + vowels + ",\"vowels\":\"aeiouAEIOU\"}";
        String peer = new String(extismCountVowels(), UTF_8);
        String other = new String(runtime != null ? wharfCallCountVowels() : directCountVowels(), UTF_8);
        if (!peer.equals(expected) || !other.equals(expected)) {
            throw new IllegalStateException("the peers do not compute the same: expected " + expected + ", Extism "
                    + peer + ", " + (runtime != null ? "Wharf " : "direct ") + other);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        if (runtime != null) {
            runtime.shutdown();
        }
    }

    /** The floor: Chicory alone, the export called directly, the bare kernel. */
    @Benchmark
    public byte[] directCountVowels() {
        return bare.call();
    }

    @Benchmark
    public byte[] extismCountVowels() {
        return extism.call(FUNCTION, INPUT);
    }

    /** The synchronous byte call, as Extism's: an idle component runs on this thread (caller-runs). */
    @Benchmark
    public byte[] wharfCallCountVowels() {
        return runtime.router().callAndWait(kitchen, FUNCTION, INPUT, timeout);
    }

    /** {@code n} bytes of English text, repeated. */
    private static byte[] input(int n) {
        byte[] text = "The quick brown fox jumps over the lazy dog; pack my box with five dozen liquor jugs. "
                .getBytes(UTF_8);
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = text[i % text.length];
        }
        return b;
    }

    /**
     * The least an Extism kernel can be, for one plugin on Chicory and one fixed input: a bump
     * allocator over a byte array emptied before each call, the input read in place, vars in a
     * map, no configuration, logs dropped, and no offset checked.
     */
    static final class BareKernel {

        private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
        private final byte[] input;
        private final Map<Integer, Integer> blocks = new HashMap<>();
        private final Map<String, byte[]> vars = new HashMap<>();
        private final ExportFunction function;
        private byte[] memory = new byte[65_536];
        private int top = 16;
        private int outputOffset;
        private int outputLength;

        BareKernel(byte[] wasm, byte[] input) {
            this.input = input;
            WasmModule module = Parser.parse(wasm);
            List<HostFunction> functions = new ArrayList<>();
            for (int i = 0; i < module.importSection().importCount(); i++) {
                if (module.importSection().getImport(i) instanceof FunctionImport f) {
                    functions.add(new HostFunction(f.module(), f.name(), module.typeSection().getType(f.typeIndex()),
                            host(f.name())));
                }
            }
            Instance instance = Instance.builder(module)
                    .withImportValues(ImportValues.builder().addFunction(functions.toArray(HostFunction[]::new)).build())
                    .withMachineFactory(MachineFactoryCompiler.compile(module))
                    .withMemoryFactory(ByteArrayMemory::new) // Chicory's paged memory
                    .build();
            function = instance.export(FUNCTION);
        }

        byte[] call() {
            top = 16;
            blocks.clear();
            outputOffset = outputLength = 0;
            function.apply();
            return Arrays.copyOfRange(memory, outputOffset, outputOffset + outputLength);
        }

        private WasmFunctionHandle host(String name) {
            return switch (name) {
                case "alloc" -> (i, a) -> new long[] {alloc((int) a[0])};
                case "length", "length_unsafe" -> (i, a) -> new long[] {blocks.getOrDefault((int) a[0], 0)};
                case "load_u8" -> (i, a) -> new long[] {memory[(int) a[0]] & 0xFF};
                case "load_u64" -> (i, a) -> new long[] {(long) LONGS.get(memory, (int) a[0])};
                case "store_u8" -> (i, a) -> {
                    memory[(int) a[0]] = (byte) a[1];
                    return null;
                };
                case "store_u64" -> (i, a) -> {
                    LONGS.set(memory, (int) a[0], a[1]);
                    return null;
                };
                case "input_length" -> (i, a) -> new long[] {input.length};
                case "input_load_u8" -> (i, a) -> new long[] {input[(int) a[0]] & 0xFF};
                case "input_load_u64" -> (i, a) -> new long[] {(long) LONGS.get(input, (int) a[0])};
                case "output_set" -> (i, a) -> {
                    outputOffset = (int) a[0];
                    outputLength = (int) a[1];
                    return null;
                };
                case "var_get" -> (i, a) -> {
                    byte[] v = vars.get(text(a[0]));
                    return new long[] {v == null ? 0 : place(v)};
                };
                case "var_set" -> (i, a) -> {
                    vars.put(text(a[0]), Arrays.copyOfRange(memory, (int) a[1], (int) a[1] + blocks.get((int) a[1])));
                    return null;
                };
                case "error_set" -> (i, a) -> {
                    if (a[0] != 0) {
                        throw new IllegalStateException(text(a[0]));
                    }
                    return null;
                };
                case "config_get" -> (i, a) -> new long[] {0};
                case "free", "log_trace", "log_debug", "log_info", "log_warn", "log_error" -> (i, a) -> null;
                // refused when the floor is set up, before anything is measured
                default -> throw new IllegalArgumentException("the bare kernel has no " + name
                        + ": the benchmark's plugin must import only the functions above");
            };
        }

        private int alloc(int n) {
            if (top + n > memory.length) {
                memory = Arrays.copyOf(memory, Math.max(2 * memory.length, top + n));
            }
            int offset = top;
            top += n;
            blocks.put(offset, n);
            return offset;
        }

        private int place(byte[] data) {
            int offset = alloc(data.length);
            System.arraycopy(data, 0, memory, offset, data.length);
            return offset;
        }

        private String text(long offset) {
            return new String(memory, (int) offset, blocks.get((int) offset), UTF_8);
        }
    }
}
