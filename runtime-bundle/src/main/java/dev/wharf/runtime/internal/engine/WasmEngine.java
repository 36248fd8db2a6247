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
import com.dylibso.chicory.wasm.types.ExternalType;
import com.dylibso.chicory.wasm.types.FunctionImport;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.Import;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import dev.wharf.api.ComponentSpec;
import dev.wharf.api.ExportSignature;
import dev.wharf.api.InvalidComponentException;
import dev.wharf.runtime.internal.actor.GuestLogLimits;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.Designate;

/**
 * Loads modules: parses and validates them, checks their imports against what the host
 * provides, caps their memory and compiles them to JVM bytecode (falling back to the
 * interpreter for a module the compiler cannot handle).
 */
@Component(service = WasmEngine.class, configurationPid = "dev.wharf.engine")
@Designate(ocd = EngineConfig.class)
public final class WasmEngine {

    public static final String WASI_MODULE = "wasi_snapshot_preview1";

    private static final System.Logger LOG = System.getLogger(WasmEngine.class.getName());

    private final Map<String, FunctionType> wasiFunctions;
    /** The most linear memory Chicory can give one instance, in 64 KiB pages. */
    public static final int MAX_PAGES = 32_767;
    /** The default of {@code max-timeout-ms}. */
    public static final long DEFAULT_MAX_TIMEOUT_MS = 30_000;

    private volatile boolean compile;
    private volatile long maxTimeoutMs;
    private volatile GuestLogLimits logLimits = new GuestLogLimits(100, 200);
    private final MemoryBudget budget = new MemoryBudget(defaultBudgetBytes());
    private final ModuleCache modules = new ModuleCache();
    private volatile CompileCache diskCache;

    @Activate
    public WasmEngine(BundleContext context, EngineConfig config) {
        this(config.compile(), config.max$_$timeout$_$ms());
        modified(config);
        long mb = config.compile$_$cache$_$mb();
        if (mb > 0 && context != null) {
            java.io.File dir = context.getDataFile("compile-cache");
            if (dir != null) {
                // a new build of the runtime (another Chicory, other code generation) never reads the old entries
                String identity = "wharf-engine/1;" + context.getBundle().getVersion() + ";"
                        + context.getBundle().getHeaders("").get("Bnd-LastModified") + ";fallback=silent";
                try {
                    diskCache = new CompileCache(dir.toPath(), mb * 1024 * 1024, identity);
                } catch (java.io.IOException | RuntimeException e) {
                    LOG.log(Level.WARNING, "no compile cache: cannot create " + dir + ": " + e);
                }
            }
        }
    }

    @Modified
    void modified(EngineConfig config) {
        compile = config.compile();
        maxTimeoutMs = Math.max(1, config.max$_$timeout$_$ms());
        logLimits = new GuestLogLimits(config.log$_$rate(), config.log$_$burst());
        long mb = config.memory$_$budget$_$mb();
        budget.limit(mb > 0 ? mb * 1024 * 1024 : defaultBudgetBytes());
        LOG.log(Level.INFO, "memory budget of all guests: " + budget.limitBytes() / (1024 * 1024) + " MiB");
    }

    /** Half the heap the JVM may use: the other half stays for the container and its callers. */
    static long defaultBudgetBytes() {
        return Runtime.getRuntime().maxMemory() / 2;
    }

    /** How fast each guest may write to the log, as configured now. */
    public GuestLogLimits logLimits() {
        return logLimits;
    }

    /**
     * @param compile whether to compile to bytecode (the interpreter is used otherwise)
     * @param maxTimeoutMs the highest {@code timeout-ms} a component may declare
     */
    public WasmEngine(boolean compile, long maxTimeoutMs) {
        this.compile = compile;
        this.maxTimeoutMs = Math.max(1, maxTimeoutMs);
        Map<String, FunctionType> wasi = new HashMap<>();
        try (WasiPreview1 probe = WasiPreview1.builder().build()) {
            for (HostFunction f : probe.toHostFunctions()) {
                wasi.put(f.name(), f.functionType());
            }
        }
        this.wasiFunctions = Map.copyOf(wasi);
    }

