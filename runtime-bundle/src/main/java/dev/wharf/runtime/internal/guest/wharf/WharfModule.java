package dev.wharf.runtime.internal.guest.wharf;

import com.dylibso.chicory.wasm.WasmModule;
import dev.wharf.api.ExportSignature;
import dev.wharf.runtime.internal.engine.CapabilityImport;
import dev.wharf.runtime.internal.engine.CompiledModule;
import dev.wharf.runtime.internal.engine.GuestInstance;
import dev.wharf.runtime.internal.engine.ModuleShape;
import dev.wharf.runtime.internal.engine.WasmEngine;
import dev.wharf.runtime.internal.guest.Guest;
import dev.wharf.runtime.internal.guest.GuestHost;
import dev.wharf.runtime.internal.guest.CoreModule;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A core module written for Wharf's own ABI (exports {@code handle-message}, {@code alloc}, ...,
 * imports from {@code wharf}, {@code wharf:<capability>} and WASI preview 1), as one component
 * uses it: the shared compiled module and this component's memory cap.
 */
public final class WharfModule extends CoreModule {

    private final Map<String, ExportSignature> exports;
    private final List<CapabilityImport> capabilityImports;

    private WharfModule(GuestInstance.Blueprint blueprint, Map<String, ExportSignature> exports,
            List<CapabilityImport> capabilityImports) {
        super(blueprint);
        this.exports = exports;
        this.capabilityImports = capabilityImports;
    }

    /**
     * What Wharf's ABI finds in {@code module}, once per module: its imports must all be Wharf's,
     * a capability's or WASI's.
     *
     * @throws dev.wharf.api.InvalidComponentException naming an import Wharf does not provide
     */
    public static Object analyse(WasmModule module, WasmEngine engine, String origin) {
        return new Shape(WharfImports.check(module, engine, origin), ModuleShape.exports(module));
    }

    /** Whether {@code analysis} is {@link #analyse}'s. */
    public static boolean analysed(Object analysis) {
        return analysis instanceof Shape;
    }

    /** The module {@code code}, analysed by {@link #analyse}, for a component whose memory is capped at {@code memoryMaxPages}. */
    public static WharfModule of(WasmEngine engine, CompiledModule code, int memoryMaxPages, String origin) {
        Shape shape = (Shape) code.analysis();
        return new WharfModule(new GuestInstance.Blueprint(code, WasmEngine.memoryLimits(code.module(), memoryMaxPages,
                origin), engine.memoryBudget(), shape.linked().usesWasi()), shape.exports(), shape.linked().capabilities());
    }

    /** What Wharf's ABI finds in a module: its links and its exports. */
    private record Shape(WharfImports.Linked linked, Map<String, ExportSignature> exports) {
        Shape {
            // a HashMap: its lookup is on the path of every Invoke, and cheaper than Map.copyOf's probing
            exports = Collections.unmodifiableMap(new HashMap<>(exports));
        }
    }

    @Override
    public String kind() {
        return "wasm";
    }

    @Override
    public boolean callsWithBytes() {
        return false;
    }

    @Override
    public Map<String, ExportSignature> exports() {
        return exports;
    }

    boolean exportsFunction(String name) {
        return exports.containsKey(name);
    }

    @Override
    public boolean checksHealth() {
        return exports.containsKey(WharfGuest.HEALTH);
    }

    /** It exports {@code _save_state} or {@code _restore_state}. */
    @Override
    public boolean keepsState() {
        return exports.containsKey(WharfGuest.SAVE) || exports.containsKey(WharfGuest.RESTORE);
    }

    @Override
    public List<String> stateFunctions() {
        return Stream.of(WharfGuest.SAVE, WharfGuest.RESTORE).filter(exports::containsKey).toList();
    }

    @Override
    public List<CapabilityImport> capabilityImports() {
        return capabilityImports;
    }

    @Override
    public Guest instantiate(GuestHost host) {
        return WharfGuest.create(this, host);
    }
}
