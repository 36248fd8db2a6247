package dev.wharf.runtime.internal.engine;

import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Machine;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import dev.wharf.api.ExportSignature;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A module as one component uses it: the shared compiled module and this component's memory
 * cap. Every instance of the component (the first and each restart) is created from it.
 *
 * @param code the parsed, validated and compiled module, shared by every component of the same bytes
 * @param memoryLimits the limits to instantiate linear memory with, {@code null} without memory
 * @param budget the memory budget its instances' memory counts against
 */
public record LoadedModule(CompiledModule code, MemoryLimits memoryLimits, MemoryBudget budget) {

    public WasmModule module() {
        return code.module();
    }

    /** SHA-256 of the module's bytes, lower-case hex. */
    public String sha256() {
        return code.sha256();
    }

    public Function<Instance, Machine> machineFactory() {
        return code.machineFactory();
    }

    /** Whether it runs compiled code (else the interpreter). */
    public boolean compiled() {
        return code.compiled();
    }

    /** The exported functions callable with number arguments, by name. */
    public Map<String, ExportSignature> exports() {
        return code.exports();
    }

    /** How it runs, for the log: {@code compiled}, {@code compiled (cached)} or {@code interpreted}. */
    public String engineLabel() {
        return code.compiled() ? (code.fromCache() ? "compiled, from the compile cache" : "compiled") : "interpreted";
    }

    public boolean usesWasi() {
        return code.usesWasi();
    }

    /** The functions it imports from capabilities ({@code wharf:<name>}). */
    public List<CapabilityImport> capabilityImports() {
        return code.capabilityImports();
    }

    public List<ExportSignature> exportList() {
        return exports().values().stream().sorted(Comparator.comparing(ExportSignature::name)).toList();
    }

    public boolean exportsFunction(String name) {
        return exports().containsKey(name);
    }
}
