package dev.wharf.runtime.internal.component.binary;

import dev.wharf.runtime.internal.component.binary.Ast.Sort;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a core module imports and exports, read from its import and export sections only, so
 * that a component's core instantiations and aliases are checked when it is loaded rather than
 * when it is first instantiated. Everything else in the module is Chicory's to validate: a
 * module whose imports or exports cannot be read here has no shape ({@link #of} answers
 * {@code null}) and Chicory names what is wrong with it.
 *
 * @param imports what the module imports, in order
 * @param exports its exports by name
 */
record CoreModuleShape(List<Import> imports, Map<String, Sort> exports) {

    /** One import: the instance it is taken from, its name in it, and its sort. */
    record Import(String module, String name, Sort sort) {}

    CoreModuleShape {
        imports = List.copyOf(imports);
        exports = Collections.unmodifiableMap(new LinkedHashMap<>(exports));
    }

    private static final int IMPORT_SECTION = 2;
    private static final int EXPORT_SECTION = 7;

    /** The shape of the core module {@code bytes}, or {@code null} when its sections cannot be read. */
    static CoreModuleShape of(byte[] bytes) {
        try {
            return read(new ComponentReader(bytes, 0, bytes.length));
        } catch (MalformedComponentException e) {
            return null; // Chicory's parser says what is wrong with the module
        }
    }

    private static CoreModuleShape read(ComponentReader r) {
        byte[] preamble = r.bytes(8);
        if (preamble[0] != 0 || preamble[1] != 'a' || preamble[2] != 's' || preamble[3] != 'm' || preamble[4] != 1) {
            throw r.malformed("not a core module");
        }
        List<Import> imports = new ArrayList<>();
        Map<String, Sort> exports = new LinkedHashMap<>();
        while (!r.atEnd()) {
            int id = r.u8();
            ComponentReader s = r.sub(r.length());
            if (id == IMPORT_SECTION) {
                imports.addAll(s.vec(CoreModuleShape::importEntry));
            } else if (id == EXPORT_SECTION) {
                s.vec(CoreModuleShape::exportEntry).forEach(e -> exports.put(e.getKey(), e.getValue()));
            }
        }
        return new CoreModuleShape(imports, exports);
    }

    private static Import importEntry(ComponentReader r) {
        String module = r.name();
        String name = r.name();
        int kind = r.u8();
        Sort sort = sort(r, kind);
        switch (kind) {
            case 0x00 -> r.u32();
            case 0x01 -> {
                referenceType(r);
                limits(r);
            }
            case 0x02 -> limits(r);
            case 0x03 -> {
                valueType(r);
                r.u8();
            }
            default -> {
                r.u8();
                r.u32();
            }
        }
        return new Import(module, name, sort);
    }

    private static Map.Entry<String, Sort> exportEntry(ComponentReader r) {
        String name = r.name();
        Sort sort = sort(r, r.u8());
        r.u32();
        return Map.entry(name, sort);
    }

    private static Sort sort(ComponentReader r, int kind) {
        return switch (kind) {
            case 0x00 -> Sort.CORE_FUNC;
            case 0x01 -> Sort.CORE_TABLE;
            case 0x02 -> Sort.CORE_MEMORY;
            case 0x03 -> Sort.CORE_GLOBAL;
            case 0x04 -> Sort.CORE_TAG;
            default -> throw r.unknown("core extern kind", kind);
        };
    }

    /** Number and reference types of one byte; the typed references of the GC proposal are not read. */
    private static void valueType(ComponentReader r) {
        int b = r.u8();
        if (b < 0x6f || b > 0x7f) {
            throw r.malformed("value type 0x" + Integer.toHexString(b) + " is not read here");
        }
    }

    private static void referenceType(ComponentReader r) {
        int b = r.u8();
        if (b != 0x70 && b != 0x6f) {
            throw r.malformed("reference type 0x" + Integer.toHexString(b) + " is not read here");
        }
    }

    /** Limits: flags, then a minimum and an optional maximum (LEB128 of up to 64 bits for 64-bit memories). */
    private static void limits(ComponentReader r) {
        int flags = r.u8();
        int bounds = (flags & 0x01) != 0 ? 2 : 1;
        for (int i = 0; i < bounds; i++) {
            skipLeb(r);
        }
    }

    private static void skipLeb(ComponentReader r) {
        for (int i = 0; i < 10; i++) {
            if ((r.u8() & 0x80) == 0) {
                return;
            }
        }
        throw r.malformed("LEB128 longer than 10 bytes");
    }
}
