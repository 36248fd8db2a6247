package dev.wharf.runtime.internal.engine;

import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Machine;
import com.dylibso.chicory.wasm.WasmModule;
import java.util.function.Function;

/**
 * What is the same for every instance of one core module, whatever kind of guest it is: the
 * parsed and validated module and its compiled code. Shared by all components whose module has
 * the same bytes (and engine settings), so 1,000 components of one module compile once and load
 * its classes once.
 *
 * @param module the parsed module
 * @param sha256 SHA-256 of its bytes, lower-case hex
 * @param machineFactory the compiled code, or the interpreter when compilation failed or is off
 * @param compiled whether {@code machineFactory} runs compiled code
 * @param fromCache whether the compiled code came from the compile cache on disk
 * @param analysis what the kind of guest found in the module (its imports, its exports), of the
 *     kind's own type: the same bytes are always the same kind, so it is worked out once too
 */
public record CompiledModule(
        WasmModule module,
        String sha256,
        Function<Instance, Machine> machineFactory,
        boolean compiled,
        boolean fromCache,
        Object analysis) {

    /** How it runs, for the log: {@code compiled}, {@code compiled, from the compile cache} or {@code interpreted}. */
    public String engineLabel() {
        return compiled ? (fromCache ? "compiled, from the compile cache" : "compiled") : "interpreted";
    }
}
