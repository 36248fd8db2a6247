package dev.wharf.runtime.internal.engine;

import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Machine;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import dev.wharf.api.ExportSignature;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A parsed, validated and compiled module. It is compiled once; every instance of the component
 * (the first and each restart) is created from it.
 *
 * @param module the parsed module
 * @param sha256 SHA-256 of its bytes, lower-case hex
 * @param machineFactory the compiled code, or the interpreter when compilation failed
 * @param compiled whether {@code machineFactory} runs compiled code
 * @param exports the exported functions callable with number arguments, by name
 * @param memoryLimits the limits to instantiate linear memory with, {@code null} without memory
 * @param usesWasi whether it imports WASI preview 1
 * @param budget the memory budget its instances' memory counts against
 * @param capabilityImports the functions it imports from capabilities ({@code wharf:<name>})
 */
public record LoadedModule(
        WasmModule module,
        String sha256,
        Function<Instance, Machine> machineFactory,
        boolean compiled,
        Map<String, ExportSignature> exports,
        MemoryLimits memoryLimits,
        boolean usesWasi,
        MemoryBudget budget,
        List<CapabilityImport> capabilityImports) {

    public LoadedModule {
        capabilityImports = List.copyOf(capabilityImports);
    }

    /** The names of the capabilities it imports from, each once, in import order. */
    public List<String> importedCapabilities() {
        return capabilityImports.stream().map(CapabilityImport::capability).distinct().toList();
    }

    public List<ExportSignature> exportList() {
        return exports.values().stream().sorted(java.util.Comparator.comparing(ExportSignature::name)).toList();
    }

    public boolean exportsFunction(String name) {
        return exports.containsKey(name);
    }
}
