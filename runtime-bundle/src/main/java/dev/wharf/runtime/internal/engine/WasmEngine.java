package dev.wharf.runtime.internal.engine;

import com.dylibso.chicory.compiler.InterpreterFallback;
import com.dylibso.chicory.compiler.MachineFactoryCompiler;
import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.InterpreterMachine;
import com.dylibso.chicory.runtime.Machine;
import com.dylibso.chicory.wasi.WasiPreview1;
import com.dylibso.chicory.wasm.ChicoryException;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import dev.wharf.api.ComponentSpec;
import dev.wharf.api.InvalidComponentException;
import dev.wharf.internal.config.ConfigCheck;
import dev.wharf.runtime.internal.actor.GuestLogLimits;
import java.lang.System.Logger.Level;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.function.Function;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.Designate;

/**
 * Turns bytes into runnable core modules for every kind of guest: parses and validates them,
 * lets the kind check their imports, and compiles them to JVM bytecode (falling back to the
 * interpreter for a module the compiler cannot handle), once per distinct module. It also holds
 * what bounds all guests: the memory budget, the ceilings of {@code timeout-ms} and
 * {@code memory-max-pages}, the guest log's rate.
 */
@Component(service = WasmEngine.class, configurationPid = WasmEngine.PID)
@Designate(ocd = EngineConfig.class)
public final class WasmEngine {

    public static final String WASI_MODULE = "wasi_snapshot_preview1";

    private static final System.Logger LOG = System.getLogger(WasmEngine.class.getName());

    private final Map<String, FunctionType> wasiFunctions;
    /** The most linear memory Chicory can give one instance, in 64 KiB pages. */
    public static final int MAX_PAGES = 32_767;
    /** The default of {@code max-timeout-ms}. */
    public static final long DEFAULT_MAX_TIMEOUT_MS = 30_000;

    static final String PID = "dev.wharf.engine";

    private volatile Settings settings;
    private final MemoryBudget budget = new MemoryBudget(defaultBudgetBytes());
    private final ModuleCache modules = new ModuleCache();
    private volatile CompileCache diskCache;

    /**
     * The settings of PID {@code dev.wharf.engine}, checked.
     *
     * @param budgetMb the memory budget of all guests in MiB; 0 for half the heap
     * @param compileCacheMb the compile cache's size on disk, read at activation; 0 for none
     */
    record Settings(boolean compile, long maxTimeoutMs, GuestLogLimits logLimits, long budgetMb, long compileCacheMb,
            long maxVarBytes) {
        /** @throws IllegalArgumentException naming the property that is out of range */
        static Settings of(EngineConfig c) {
            ConfigCheck check = new ConfigCheck(PID);
            return new Settings(c.compile(), check.atLeast("max-timeout-ms", c.max$_$timeout$_$ms(), 1),
                    new GuestLogLimits(check.atLeast("log-rate", c.log$_$rate(), 0), check.atLeast("log-burst", c.log$_$burst(), 1)),
                    check.atLeast("memory-budget-mb", c.memory$_$budget$_$mb(), 0),
                    check.atLeast("compile-cache-mb", c.compile$_$cache$_$mb(), 0),
                    check.atLeast("max-var-bytes", c.max$_$var$_$bytes(), 0));
        }
    }

    @Activate
    public WasmEngine(BundleContext context, EngineConfig config) {
        this.wasiFunctions = wasiFunctions();
        modified(config);
        long mb = settings.compileCacheMb();
        if (mb > 0 && context != null) {
            java.io.File dir = context.getDataFile("compile-cache");
            if (dir != null) {
                // a new build of the runtime (another Chicory, other code generation) never reads the old entries
                String identity = "wharf-engine/1;" + context.getBundle().getVersion() + ";"
                        + context.getBundle().getHeaders("").get("Bnd-LastModified") + ";fallback=silent";
                try {
                    diskCache = new CompileCache(dir.toPath(), mb * 1024 * 1024, identity);
                } catch (java.io.IOException | RuntimeException e) {
                    LOG.log(Level.WARNING, "no compile cache: cannot create " + dir, e);
                }
            }
        }
    }

