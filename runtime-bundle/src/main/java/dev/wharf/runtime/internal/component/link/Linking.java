package dev.wharf.runtime.internal.component.link;

import com.dylibso.chicory.runtime.ImportValues;
import dev.wharf.runtime.internal.engine.CompiledModule;
import dev.wharf.runtime.internal.engine.GuestInstance;
import dev.wharf.runtime.internal.engine.WasmEngine;
import java.util.ArrayList;
import java.util.List;

/**
 * What the instantiation of one component shares across its nested components: the engine that
 * compiles its core modules (once per module, as for every guest), the memory cap of each core
 * instance and the budget of all, the canonical functions, and the core instances made, closed
 * together when the component instance goes.
 */
public final class Linking implements AutoCloseable {

    private final WasmEngine engine;
    private final int memoryMaxPages;
    private final String origin;
    private final Functions functions;
    private final List<GuestInstance> instances = new ArrayList<>();
    private final TableBridge tables = new TableBridge();

    public Linking(WasmEngine engine, int memoryMaxPages, String origin, Functions functions) {
        this.engine = engine;
        this.memoryMaxPages = memoryMaxPages;
        this.origin = origin;
        this.functions = functions;
    }

    Functions functions() {
        return functions;
    }

    /** Core module {@code n} of the component, compiled (or found compiled) by the engine. */
    CompiledModule compile(byte[] bytes, int n) {
        return engine.compile(bytes, origin + ", core module " + n, Linking::analyse);
    }

    /**
     * What linking needs to know of a core module of a component, found once per distinct module
     * (the engine keeps it as {@link CompiledModule#analysis()}): the type indices of its
     * call_indirect per table, for {@link TableBridge}.
     */
    public static Object analyse(com.dylibso.chicory.wasm.WasmModule module) {
        return TableBridge.scan(module);
    }

    /** An instance of {@code module} linked to {@code imports}; its start function has run. */
    GuestInstance instantiate(CompiledModule module, ImportValues imports) {
        GuestInstance g = GuestInstance.link(new GuestInstance.Blueprint(module,
                WasmEngine.memoryLimits(module.module(), memoryMaxPages, origin), engine.memoryBudget(), false), imports);
        instances.add(g);
        tables.linked(g.instance(), module.analysis()); // after its element segments, before its start function
        g.start();
        return g;
    }

    /** Closes every core instance made, giving their memory back to the budget. */
    @Override
    public void close() {
        instances.forEach(GuestInstance::close);
        instances.clear();
    }
}
