package dev.wharf.runtime.internal.component.binary;

import dev.wharf.runtime.internal.component.WitType;
import dev.wharf.runtime.internal.component.binary.Ast.Decl;
import dev.wharf.runtime.internal.component.binary.Ast.DefType;
import dev.wharf.runtime.internal.component.binary.Ast.ExternType;
import dev.wharf.runtime.internal.component.binary.Ast.Labelled;
import dev.wharf.runtime.internal.component.binary.Ast.ValRef;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the type definitions of the binary format ({@code Binary.md}, "Type Definitions"):
 * value types, function types, component and instance types, resource types, and the core
 * types a component may define (function and module types). Features behind gates Wharf does
 * not implement (async functions, streams, futures, error contexts, fixed-length lists, maps,
 * values) are refused by name.
 */
final class TypeParser {

    private TypeParser() {}

    static DefType defType(ComponentReader r) {
        int b = r.peek();
        return switch (b) {
            case 0x40 -> {
                r.u8();
                yield new Ast.FuncDef(labelled(r), results(r));
            }
            case 0x43 -> throw r.malformed("async function types are not supported");
            case 0x41 -> {
                r.u8();
                yield new Ast.ComponentTypeDef(nested(r, x -> x.vec(TypeParser::componentDecl)));
            }
            case 0x42 -> {
                r.u8();
                yield new Ast.InstanceTypeDef(nested(r, x -> x.vec(TypeParser::instanceDecl)));
            }
            case 0x3f -> {
                r.u8();
                if (r.u8() != 0x7f) {
                    throw r.malformed("a resource's representation must be i32");
                }
                Integer dtor = r.optional(ComponentReader::u32);
                yield new Ast.ResourceDef(dtor == null ? -1 : dtor);
            }
            default -> defValType(r);
        };
    }

    /** How deep component and instance types may nest: deeper is refused rather than recursing without bound. */
    static final int MAX_TYPE_DEPTH = 100;

    private static <T> T nested(ComponentReader r, ComponentReader.Element<T> declarations) {
        if (r.enter() > MAX_TYPE_DEPTH) {
            throw r.malformed("component or instance types nested more than " + MAX_TYPE_DEPTH + " deep");
        }
        try {
            return declarations.read(r);
        } finally {
            r.exit();
        }
    }

    static Ast.DefValType defValType(ComponentReader r) {
        int b = r.u8();
        WitType.Primitive p = primitive(b);
        if (p != null) {
            return new Ast.Prim(p);
        }
        return switch (b) {
            case 0x72 -> new Ast.RecordDef(nonEmpty(r, labelled(r), "record fields"));
            case 0x71 -> new Ast.VariantDef(nonEmpty(r, r.vec(TypeParser::variantCase), "variant cases"));
            case 0x70 -> new Ast.ListDef(valRef(r));
            case 0x6f -> new Ast.TupleDef(nonEmpty(r, r.vec(TypeParser::valRef), "tuple types"));
            case 0x6e -> new Ast.FlagsDef(flags(r));
            case 0x6d -> new Ast.EnumDef(nonEmpty(r, r.vec(ComponentReader::name), "enum cases"));
            case 0x6b -> new Ast.OptionDef(valRef(r));
            case 0x6a -> new Ast.ResultDef(r.optional(TypeParser::valRef), r.optional(TypeParser::valRef));
            case 0x69 -> new Ast.OwnDef(r.u32());
            case 0x68 -> new Ast.BorrowDef(r.u32());
            case 0x67 -> throw r.malformed("fixed-length lists are not supported");
            case 0x66, 0x65 -> throw r.malformed("streams and futures (async) are not supported");
            case 0x64 -> throw r.malformed("error-context is not supported");
            case 0x63 -> throw r.malformed("maps are not supported");
            default -> throw r.unknown("type", b);
        };
    }

    private static List<String> flags(ComponentReader r) {
        List<String> names = nonEmpty(r, r.vec(ComponentReader::name), "flags");
        if (names.size() > 32) {
            throw r.malformed("flags of " + names.size() + " names (at most 32)");
        }
        return names;
    }

    private static <T> List<T> nonEmpty(ComponentReader r, List<T> list, String what) {
        if (list.isEmpty()) {
            throw r.malformed("no " + what);
        }
        return list;
    }

    private static Labelled variantCase(ComponentReader r) {
        String label = r.name();
        ValRef payload = r.optional(TypeParser::valRef);
        if (r.u8() != 0x00) {
            throw r.malformedByte("a variant case must end with 0x00 (refinements are not supported)");
        }
        return new Labelled(label, payload);
    }

    static List<Labelled> labelled(ComponentReader r) {
        return r.vec(x -> new Labelled(x.name(), valRef(x)));
    }

    /** One unnamed result ({@code 0x00 t}), or {@code 0x01} and named results (none in today's binaries). */
    private static List<Labelled> results(ComponentReader r) {
        int b = r.u8();
        if (b == 0x00) {
            return List.of(new Labelled("", valRef(r)));
        }
        if (b == 0x01) {
            return labelled(r);
        }
        throw r.malformedByte("expected a result list (0x00 or 0x01), got 0x" + Integer.toHexString(b));
    }

    /** A value type: a primitive code, or a type index (a non-negative s33). */
    static ValRef valRef(ComponentReader r) {
        int b = r.peek();
        WitType.Primitive p = primitive(b);
        if (p != null) {
            r.u8();
            return new Ast.Prim(p);
        }
        if (b >= 0x40 && (b & 0x80) == 0) {
            throw r.malformed("0x" + Integer.toHexString(b) + " is not a value type");
        }
        return new Ast.Index(r.u32());
    }