    @Modified
    void modified(EngineConfig config) {
        Settings before = settings;
        Settings s = ConfigCheck.apply(() -> Settings.of(config), before != null ? before
                : Settings.of(ConfigCheck.defaults(EngineConfig.class)), before == null, LOG);
        settings = s;
        budget.limit(s.budgetMb() > 0 ? s.budgetMb() * 1024 * 1024 : defaultBudgetBytes());
        LOG.log(Level.INFO, "memory budget of all guests: " + budget.limitBytes() / (1024 * 1024) + " MiB");
    }

    /** Half the heap the JVM may use: the other half stays for the container and its callers. */
    static long defaultBudgetBytes() {
        return Runtime.getRuntime().maxMemory() / 2;
    }

    /** The most bytes the vars of one Extism plugin may hold, as configured now. */
    public long maxVarBytes() {
        return settings.maxVarBytes();
    }

    /** How fast each guest may write to the log, as configured now. */
    public GuestLogLimits logLimits() {
        return settings.logLimits();
    }

    /**
     * @param compile whether to compile to bytecode (the interpreter is used otherwise)
     * @param maxTimeoutMs the highest {@code timeout-ms} a component may declare
     */
    public WasmEngine(boolean compile, long maxTimeoutMs) {
        this.wasiFunctions = wasiFunctions();
        EngineConfig d = ConfigCheck.defaults(EngineConfig.class);
        this.settings = new Settings(compile, new ConfigCheck(PID).atLeast("max-timeout-ms", maxTimeoutMs, 1),
                new GuestLogLimits(d.log$_$rate(), d.log$_$burst()), 0, 0, d.max$_$var$_$bytes());
    }

    private static Map<String, FunctionType> wasiFunctions() {
        Map<String, FunctionType> wasi = new HashMap<>();
        try (WasiPreview1 probe = WasiPreview1.builder().build()) {
            for (HostFunction f : probe.toHostFunctions()) {
                wasi.put(f.name(), f.functionType());
            }
        }
        return Map.copyOf(wasi);
    }

    /**
     * Checks what the engine bounds in {@code spec}: its call timeout against
     * {@code max-timeout-ms} and its memory cap against what the engine can give.
     *
     * @throws InvalidComponentException naming the value and the ceiling
     */
    public void checkLimits(ComponentSpec spec) {
        long timeout = spec.limits().timeoutMs();
        long maxTimeoutMs = settings.maxTimeoutMs();
        if (timeout > maxTimeoutMs) {
            throw new InvalidComponentException("component '" + spec.id() + "': timeout-ms " + timeout
                    + " is above the ceiling max-timeout-ms " + maxTimeoutMs + " (PID dev.wharf.engine)");
        }
        int pages = spec.limits().memoryMaxPages();
        if (pages > MAX_PAGES) {
            throw new InvalidComponentException("component '" + spec.id() + "': memory-max-pages " + pages
                    + " is above the engine's maximum of " + MAX_PAGES + " pages");
        }
    }

    /**
     * Parses, validates and compiles {@code bytes}, once for all components of the same bytes.
     * {@code analyse} sees the parsed module before it is compiled: the kind of guest checks its
     * imports there, so a module it refuses costs no compilation, and what it returns is kept
     * with the compiled module ({@link CompiledModule#analysis()}), computed once as well.
     *
     * @param origin names the module in error messages, e.g. {@code "calc.wasm in bundle 12 (x.y)"}
     * @throws InvalidComponentException naming what is wrong with the module
     */
    public CompiledModule compile(byte[] bytes, String origin, Function<WasmModule, Object> analyse) {
        String sha = sha256(bytes);
        boolean compileNow = settings.compile();
        // one compilation per distinct module: the components of one module share it
        return modules.get(sha + (compileNow ? ";compiled" : ";interpreted"),
                () -> compile(bytes, sha, compileNow, origin, analyse));
    }

    /**
     * Keeps compiled modules in {@code dir} (the OSGi activation does it in the bundle's data
     * area); for a runtime wired by hand.
     */
    public void useCompileCache(java.nio.file.Path dir, long maxBytes, String identity) throws java.io.IOException {
        diskCache = new CompileCache(dir, maxBytes, identity);
    }

    /** The memory budget of all guests. */
    public MemoryBudget memoryBudget() {
        return budget;
    }

    /** How many distinct modules the live components use. */
    public int distinctModules() {
        return modules.size();
    }

