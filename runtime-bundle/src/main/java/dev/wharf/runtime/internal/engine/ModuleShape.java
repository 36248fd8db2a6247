package dev.wharf.runtime.internal.engine;

import com.dylibso.chicory.wasm.InvalidException;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.Export;
import com.dylibso.chicory.wasm.types.ExternalType;
import com.dylibso.chicory.wasm.types.FunctionImport;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.Import;
import com.dylibso.chicory.wasm.types.ValType;
import dev.wharf.api.ExportSignature;
import dev.wharf.api.InvalidComponentException;
import dev.wharf.api.ValueType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a module looks like from outside, read from its sections: its callable exports with their
 * number signatures, its capability imports, the kind of binary it is, and what an import Wharf
 * does not provide usually means for the author's build. Pure functions of the module.
 */
public final class ModuleShape {

    private ModuleShape() {}

    public static CapabilityImport capabilityImport(Import imp, FunctionType type, String origin) {
        String name = imp.module().substring(CapabilityImport.MODULE_PREFIX.length());
        if (!dev.wharf.runtime.internal.header.ComponentHeader.isCapabilityName(name)) {
            throw new InvalidComponentException(origin + " imports '" + imp.module() + "." + imp.name()
                    + "': '" + name + "' is not a capability name ([a-z0-9][a-z0-9_-]{0,63})");
        }
        List<ValueType> params = valueTypes(type.params());
        List<ValueType> results = valueTypes(type.returns());
        if (params == null || results == null) {
            throw new InvalidComponentException(origin + " imports '" + imp.module() + "." + imp.name()
                    + "' with signature " + describe(type) + "; capability functions take and return numbers only");
        }
        return new CapabilityImport(name, imp.name(), type, params, results);
    }

    /** The binary header of the Component Model: "\0asm", version 13 (0x0d 0x00), layer 1. */
    public static boolean isComponentModelBinary(byte[] b) {
        return b.length >= 8 && b[0] == 0 && b[1] == 'a' && b[2] == 's' && b[3] == 'm' && b[4] == 0x0d && b[5] == 0
                && b[6] == 0x01 && b[7] == 0;
    }

    /** What usually causes an import from an unknown module, and the build setting that avoids it. */
    public static String importHint(String module, String name) {
        if (module.equals("env") && name.equals("abort")) {
            return ": it is AssemblyScript's default abort; build with guest/assemblyscript's asconfig.json "
                    + "(--use abort=...), see docs/write-a-component.md";
        }
        if (module.equals("env")) {
            return ": functions of 'env' come from a C library or an Emscripten runtime Wharf does not have; build "
                    + "freestanding (clang --target=wasm32 -nostdlib) or against wasi-libc (--target=wasm32-wasi)";
        }
        if (module.startsWith("wasi_snapshot") || module.startsWith("wasi:")) {
            return ": Wharf provides WASI preview 1 only (module '" + WasmEngine.WASI_MODULE + "')";
        }
        return "";
    }

    public static Map<String, ExportSignature> exports(WasmModule module) {
        Map<String, ExportSignature> out = new LinkedHashMap<>();
        int imported = module.importSection().count(ExternalType.FUNCTION);
        for (int i = 0; i < module.exportSection().exportCount(); i++) {
            Export e = module.exportSection().getExport(i);
            if (e.exportType() != ExternalType.FUNCTION) {
                continue;
            }
            int idx = e.index();
            if (idx < 0 || (idx >= imported && idx - imported >= module.functionSection().functionCount())) {
                // Chicory's parser leaves export indices to instantiation: the analysis at deployment
                // refuses them (WasmEngine reports a ChicoryException as the module's problem)
                throw new InvalidException("export '" + e.name() + "' names unknown function " + Integer.toUnsignedString(idx));
            }
            FunctionType type;
            if (idx < imported) {
                int seen = 0;
                type = null;
                for (int j = 0; j < module.importSection().importCount(); j++) {
                    Import imp = module.importSection().getImport(j);
                    if (imp.importType() == ExternalType.FUNCTION && seen++ == idx) {
                        type = module.typeSection().getType(((FunctionImport) imp).typeIndex());
                        break;
                    }
                }
            } else {
                type = module.typeSection().getType(module.functionSection().getFunctionType(idx - imported));
            }
            List<ValueType> params = valueTypes(type.params());
            List<ValueType> results = valueTypes(type.returns());
            if (params != null && results != null) {
                out.put(e.name(), new ExportSignature(e.name(), params, results));
            }
        }
        return out;
    }

    /** Whether {@code module} exports a function named {@code name}. */
    public static boolean exportsFunction(WasmModule module, String name) {
        for (int i = 0; i < module.exportSection().exportCount(); i++) {
            Export e = module.exportSection().getExport(i);
            if (e.exportType() == ExternalType.FUNCTION && e.name().equals(name)) {
                return true;
            }
        }
        return false;
    }

    /** Maps number types; {@code null} when a type is not a number (vectors, references). */
    static List<ValueType> valueTypes(List<ValType> types) {
        List<ValueType> out = new ArrayList<>(types.size());
        for (ValType t : types) {
            ValueType v = valueType(t);
            if (v == null) {
                return null;
            }
            out.add(v);
        }
        return out;
    }

    static ValueType valueType(ValType t) {
        if (t.equals(ValType.I32)) {
            return ValueType.I32;
        } else if (t.equals(ValType.I64)) {
            return ValueType.I64;
        } else if (t.equals(ValType.F32)) {
            return ValueType.F32;
        } else if (t.equals(ValType.F64)) {
            return ValueType.F64;
        }
        return null;
    }

    public static String describe(FunctionType t) {
        return "(" + t.params().stream().map(ModuleShape::typeName).reduce((a, b) -> a + ", " + b).orElse("")
                + ") -> (" + t.returns().stream().map(ModuleShape::typeName).reduce((a, b) -> a + ", " + b).orElse("")
                + ")";
    }

    static String typeName(ValType t) {
        ValueType v = valueType(t);
        return v == null ? t.toString() : v.toString();
    }
}