    /**
     * Checks what the engine bounds in {@code spec}: its call timeout against
     * {@code max-timeout-ms} and its memory cap against what the engine can give.
     *
     * @throws InvalidComponentException naming the value and the ceiling
     */
    public void checkLimits(ComponentSpec spec) {
        long timeout = spec.limits().timeoutMs();
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
     * Loads {@code bytes} as the module of a component whose memory is capped at
     * {@code memoryMaxPages}.
     *
     * @param origin names the module in error messages, e.g. {@code "calc.wasm in bundle 12 (x.y)"}
     * @throws InvalidComponentException naming what is wrong with the module
     */
    public LoadedModule load(byte[] bytes, int memoryMaxPages, String origin) {
        String sha = sha256(bytes);
        boolean compileNow = compile;
        // one compilation per distinct module: the components of one module share it
        CompiledModule code = modules.get(sha + (compileNow ? ";compiled" : ";interpreted"),
                () -> compile(bytes, sha, compileNow, origin));
        return new LoadedModule(code, memoryLimits(code.module(), memoryMaxPages, origin), budget);
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

    private CompiledModule compile(byte[] bytes, String sha, boolean compileNow, String origin) {
        if (ModuleShape.isComponentModelBinary(bytes)) {
            throw new InvalidComponentException(origin + " is a WebAssembly component (Component Model binary), not a "
                    + "core module; Wharf runs core modules: build for a core target (Rust: wasm32-unknown-unknown with "
                    + "guest/rust, not wasm32-wasip2 or cargo-component; C: wasm32 or wasm32-wasi), see docs/write-a-component.md");
        }
        WasmModule module;
        try {
            module = Parser.parse(bytes);
        } catch (ChicoryException | IllegalArgumentException | IndexOutOfBoundsException e) {
            throw new InvalidComponentException(origin + " is not a valid WebAssembly module: " + e.getMessage(), e);
        }
        List<CapabilityImport> capabilities = new ArrayList<>();
        boolean usesWasi = checkImports(module, origin, capabilities);
        Map<String, ExportSignature> exports = ModuleShape.exports(module);

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
        // a HashMap: its lookup is on the path of every Invoke, and cheaper than Map.copyOf's probing
        return new CompiledModule(module, sha, machine, compiled,
                java.util.Collections.unmodifiableMap(new HashMap<>(exports)), usesWasi, capabilities, fromCache);
    }

    /** Compiles through the disk cache when there is one; an entry Chicory cannot use is dropped and the module compiled. */
    private Function<Instance, Machine> compileToBytecode(WasmModule module) {
        CompileCache cache = diskCache;
        if (cache != null) {
            try {
                return MachineFactoryCompiler.builder(module).withInterpreterFallback(InterpreterFallback.SILENT)
                        .withCache(cache).compile();
            } catch (RuntimeException | LinkageError e) {
                LOG.log(Level.WARNING, "a compile cache entry could not be used and is dropped: " + e);
                cache.remove(module.digest());
            }
        }
        return MachineFactoryCompiler.builder(module).withInterpreterFallback(InterpreterFallback.SILENT).compile();
    }

    private boolean checkImports(WasmModule module, String origin, List<CapabilityImport> capabilities) {
        boolean usesWasi = false;
        for (int i = 0; i < module.importSection().importCount(); i++) {
            Import imp = module.importSection().getImport(i);
            String what = imp.module() + "." + imp.name();
            if (imp.importType() != ExternalType.FUNCTION) {
                throw new InvalidComponentException(origin + " imports " + imp.importType().name().toLowerCase(java.util.Locale.ROOT)
                        + " '" + what + "'; the host provides only functions of 'wharf' and '" + WASI_MODULE + "'");
            }
            FunctionType type = module.typeSection().getType(((FunctionImport) imp).typeIndex());
            FunctionType expected;
            if (imp.module().startsWith(CapabilityImport.MODULE_PREFIX)) {
                capabilities.add(ModuleShape.capabilityImport(imp, type, origin));
                continue;
            }
            if (HostImports.MODULE.equals(imp.module())) {
                expected = HostImports.TYPES.get(imp.name());
            } else if (WASI_MODULE.equals(imp.module())) {
                expected = wasiFunctions.get(imp.name());
                usesWasi = true;
            } else {
                throw new InvalidComponentException(origin + " imports '" + what
                        + "' from an unknown module; the host provides only 'wharf', 'wharf:<capability>' and '" + WASI_MODULE
                        + "'" + ModuleShape.importHint(imp.module(), imp.name()));
            }
            if (expected == null) {
                throw new InvalidComponentException(origin + " imports '" + what + "', which the host does not provide");
            }
            if (!expected.equals(type)) {
                throw new InvalidComponentException(origin + " imports '" + what + "' with signature "
                        + ModuleShape.describe(type) + "; the host provides " + ModuleShape.describe(expected));
            }
        }
        return usesWasi;
    }

    private static MemoryLimits memoryLimits(WasmModule module, int cap, String origin) {
        var section = module.memorySection();
        if (section.isEmpty() || section.get().memoryCount() == 0) {
            return null;
        }
        MemoryLimits declared = section.get().getMemory(0).limits();
        if (declared.initialPages() > cap) {
            throw new InvalidComponentException(origin + " needs " + declared.initialPages()
                    + " pages of memory at start, more than its memory-max-pages " + cap);
        }
        int max = Math.min(declared.maximumPages(), cap);
        return new MemoryLimits(declared.initialPages(), max, declared.shared());
    }

    /** SHA-256 of {@code bytes}, lower-case hex. */
    public static String sha256(byte[] bytes) {
        return HexFormat.of().formatHex(CompileCache.sha256(bytes));
    }
}