    private CompiledModule compile(byte[] bytes, String sha, boolean compileNow, String origin,
            Function<WasmModule, Object> analyse) {
        WasmModule module;
        try {
            module = Parser.parse(bytes);
        } catch (ChicoryException | IllegalArgumentException | IndexOutOfBoundsException e) {
            throw new InvalidComponentException(origin + " is not a valid WebAssembly module: " + e.getMessage(), e);
        } catch (RuntimeException | AssertionError | StackOverflowError e) {
            // Chicory's parser fails on some corrupt bytes with a NullPointerException, a
            // BufferUnderflowException or (assertions on) an AssertionError rather than its own
            // error: parsing is pure, so this is still only a module to refuse, not a crash
            throw new InvalidComponentException(origin + " is not a valid WebAssembly module: its bytes are malformed ("
                    + e.getClass().getSimpleName() + " in Chicory's parser)", e);
        } catch (OutOfMemoryError e) {
            // Chicory sizes some arrays by a count read from the bytes before it reads the elements
            // (a function type claiming 2^31 parameters): the JVM refuses that one request without
            // filling the heap, and nothing of the parse is kept, so it is a module to refuse
            throw new InvalidComponentException(origin + " is not a valid WebAssembly module: a count in its bytes"
                    + " asks for more memory than the JVM has (" + e.getMessage() + " in Chicory's parser)");
        }
        Object analysis;
        try {
            analysis = analyse.apply(module);
        } catch (ChicoryException e) {
            // Chicory's parser leaves some indices unchecked until instantiation (an import's type
            // index past the type section): the kind's analysis is the first to look them up
            throw new InvalidComponentException(origin + " is not a valid WebAssembly module: " + e.getMessage(), e);
        }
        Function<Instance, Machine> machine = InterpreterMachine::new;
        boolean compiled = false;
        boolean fromCache = false;
        if (compileNow) {
            try {
                CompileCache cache = diskCache;
                long hits = cache == null ? 0 : cache.hits();
                machine = compileToBytecode(module);
                compiled = true;
                fromCache = cache != null && cache.hits() > hits;
            } catch (RuntimeException | LinkageError | StackOverflowError e) {
                LOG.log(Level.WARNING, "compiling " + origin + " failed, it runs in the interpreter: " + e, e);
            }
        }
        return new CompiledModule(module, sha, machine, compiled, fromCache, analysis);
    }

    /** Compiles through the disk cache when there is one; an entry Chicory cannot use is dropped and the module compiled. */
    private Function<Instance, Machine> compileToBytecode(WasmModule module) {
        CompileCache cache = diskCache;
        if (cache != null) {
            try {
                return MachineFactoryCompiler.builder(module).withInterpreterFallback(InterpreterFallback.SILENT)
                        .withCache(cache).compile();
            } catch (RuntimeException | LinkageError e) {
                LOG.log(Level.WARNING, "a compile cache entry could not be used and is dropped: " + e, e);
                cache.remove(module.digest());
            }
        }
        return MachineFactoryCompiler.builder(module).withInterpreterFallback(InterpreterFallback.SILENT).compile();
    }

    /** The signature of WASI preview 1 function {@code name}, or {@code null} when WASI has none of that name. */
    public FunctionType wasiFunction(String name) {
        return wasiFunctions.get(name);
    }

    /**
     * The limits to instantiate the memory of {@code module} with, under a cap of {@code cap}
     * pages; {@code null} when it has no memory.
     *
     * @throws InvalidComponentException when it needs more than {@code cap} pages at start
     */
    public static MemoryLimits memoryLimits(WasmModule module, int cap, String origin) {
        var section = module.memorySection();
        if (section.isEmpty() || section.get().memoryCount() == 0) {
            return null;
        }
        MemoryLimits declared = section.get().getMemory(0).limits();
        if (declared.shared()) {
            throw new InvalidComponentException(origin + " declares a shared memory (the threads proposal); an instance "
                    + "runs on one thread at a time, and Wharf gives each a memory of its own: build without shared memory");
        }
        if (declared.initialPages() > cap) {
            throw new InvalidComponentException(origin + " needs " + declared.initialPages()
                    + " pages of memory at start, more than its memory-max-pages " + cap);
        }
        int max = Math.min(declared.maximumPages(), cap);
        return new MemoryLimits(declared.initialPages(), max);
    }

    /** SHA-256 of {@code bytes}, lower-case hex. */
    public static String sha256(byte[] bytes) {
        return HexFormat.of().formatHex(CompileCache.sha256(bytes));
    }
}
