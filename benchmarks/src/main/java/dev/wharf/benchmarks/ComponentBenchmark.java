package dev.wharf.benchmarks;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.dylibso.chicory.runtime.ExportFunction;
import com.dylibso.chicory.runtime.Memory;
import dev.wharf.api.ComponentId;
import dev.wharf.api.Delivery;
import dev.wharf.api.DeliveryRefusedException;
import dev.wharf.api.ErrorCode;
import dev.wharf.runtime.internal.component.WitValue;
import dev.wharf.runtime.internal.component.binary.Ast;
import dev.wharf.runtime.internal.component.binary.ComponentParser;
import dev.wharf.runtime.internal.component.link.CanonicalFunctions;
import dev.wharf.runtime.internal.component.link.ComponentFunction;
import dev.wharf.runtime.internal.component.link.Linker;
import dev.wharf.runtime.internal.component.link.Linking;
import dev.wharf.runtime.internal.component.wasi.Wasi;
import dev.wharf.runtime.internal.engine.CapabilityImport;
import dev.wharf.runtime.internal.engine.CompiledModule;
import dev.wharf.runtime.internal.engine.GuestInstance;
import dev.wharf.runtime.internal.engine.GuestMemory;
import dev.wharf.runtime.internal.engine.WasmEngine;
import dev.wharf.runtime.internal.guest.Deadline;
import dev.wharf.runtime.internal.guest.Guest;
import dev.wharf.runtime.internal.guest.GuestHost;
import dev.wharf.runtime.internal.guest.GuestVars;
import dev.wharf.runtime.internal.guest.ValueForm;
import dev.wharf.runtime.internal.guest.component.ComponentModule;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * A WebAssembly component's {@code echo: func(s: string) -> string} on a 16-byte ASCII string,
 * beside the core-ABI echo in the same run. The component is components/echo-bench.wasm of module
 * wasm-components, whose core does the same work as the core-ABI echo's guest (messaging.wat: a
 * bump allocator, the bytes handed back, the heap reset after the call), so that the difference
 * is the canonical ABI's and the runtime's, not the guests' (the test component "echo" also grows
 * its memory and zeroes what it returned):
 * <ul>
 *   <li>{@code componentCallFunctionEcho}: the synchronous call a Java user makes with Java values
 *       ({@code WasmComponent.callFunction(String, Object...)}, i.e.
 *       {@code MessageRouter.callValuesAndWait} with the arguments' array copied), a
 *       {@code String} in, a {@code List} of one {@code String} out, an idle component running on
 *       the caller's thread;</li>
 *   <li>{@code componentCallEcho}: the same call with bytes
 *       ({@code WasmComponent.call(String, byte[])}, i.e. {@code MessageRouter.callAndWait}), the
 *       argument and the result in WAVE;</li>
 *   <li>{@code coreAskEcho}, its baseline: Wharf's own ABI guest answering an ask with its
 *       16-byte payload through the same synchronous path ({@code askAndWait}, as
 *       {@link PeerBenchmark#wharfAskEcho()});</li>
 *   <li>{@code linkedEcho}: the canonical ABI alone, the component's export as the linker makes
 *       it, called with a {@link WitValue.Str} (lower, core call, lift, post-return);</li>
 *   <li>{@code directCoreEcho}, the floor of both: the echo component's own core module on
 *       Wharf's engine and memory, called directly with Chicory the way the canonical ABI calls
 *       it ({@code cabi_realloc}, the bytes written, {@code echo(ptr, len)}, the result's pointer
 *       and length read, the bytes read, {@code cabi_post_echo}), without any conversion or
 *       check.</li>
 * </ul>
 * The start of a component ({@link Start}): cold, the component loaded by a fresh engine (parsed,
 * validated, every core module compiled), instantiated, its first call; cached, an instance of an
 * already-loaded component and its first call; for echo and for hello-c (wasi-libc, WASI 0.2
 * imports through the preview-1 adapter).
 *
 * The runtime, the core echo and {@code coreAskEcho} are {@link EchoBenchmark}'s.
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar ComponentBenchmark</pre>
 */
public class ComponentBenchmark extends EchoBenchmark {

    /** The 16-byte ASCII string both echoes carry. */
    static final String TEXT = "0123456789abcdef";
    /** The argument as {@code WasmComponent.call(String, byte[])} takes it: one WAVE value per parameter. */
    private static final byte[] WAVE_TEXT = ("\"" + TEXT + "\"").getBytes(UTF_8);
    private static final byte[] TEXT_BYTES = TEXT.getBytes(UTF_8);
    private static final List<WitValue> LINK_ARGS = List.of(new WitValue.Str(TEXT));
    private static final Object[] JAVA_ARGS = {TEXT};

    private final ComponentId component = ComponentId.of("component-echo");

    @Setup
    public void setUp() {
        start(component.value(), "echo.wasm", "echo-bench");
        String wave = new String(componentCallEcho(), UTF_8);
        Object values = componentCallFunctionEcho();
        if (!wave.equals("\"" + TEXT + "\"") || !values.equals(List.of(TEXT)) || !Arrays.equals(coreAskEcho(), ECHO16)) {
            throw new IllegalStateException("an echo does not give its argument back (the component answered " + wave
                    + " and " + values + ")");
        }
    }

    /**
     * The canonical ABI alone and the floor, in a state of their own: set up only in the forks
     * that measure them, so that their instances (and Chicory's classes for them) do not share
     * the runtime's call sites in the forks that measure the runtime.
     */
    @State(Scope.Benchmark)
    public static class Floor {
        WasmEngine engine;
        Linking linking;
        ComponentFunction linked;
        GuestInstance core;
        Memory coreMemory;
        ExportFunction realloc;
        ExportFunction echo;
        ExportFunction postEcho;

        @Setup
        public void setUp() {
            byte[] echoComponent = component("echo-bench");
            engine = new WasmEngine(true, WasmEngine.DEFAULT_MAX_TIMEOUT_MS);
            Ast.Component ast = ComponentParser.parse(echoComponent);
            linking = new Linking(engine, 64, "echo.wasm", new CanonicalFunctions());
            linked = (ComponentFunction) Linker.instantiate(ast, name -> null, linking).get("echo");
            byte[] coreBytes = ast.definitions().stream().filter(d -> d instanceof Ast.CoreModule)
                    .map(d -> ((Ast.CoreModule) d).bytes()).findFirst().orElseThrow();
            CompiledModule compiled = engine.compile(coreBytes, "echo.wasm, core module 0", m -> null);
            core = GuestInstance.link(new GuestInstance.Blueprint(compiled,
                    WasmEngine.memoryLimits(compiled.module(), 64, "echo core"), engine.memoryBudget(), false),
                    com.dylibso.chicory.runtime.ImportValues.builder().build());
            coreMemory = core.instance().memory();
            realloc = core.export("cabi_realloc");
            echo = core.export("echo");
            postEcho = core.export("cabi_post_echo");
            if (!callLinked(this).equals(LINK_ARGS) || !Arrays.equals(callDirect(this), TEXT_BYTES)) {
                throw new IllegalStateException("an echo does not give its argument back");
            }
        }

        @TearDown
        public void tearDown() {
            linking.close();
            core.close();
        }
    }

    /**
     * The component's echo as a Java user calls it with values: synchronous, caller-runs; the
     * array is copied as {@code WasmComponent.callFunction} copies its varargs.
     */
    @Benchmark
    public Object componentCallFunctionEcho() {
        return runtime.router().callValuesAndWait(component, "echo", ValueForm.JAVA, JAVA_ARGS.clone(), timeout);
    }

    /** The component's echo called with bytes: synchronous, WAVE in and out, caller-runs. */
    @Benchmark
    public byte[] componentCallEcho() {
        return runtime.router().callAndWait(component, "echo", WAVE_TEXT, timeout);
    }

    /** The canonical ABI alone: the lifted export called with a WIT string, no router, no turn, no WAVE. */
    @Benchmark
    public List<WitValue> linkedEcho(Floor f) {
        return callLinked(f);
    }

    private static List<WitValue> callLinked(Floor f) {
        return f.linked.call(LINK_ARGS);
    }

    /** The floor: the same core calls the canonical ABI makes, made directly, nothing converted or checked. */
    @Benchmark
    public byte[] directCoreEcho(Floor f) {
        return callDirect(f);
    }

    private static byte[] callDirect(Floor f) {
        int ptr = (int) f.realloc.apply(0, 0, 1, TEXT_BYTES.length)[0];
        f.coreMemory.write(ptr, TEXT_BYTES);
        int ret = (int) f.echo.apply(ptr, TEXT_BYTES.length)[0];
        byte[] out = f.coreMemory.readBytes(f.coreMemory.readInt(ret), f.coreMemory.readInt(ret + 4));
        f.postEcho.apply(ret);
        return out;
    }

    // ---- start -----------------------------------------------------------------------------------

    /**
     * A component's start, one per invocation, outside the runtime's actor (the guest as the
     * actor drives it, with a bare host): cold, a fresh engine loads the component (parse,
     * validate, compile every core module; no compile cache on disk), instantiates it and makes
     * its first call; cached, an instance of the component loaded once, and its first call.
     */
    @State(Scope.Benchmark)
    public static class Start {

        @Param({"echo", "hello-c"})
        public String name;

        byte[] bytes;
        String function;
        byte[] input;
        String expected;
        WasmEngine engine;
        ComponentModule loaded;
        Guest guest;

        @Setup
        public void load() {
            bytes = component(name);
            function = name.equals("echo") ? "echo" : "hello";
            input = WAVE_TEXT;
            expected = name.equals("echo") ? "\"" + TEXT + "\"" : "\"hello, " + TEXT + "\"";
            loaded = load(new WasmEngine(true, WasmEngine.DEFAULT_MAX_TIMEOUT_MS));
            String first = new String(firstCall(loaded), UTF_8);
            if (!first.equals(expected)) {
                throw new IllegalStateException(name + " answered " + first + ", not " + expected);
            }
            closeGuest();
        }

        /** A fresh engine per cold start: the engine shares compiled modules by content, so a second load would not compile. */
        @Setup(org.openjdk.jmh.annotations.Level.Invocation)
        public void freshEngine() {
            engine = new WasmEngine(true, WasmEngine.DEFAULT_MAX_TIMEOUT_MS);
        }

        /** Closing gives the instance's memory back to the budget; it is not part of a start. */
        @TearDown(org.openjdk.jmh.annotations.Level.Invocation)
        public void closeGuest() {
            if (guest != null) {
                guest.close();
                guest = null;
            }
        }

        ComponentModule load(WasmEngine e) {
            // the WASI 0.2 interfaces the deployer accepts, as GuestKinds checks them
            return ComponentModule.load(e, bytes, 64, name + ".wasm", Wasi::provides);
        }

        byte[] firstCall(ComponentModule module) {
            guest = module.instantiate(new BareHost());
            guest.initialize(DIRECT);
            return guest.call(DIRECT, function, input);
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public byte[] startCold(Start s) {
        return s.firstCall(s.load(s.engine));
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public byte[] startCached(Start s) {
        return s.firstCall(s.loaded);
    }

    /** Guest code run as it comes: the start measures the guest, not the call guard. */
    private static final Deadline DIRECT = new Deadline() {
        @Override
        public <T> T run(String name, Section<T> section) {
            return section.run();
        }

        @Override
        public long remainingNanos() {
            return Long.MAX_VALUE;
        }
    };

    /**
     * A host that gives a component a log that drops its lines and refuses everything else, as a
     * host whose policy allows nothing would: a component's start uses no more of it.
     */
    private static final class BareHost implements GuestHost {
        private final GuestVars vars = new GuestVars();

        @Override public ComponentId id() { return ComponentId.of("start"); }
        @Override public Delivery send(ComponentId to, byte[] payload) {
            return new Delivery.Refused(new DeliveryRefusedException(ErrorCode.DENIED, "the benchmark's host sends nothing"));
        }
        @Override public Answer ask(ComponentId to, byte[] payload, long timeoutMs) { return Answer.failed(ErrorCode.DENIED); }
        @Override public void log(Level level, String message) { }
        @Override public boolean logs(Level level) { return false; }
        @Override public Map<String, String> config() { return Map.of(); }
        @Override public GuestVars vars() { return vars; }
        @Override public long[] capability(CapabilityImport imp, GuestMemory memory, long[] args) {
            return new long[] {-ErrorCode.DENIED.code()};
        }
    }

    /** Test component {@code components/<name>.wasm} of module wasm-components (on the class path). */
    static byte[] component(String name) {
        try (InputStream in = ComponentBenchmark.class.getResourceAsStream("/components/" + name + ".wasm")) {
            if (in == null) {
                throw new IllegalStateException("components/" + name + ".wasm is not on the class path (module wasm-components)");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
