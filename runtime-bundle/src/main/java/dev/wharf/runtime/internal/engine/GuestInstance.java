package dev.wharf.runtime.internal.engine;

import com.dylibso.chicory.runtime.ExportFunction;
import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.wasi.WasiOptions;
import com.dylibso.chicory.wasi.WasiPreview1;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * One live instance of a component's module. Not thread-safe, like the WebAssembly instance it
 * wraps: its actor calls it from one thread at a time. {@link #close()} drops every reference
 * to the Chicory instance so that the compiled classes can be unloaded.
 */
public final class GuestInstance implements AutoCloseable {

    private Instance instance;
    private WasiPreview1 wasi;
    private BudgetedMemory budgeted;
    private GuestMemory access;
    private final Map<String, ExportFunction> exports = new HashMap<>();
    private final LoadedModule module;

    private GuestInstance(LoadedModule module) {
        this.module = module;
    }

    /**
     * Instantiates {@code module}: links the host functions (and WASI, with no files, no
     * environment, no arguments, stdout and stderr to the log), caps the memory and runs the
     * module's start function. {@code _initialize} is the caller's to run.
     */
    public static GuestInstance create(LoadedModule module, GuestContext context) {
        GuestInstance g = new GuestInstance(module);
        ImportValues.Builder imports = ImportValues.builder().addFunction(HostImports.functions(context, g));
        for (CapabilityImport imp : module.capabilityImports()) {
            imports.addFunction(new HostFunction(CapabilityImport.MODULE_PREFIX + imp.capability(), imp.function(),
                    imp.type(), (instance, args) -> context.capability(imp, g.access(instance), args)));
        }
        if (module.usesWasi()) {
            g.wasi = WasiPreview1.builder()
                    .withOptions(WasiOptions.builder()
                            .withStdout(new LineLog(context, 2))
                            .withStderr(new LineLog(context, 3))
                            .build())
                    .build();
            imports.addFunction(g.wasi.toHostFunctions());
        }
        Instance.Builder builder = Instance.builder(module.module())
                .withImportValues(imports.build())
                .withMachineFactory(module.machineFactory())
                .withStart(false);
        if (module.memoryLimits() != null) {
            builder.withMemoryLimits(module.memoryLimits()).withMemoryFactory(limits -> {
                BudgetedMemory m = BudgetedMemory.create(limits, module.budget());
                g.budgeted = m;
                return m;
            });
        }
        try {
            g.instance = builder.build();
        } catch (RuntimeException | Error e) {
            g.close();
            throw e;
        }
        return g;
    }

    /** Memory access for host functions; made once, for the instance that calls them. */
    GuestMemory access(Instance calling) {
        GuestMemory a = access;
        if (a == null) {
            a = new GuestMemory(calling, module.exportsFunction(GuestMemory.ALLOC));
            access = a;
        }
        return a;
    }

    public LoadedModule module() {
        return module;
    }

    public boolean hasExport(String name) {
        return module.exportsFunction(name);
    }

    /** Calls export {@code name}; the caller has checked the name and the argument types. */
    public long[] call(String name, long... args) {
        return export(name).apply(args);
    }

    /**
     * Export {@code name} as a function to call, for callers that keep it (the ABI's exports, used
     * for every message); the caller has checked that the module exports it.
     */
    public ExportFunction export(String name) {
        ExportFunction f = exports.get(name);
        if (f == null) {
            f = instance.export(name);
            exports.put(name, f);
        }
        return f;
    }

    /** The {@code len} bytes at {@code ptr}, or {@code null} when they are not all inside the memory. */
    public byte[] read(int ptr, int len) {
        return access(instance).read(ptr, len);
    }

    /** Writes {@code data} at {@code ptr}, when it fits; returns whether it did. */
    public boolean write(int ptr, byte[] data) {
        return access(instance).write(ptr, data);
    }

    @Override
    public void close() {
        if (wasi != null) {
            wasi.close();
            wasi = null;
        }
        exports.clear();
        instance = null;
        access = null;
        if (budgeted != null) {
            budgeted.release();
            budgeted = null;
        }
    }

    /** Collects a guest's WASI output into log lines, capped so a guest cannot exhaust the heap. */
    private static final class LineLog extends OutputStream {
        private final GuestContext context;
        private final int level;
        private final ByteArrayOutputStream line = new ByteArrayOutputStream();

        LineLog(GuestContext context, int level) {
            this.context = context;
            this.level = level;
        }

        @Override
        public void write(int b) {
            if (b == '\n' || line.size() >= HostImports.MAX_LOG_BYTES) {
                flush();
                if (b == '\n') {
                    return;
                }
            }
            line.write(b);
        }

        @Override
        public void flush() {
            if (line.size() > 0) {
                context.log(level, line.toString(StandardCharsets.UTF_8));
                line.reset();
            }
        }

        @Override
        public void close() {
            flush();
        }
    }
}
