package dev.wharf.runtime.internal.guest.extism;

import com.dylibso.chicory.wasm.WasmModule;
import dev.wharf.api.ExportSignature;
import dev.wharf.api.ValueType;
import dev.wharf.runtime.internal.engine.CompiledModule;
import dev.wharf.runtime.internal.engine.GuestInstance;
import dev.wharf.runtime.internal.engine.ModuleShape;
import dev.wharf.runtime.internal.engine.WasmEngine;
import dev.wharf.runtime.internal.guest.Guest;
import dev.wharf.runtime.internal.guest.GuestHost;
import dev.wharf.runtime.internal.guest.CoreModule;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An Extism plugin (a core module importing {@code extism:host/env}) as one component uses it:
 * the shared compiled module, this component's memory cap (its own memory's and its kernel
 * memory's) and the most its vars may hold. Its functions are its exports of type
 * {@code () -> i32} or {@code () -> ()}, but for the initialisation functions.
 */
public final class ExtismModule extends CoreModule {

    /** Exports Extism runs to initialise a plugin, never called as functions. */
    static final Set<String> INITIALISERS = Set.of("_initialize", "_start", "hs_init", "__wasm_call_ctors");
    /** The function a message from another component (or the host's tell and ask) goes to. */
    static final String HANDLE_MESSAGE = "handle_message";

    private final Shape shape;
    private final int memoryMaxPages;
    private final long maxVarBytes;

    private ExtismModule(GuestInstance.Blueprint blueprint, Shape shape, int memoryMaxPages, long maxVarBytes) {
        super(blueprint);
        this.shape = shape;
        this.memoryMaxPages = memoryMaxPages;
        this.maxVarBytes = maxVarBytes;
    }

    /** Whether {@code module} imports from Extism's namespaces. */
    public static boolean isPlugin(WasmModule module) {
        return ExtismImports.importsExtism(module);
    }

    /**
     * What a plugin's shape says, once per module: whether it uses WASI, its functions, and its
     * initialisation exports.
     *
     * @throws dev.wharf.api.InvalidComponentException naming an import Wharf does not provide
     */
    public static Object analyse(WasmModule module, WasmEngine engine, String origin) {
        boolean usesWasi = ExtismImports.check(module, engine, origin);
        Map<String, ExportSignature> functions = new LinkedHashMap<>();
        Map<String, ExportSignature> all = ModuleShape.exports(module);
        all.forEach((name, sig) -> {
            if (!INITIALISERS.contains(name) && sig.params().isEmpty()
                    && (sig.results().isEmpty() || sig.results().equals(List.of(ValueType.I32)))) {
                functions.put(name, sig);
            }
        });
        return new Shape(usesWasi, Collections.unmodifiableMap(functions), all);
    }

    /** The module {@code code}, analysed by {@link #analyse}, for a component whose memories are capped at {@code memoryMaxPages}. */
    public static ExtismModule of(WasmEngine engine, CompiledModule code, int memoryMaxPages, String origin) {
        Shape shape = (Shape) code.analysis();
        return new ExtismModule(new GuestInstance.Blueprint(code, WasmEngine.memoryLimits(code.module(), memoryMaxPages,
                origin), engine.memoryBudget(), shape.usesWasi()), shape, memoryMaxPages, engine.maxVarBytes());
    }

    /** What a plugin's shape says: whether it uses WASI, its functions, and every export (for its initialisers). */
    private record Shape(boolean usesWasi, Map<String, ExportSignature> functions, Map<String, ExportSignature> exports) {}

    /** The signature of export {@code name}, or {@code null} when it exports no such function. */
    ExportSignature export(String name) {
        return shape.exports().get(name);
    }

    /** Whether export {@code name} is a function {@code () -> ()}, as Extism's initialisers must be. */
    boolean exportsInitialiser(String name) {
        ExportSignature s = export(name);
        return s != null && s.params().isEmpty() && s.results().isEmpty();
    }

    int memoryMaxPages() {
        return memoryMaxPages;
    }

    long maxVarBytes() {
        return maxVarBytes;
    }

    @Override
    public String kind() {
        return "extism";
    }

    @Override
    public boolean callsWithBytes() {
        return true;
    }

    @Override
    public Map<String, ExportSignature> exports() {
        return shape.functions();
    }

    @Override
    public Guest instantiate(GuestHost host) {
        return ExtismGuest.create(this, host);
    }
}
