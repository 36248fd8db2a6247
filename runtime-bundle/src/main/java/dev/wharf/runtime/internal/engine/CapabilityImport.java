package dev.wharf.runtime.internal.engine;

import com.dylibso.chicory.wasm.types.FunctionType;
import dev.wharf.api.ValueType;
import java.util.List;

/**
 * A function a module imports from a capability, module {@code wharf:<capability>}.
 *
 * @param capability the capability's name, e.g. {@code kv}
 * @param function the function's name, e.g. {@code get}
 * @param type its signature as the module imports it
 * @param params the parameter types as API values
 * @param results the result types as API values
 * @param via the import of a WebAssembly component that calls it, such as
 *     {@code wasi:keyvalue/store@0.2.0-draft2}; {@code null} when the module imports the function itself
 */
public record CapabilityImport(String capability, String function, FunctionType type, List<ValueType> params,
        List<ValueType> results, String via) {

    /** The prefix of a capability's module name. */
    public static final String MODULE_PREFIX = "wharf:";

    public CapabilityImport {
        params = List.copyOf(params);
        results = List.copyOf(results);
    }

    /** A function the module imports itself. */
    public CapabilityImport(String capability, String function, FunctionType type, List<ValueType> params,
            List<ValueType> results) {
        this(capability, function, type, params, results, null);
    }

    /** The same function, called for the component's import {@code importName}. */
    public CapabilityImport through(String importName) {
        return new CapabilityImport(capability, function, type, params, results, importName);
    }

    /**
     * What the module imports, for deploy errors: {@code 'wharf:kv.get'}, or for a component
     * {@code 'wasi:keyvalue/store@0.2.0-draft2' (served by 'wharf:kv.get')}.
     */
    public String imported() {
        return via == null ? "'" + qualifiedName() + "'" : "'" + via + "' (served by '" + qualifiedName() + "')";
    }

    /** {@code wharf:kv.get}, as errors and the audit log name it. */
    public String qualifiedName() {
        return MODULE_PREFIX + capability + "." + function;
    }

    /** The signature as WAT writes it, e.g. {@code (i32, i32, i32) -> (i32)}. */
    public String signature() {
        return describe(params, results);
    }

    public static String describe(List<ValueType> params, List<ValueType> results) {
        return "(" + String.join(", ", params.stream().map(ValueType::toString).toList()) + ") -> ("
                + String.join(", ", results.stream().map(ValueType::toString).toList()) + ")";
    }
}