    static WitType.Primitive primitive(int b) {
        return switch (b) {
            case 0x7f -> WitType.Primitive.BOOL;
            case 0x7e -> WitType.Primitive.S8;
            case 0x7d -> WitType.Primitive.U8;
            case 0x7c -> WitType.Primitive.S16;
            case 0x7b -> WitType.Primitive.U16;
            case 0x7a -> WitType.Primitive.S32;
            case 0x79 -> WitType.Primitive.U32;
            case 0x78 -> WitType.Primitive.S64;
            case 0x77 -> WitType.Primitive.U64;
            case 0x76 -> WitType.Primitive.F32;
            case 0x75 -> WitType.Primitive.F64;
            case 0x74 -> WitType.Primitive.CHAR;
            case 0x73 -> WitType.Primitive.STRING;
            default -> null;
        };
    }

    private static Decl componentDecl(ComponentReader r) {
        if (r.peek() == 0x03) {
            r.u8();
            return new Ast.ImportDecl(ComponentParser.externName(r), externType(r));
        }
        return instanceDecl(r);
    }

    private static Decl instanceDecl(ComponentReader r) {
        int b = r.u8();
        return switch (b) {
            case 0x00 -> new Ast.CoreTypeDecl(coreType(r));
            case 0x01 -> new Ast.TypeDecl(defType(r));
            case 0x02 -> new Ast.AliasDecl(ComponentParser.alias(r));
            case 0x04 -> new Ast.ExportDecl(ComponentParser.externName(r), externType(r));
            default -> throw r.unknown("declarator", b);
        };
    }

    static ExternType externType(ComponentReader r) {
        int b = r.u8();
        return switch (b) {
            case 0x00 -> {
                if (r.u8() != 0x11) {
                    throw r.malformed("a core extern type must be a module (0x00 0x11)");
                }
                yield new Ast.CoreModuleExtern(r.u32());
            }
            case 0x01 -> new Ast.FuncExtern(r.u32());
            case 0x02 -> throw r.malformed("value imports and exports are not supported");
            case 0x03 -> {
                int bound = r.u8();
                if (bound == 0x00) {
                    yield new Ast.TypeExtern(r.u32());
                }
                if (bound != 0x01) {
                    throw r.unknown("type bound", bound);
                }
                yield new Ast.TypeExtern(-1);
            }
            case 0x04 -> new Ast.ComponentExtern(r.u32());
            case 0x05 -> new Ast.InstanceExtern(r.u32());
            default -> throw r.unknown("extern type", b);
        };
    }

    // ---- core types ----------------------------------------------------------------------------

    static Ast.CoreType coreType(ComponentReader r) {
        int b = r.u8();
        if (b == 0x60) {
            return new Ast.CoreFuncType(r.vec(TypeParser::coreValType), r.vec(TypeParser::coreValType));
        }
        if (b == 0x50) {
            return new Ast.CoreModuleType(r.vec(TypeParser::moduleDecl));
        }
        throw r.malformed("core type 0x" + Integer.toHexString(b) + " is not supported (function and module types are)");
    }

    private static int coreValType(ComponentReader r) {
        int b = r.u8();
        if (b != 0x7f && b != 0x7e && b != 0x7d && b != 0x7c && b != 0x7b && b != 0x70 && b != 0x6f) {
            throw r.unknown("core value type", b);
        }
        return b;
    }

    private static Ast.CoreModuleDecl moduleDecl(ComponentReader r) {
        int b = r.u8();
        return switch (b) {
            case 0x00 -> new Ast.CoreImportDecl(r.name(), r.name(), coreExternDesc(r));
            case 0x01 -> new Ast.CoreTypeInModule(coreType(r));
            case 0x02 -> {
                if (r.u8() != 0x10 || r.u8() != 0x01) {
                    throw r.malformed("a module type's alias must be an outer type alias (0x10 0x01)");
                }
                yield new Ast.CoreOuterAlias(r.u32(), r.u32());
            }
            case 0x03 -> new Ast.CoreExportDecl(r.name(), coreExternDesc(r));
            default -> throw r.unknown("module declarator", b);
        };
    }

    /** A core import or export description: func (type index), table, memory, global, tag. */
    private static Ast.CoreExternDesc coreExternDesc(ComponentReader r) {
        int kind = r.u8();
        List<Long> imm = new ArrayList<>();
        switch (kind) {
            case 0x00 -> imm.add((long) r.u32());
            case 0x01 -> {
                imm.add((long) coreValType(r));
                limits(r, imm);
            }
            case 0x02 -> limits(r, imm);
            case 0x03 -> {
                imm.add((long) coreValType(r));
                imm.add((long) r.u8());
            }
            case 0x04 -> {
                imm.add((long) r.u8());
                imm.add((long) r.u32());
            }
            default -> throw r.unknown("core extern kind", kind);
        }
        return new Ast.CoreExternDesc(kind, imm.stream().mapToLong(Long::longValue).toArray());
    }

    private static void limits(ComponentReader r, List<Long> out) {
        int flags = r.u8();
        if (flags > 0x07) {
            throw r.unknown("limits flags", flags);
        }
        out.add((long) flags);
        out.add(Integer.toUnsignedLong(r.u32()));
        if ((flags & 0x01) != 0) {
            out.add(Integer.toUnsignedLong(r.u32()));
        }
    }
}
