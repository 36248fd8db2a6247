package dev.wharf.runtime.internal.engine;

import com.dylibso.chicory.runtime.ExportFunction;
import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.wasi.WasiOptions;
import com.dylibso.chicory.wasi.WasiPreview1;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import java.io.OutputStream;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * One live instance of a core module, for any kind of guest: the kind gives the host functions
 * it links, the engine caps the memory against the budget of all guests and, when the module
 * imports WASI preview 1, links it with no files, no environment, no arguments and stdout/stderr
 * to the guest's log. Not thread-safe, like the WebAssembly instance it wraps. {@link #close()}
 * drops every reference to the Chicory instance so that the compiled classes can be unloaded.
 */
public final class GuestInstance implements AutoCloseable {

    /** Where a guest's WASI output goes, one line at a time (level 2 for stdout, 3 for stderr). */
    @FunctionalInterface
    public interface LineSink {
        void line(int level, String text);
    }

    /** What to instantiate: the compiled module, its memory cap, and the budget its memory counts against. */
    public record Blueprint(CompiledModule code, MemoryLimits memoryLimits, MemoryBudget budget, boolean usesWasi) {}

    private static final String ALLOC = "alloc";

    private Instance instance;
    private WasiPreview1 wasi;
    private BudgetedMemory budgeted;
    private GuestMemory memory;
    private final Map<String, ExportFunction> exports = new HashMap<>();

    private GuestInstance() {}

    /**
     * Instantiates {@code blueprint} with the host functions {@code imports} makes for it (they
     * may keep the instance, to reach its memory when called) and runs no start function: the
     * kind runs its own initialisation.
     *
     * @throws MemoryBudget.ExhaustedException when the budget has no room for its initial memory
     */
    public static GuestInstance create(Blueprint blueprint, Function<GuestInstance, HostFunction[]> imports,
            LineSink wasiOutput) {
        GuestInstance g = new GuestInstance();
        ImportValues.Builder values = ImportValues.builder().addFunction(imports.apply(g));
        if (blueprint.usesWasi()) {
            g.wasi = WasiPreview1.builder()
                    .withOptions(WasiOptions.builder()
                            .withStdout(new LineLog(wasiOutput, 2))
                            .withStderr(new LineLog(wasiOutput, 3))
                            .build())
                    .build();
            values.addFunction(g.wasi.toHostFunctions());
        }
        return g.build(blueprint, values.build());
    }

    /**
     * Instantiates {@code blueprint} with {@code imports} as they are (functions, memories,
     * tables, globals of other instances): a core module of a WebAssembly component, linked to the
     * instances before it. Runs no start function; its memory counts against the budget.
     *
     * @throws MemoryBudget.ExhaustedException when the budget has no room for its initial memory
     */
    public static GuestInstance link(Blueprint blueprint, ImportValues imports) {
        return new GuestInstance().build(blueprint, imports);
    }

    private GuestInstance build(Blueprint blueprint, ImportValues values) {
        Instance.Builder builder = Instance.builder(blueprint.code().module())
                .withImportValues(values)
                .withMachineFactory(blueprint.code().machineFactory())
                .withStart(false);
        if (blueprint.memoryLimits() != null) {
            builder.withMemoryLimits(blueprint.memoryLimits()).withMemoryFactory(limits -> {
                BudgetedMemory m = BudgetedMemory.create(limits, blueprint.budget());
                budgeted = m;
                return m;
            });
        }
        try {
            instance = builder.build();
            memory = new LinearMemory(instance,
                    ModuleShape.exportsFunction(blueprint.code().module(), ALLOC) ? export(ALLOC) : null);
        } catch (RuntimeException | Error e) {
            close();
            throw e;
        }
        return this;
    }

    /** The Chicory instance, for linking it to the instances of a component (its memories, tables, globals). */
    public Instance instance() {
        return instance;
    }

    /** Bounds-checked access to its linear memory, for the host functions it calls. */
    public GuestMemory memory() {
        return memory;
    }

    /**
     * Export {@code name} as a function to call, looked up once: callers keep the ones they call
     * for every message. The caller has checked that the module exports it.
     */
    public ExportFunction export(String name) {
        ExportFunction f = exports.get(name);
        if (f == null) {
            f = instance.export(name);
            exports.put(name, f);
        }
        return f;
    }

    /**
     * Runs the module's start function, when it has one: instances are made without running it,
     * so that a kind that needs it (an AssemblyScript plugin sets up its runtime there) runs it
     * under a deadline, like any guest code.
     */
    public void start() {
        java.util.Optional<com.dylibso.chicory.wasm.types.StartSection> s = instance.module().startSection();
        if (s.isPresent()) {
            instance.getMachine().call((int) s.get().startIndex(), new long[0]);
        }
    }

    /** Calls export {@code name}; the caller has checked the name and the argument types. */
    public long[] call(String name, long... args) {
        return export(name).apply(args);
    }

    @Override
    public void close() {
        if (wasi != null) {
            wasi.close();
            wasi = null;
        }
        exports.clear();
        instance = null;
        memory = null;
        if (budgeted != null) {
            budgeted.release();
            budgeted = null;
        }
    }

    /** A guest's WASI preview 1 output as log lines ({@link LineBuffer}); a flush by the guest ends a line. */
    private static final class LineLog extends OutputStream {
        private final LineBuffer lines;

        LineLog(LineSink sink, int level) {
            this.lines = new LineBuffer(sink, level);
        }

        @Override
        public void write(int b) {
            lines.write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            lines.write(b, off, len);
        }

        @Override
        public void flush() {
            lines.endLine();
        }

        @Override
        public void close() {
            flush();
        }
    }
}
