package dev.wharf.runtime.internal.guest.extism;

import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.ExternalType;
import com.dylibso.chicory.wasm.types.FunctionImport;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.Import;
import com.dylibso.chicory.wasm.types.ValType;
import dev.wharf.api.InvalidComponentException;
import dev.wharf.runtime.internal.engine.ModuleShape;
import dev.wharf.runtime.internal.engine.WasmEngine;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The imports an Extism plugin may have: the functions of Extism's kernel and host
 * ({@code extism:host/env}, with Extism's signatures) and WASI preview 1. User host functions
 * ({@code extism:host/user}) are not served: a plugin that imports any is refused, naming each.
 */
final class ExtismImports {

    static final String ENV = "extism:host/env";
    static final String USER = "extism:host/user";

    private static final ValType I32 = ValType.I32;
    private static final ValType I64 = ValType.I64;

    /** The signature of every function of {@code extism:host/env}, by name. */
    static final Map<String, FunctionType> TYPES = types();

    private ExtismImports() {}

    private static Map<String, FunctionType> types() {
        Map<String, FunctionType> t = new HashMap<>();
        FunctionType i64ToI64 = FunctionType.of(List.of(I64), List.of(I64));
        FunctionType i64ToNone = FunctionType.of(List.of(I64), List.of());
        FunctionType noneToI64 = FunctionType.of(List.of(), List.of(I64));
        FunctionType twoI64 = FunctionType.of(List.of(I64, I64), List.of());
        for (String n : List.of("alloc", "length", "length_unsafe", "load_u64", "input_load_u64", "config_get", "var_get")) {
            t.put(n, i64ToI64);
        }
        for (String n : List.of("free", "error_set", "log_trace", "log_debug", "log_info", "log_warn", "log_error")) {
            t.put(n, i64ToNone);
        }
        for (String n : List.of("input_length", "input_offset", "output_length", "output_offset", "error_get",
                "memory_bytes", "http_headers")) {
            t.put(n, noneToI64);
        }
        for (String n : List.of("store_u64", "input_set", "output_set", "var_set")) {
            t.put(n, twoI64);
        }
        t.put("load_u8", FunctionType.of(List.of(I64), List.of(I32)));
        t.put("input_load_u8", FunctionType.of(List.of(I64), List.of(I32)));
        t.put("store_u8", FunctionType.of(List.of(I64, I32), List.of()));
        t.put("reset", FunctionType.of(List.of(), List.of()));
        t.put("http_request", FunctionType.of(List.of(I64, I64), List.of(I64)));
        t.put("http_status_code", FunctionType.of(List.of(), List.of(I32)));
        t.put("get_log_level", FunctionType.of(List.of(), List.of(I32)));
        return Map.copyOf(t);
    }

    /** Whether {@code module} imports anything from Extism's namespaces: then it is an Extism plugin. */
    static boolean importsExtism(WasmModule module) {
        for (int i = 0; i < module.importSection().importCount(); i++) {
            String m = module.importSection().getImport(i).module();
            if (m.equals(ENV) || m.equals(USER)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Checks every import of {@code module}; returns whether it uses WASI.
     *
     * @throws InvalidComponentException naming the first import Wharf does not provide, or every
     *     user host function it imports
     */
    static boolean check(WasmModule module, WasmEngine engine, String origin) {
        boolean usesWasi = false;
        List<String> user = new ArrayList<>();
        for (int i = 0; i < module.importSection().importCount(); i++) {
            Import imp = module.importSection().getImport(i);
            String what = imp.module() + "." + imp.name();
            if (imp.importType() != ExternalType.FUNCTION) {
                throw new InvalidComponentException(origin + " imports " + imp.importType().name().toLowerCase(Locale.ROOT)
                        + " '" + what + "'; an Extism plugin may import only functions of '" + ENV + "' and '"
                        + WasmEngine.WASI_MODULE + "'");
            }
            FunctionType type = module.typeSection().getType(((FunctionImport) imp).typeIndex());
            FunctionType expected;
            if (imp.module().equals(USER)) {
                user.add(what + " " + ModuleShape.describe(type));
                continue;
            } else if (imp.module().equals(ENV)) {
                expected = TYPES.get(imp.name());
            } else if (imp.module().equals(WasmEngine.WASI_MODULE)) {
                expected = engine.wasiFunction(imp.name());
                usesWasi = true;
            } else {
                throw new InvalidComponentException(origin + " is an Extism plugin and imports '" + what
                        + "' from an unknown module; Wharf provides '" + ENV + "' and '" + WasmEngine.WASI_MODULE + "'"
                        + ModuleShape.importHint(imp.module(), imp.name()));
            }
            if (expected == null) {
                throw new InvalidComponentException(origin + " imports '" + what + "', which is not a function of Extism's "
                        + "kernel or host (a newer PDK than Wharf knows? see docs/extism.md)");
            }
            if (!expected.equals(type)) {
                throw new InvalidComponentException(origin + " imports '" + what + "' with signature "
                        + ModuleShape.describe(type) + "; Extism's is " + ModuleShape.describe(expected));
            }
        }
        if (!user.isEmpty()) {
            throw new InvalidComponentException(origin + " imports user host functions Wharf does not provide: "
                    + String.join(", ", user) + "; a plugin in Wharf reaches the container through the kernel's "
                    + "config, vars, HTTP and log functions (docs/extism.md)");
        }
        return usesWasi;
    }
}
