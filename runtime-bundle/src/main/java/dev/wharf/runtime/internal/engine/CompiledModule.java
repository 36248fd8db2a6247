package dev.wharf.runtime.internal.engine;

import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Machine;
import com.dylibso.chicory.wasm.WasmModule;
import dev.wharf.api.ExportSignature;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * What is the same for every component of one module: the parsed and validated module and its
 * compiled code. Shared by all components whose module has the same bytes (and engine settings),
 * so 1,000 components of one module compile once and load its classes once.
 *
 * @param module the parsed module
 * @param sha256 SHA-256 of its bytes, lower-case hex
 * @param machineFactory the compiled code, or the interpreter when compilation failed or is off
 * @param compiled whether {@code machineFactory} runs compiled code
 * @param exports the exported functions callable with number arguments, by name
 * @param usesWasi whether it imports WASI preview 1
 * @param capabilityImports the functions it imports from capabilities ({@code wharf:<name>})
 * @param fromCache whether the compiled code came from the compile cache on disk
 */
public record CompiledModule(
        WasmModule module,
        String sha256,
        Function<Instance, Machine> machineFactory,
        boolean compiled,
        Map<String, ExportSignature> exports,
        boolean usesWasi,
        List<CapabilityImport> capabilityImports,
        boolean fromCache) {

    public CompiledModule {
        capabilityImports = List.copyOf(capabilityImports);
    }
}
