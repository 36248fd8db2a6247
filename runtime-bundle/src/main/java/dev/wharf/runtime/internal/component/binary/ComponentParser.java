package dev.wharf.runtime.internal.component.binary;

import dev.wharf.runtime.internal.component.StringEncoding;

import dev.wharf.runtime.internal.component.binary.Ast.Definition;
import dev.wharf.runtime.internal.component.binary.Ast.Sort;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses a component binary ({@code Binary.md}) into its {@link Ast}: every section, nested
 * components included. Only the binary format is checked here (sections, lengths, opcodes,
 * names); indices and types are the validator's. Anything malformed, or a gated feature Wharf
 * does not implement (values, start functions, async), is a {@link MalformedComponentException}
 * naming it and its offset.
 */
public final class ComponentParser {

    /** How deep components may nest: deeper is refused rather than recursing without bound. */
    static final int MAX_DEPTH = 64;

    private ComponentParser() {}

    /** Parses {@code bytes}, which must be a whole component binary. */
    public static Ast.Component parse(byte[] bytes) {
        return component(new ComponentReader(bytes, 0, bytes.length), 0);
    }

    private static Ast.Component component(ComponentReader r, int depth) {
        if (depth > MAX_DEPTH) {
            throw r.malformed("components nested more than " + MAX_DEPTH + " deep");
        }
        preamble(r);
        List<Definition> out = new ArrayList<>();
        while (!r.atEnd()) {
            int id = r.u8();
            ComponentReader s = r.sub(r.length());
            section(id, s, depth, out);
        }
        return new Ast.Component(out);
    }

    private static void preamble(ComponentReader r) {
        int at = r.position();
        byte[] p = r.bytes(8);
        if (p[0] != 0 || p[1] != 'a' || p[2] != 's' || p[3] != 'm') {
            throw new MalformedComponentException("not a WebAssembly binary (no \\0asm) at offset " + at);
        }
        if (p[4] != 0x0d || p[5] != 0 || p[6] != 1 || p[7] != 0) {
            throw new MalformedComponentException("not a component of binary version 0x0d (layer 1) at offset " + at
                    + ": version " + (p[4] & 0xFF) + ", layer " + (p[6] & 0xFF));
        }
    }

    private static void section(int id, ComponentReader s, int depth, List<Definition> out) {
        switch (id) {
            case 0 -> { } // custom: names and producers, nothing that changes what the component does
            case 1 -> {
                int at = s.position();
                out.add(new Ast.CoreModule(s.rest(), at));
            }
            case 2 -> out.addAll(s.vec(ComponentParser::coreInstance));
            case 3 -> out.addAll(s.vec(x -> new Ast.CoreTypeDef(TypeParser.coreType(x))));
            case 4 -> out.add(new Ast.Nested(component(s, depth + 1)));
            case 5 -> out.addAll(s.vec(ComponentParser::instance));
            case 6 -> out.addAll(s.vec(ComponentParser::alias));
            case 7 -> out.addAll(s.vec(x -> new Ast.TypeDef(TypeParser.defType(x))));
            case 8 -> out.addAll(s.vec(x -> new Ast.Canon(canon(x))));
            case 9 -> throw s.malformed("start functions (value imports) are not supported");
            case 10 -> out.addAll(s.vec(x -> new Ast.Import(externName(x), TypeParser.externType(x))));
            case 11 -> out.addAll(s.vec(ComponentParser::export));
            case 12 -> throw s.malformed("values are not supported");
            default -> throw s.malformed("unknown section " + id);
        }
        if (id != 0 && id != 1 && id != 4) {
            s.expectEnd("section " + id);
        }
    }

    private static Definition coreInstance(ComponentReader r) {
        int b = r.u8();
        if (b == 0x00) {
            int module = r.u32();
            return new Ast.CoreInstantiate(module, r.vec(x -> {
                String name = x.name();
                if (x.u8() != 0x12) {
                    throw x.malformed("a core instantiation argument must be an instance (0x12)");
                }
                return new Ast.CoreArg(name, x.u32());
            }));
        }
        if (b == 0x01) {
            return new Ast.CoreFromExports(r.vec(x -> new Ast.CoreExport(x.name(), coreSort(x), x.u32())));
        }
        throw r.unknown("core instance", b);
    }

    private static Definition instance(ComponentReader r) {
        int b = r.u8();
        if (b == 0x00) {
            int component = r.u32();
            return new Ast.Instantiate(component, r.vec(x -> {
                String name = x.name();
                Sort sort = sort(x);
                return new Ast.Arg(name, sort, x.u32());
            }));
        }
        if (b == 0x01) {
            return new Ast.FromExports(r.vec(x -> {
                String name = externName(x);
                Sort sort = sort(x);
                return new Ast.Arg(name, sort, x.u32());
            }));
        }
        throw r.unknown("instance", b);
    }

    static Ast.Alias alias(ComponentReader r) {
        Sort sort = sort(r);
        int kind = r.u8();
        return switch (kind) {
            case 0x00 -> new Ast.Alias(sort, new Ast.InstanceExport(r.u32(), r.name()));
            case 0x01 -> new Ast.Alias(sort, new Ast.CoreInstanceExport(r.u32(), r.name()));
            case 0x02 -> new Ast.Alias(sort, new Ast.Outer(r.u32(), r.u32()));
            default -> throw r.unknown("alias", kind);
        };
    }

    private static Definition export(ComponentReader r) {
        String name = externName(r);
        Sort sort = sort(r);
        int index = r.u32();
        return new Ast.Export(name, sort, index, r.optional(TypeParser::externType));
    }

    /** An import's or export's name, with its attributes (implements, version suffix) read and set aside. */
    static String externName(ComponentReader r) {
        int b = r.u8();
        if (b != 0x00 && b != 0x01 && b != 0x02) {
            throw r.unknown("name form", b);
        }
        String name = r.name();
        if (b == 0x02) {
            r.vec(x -> {
                int a = x.u8();
                if (a > 0x02) {
                    throw x.unknown("name attribute", a);
                }
                return x.name();
            });
        }
        if (name.isEmpty()) {
            throw r.malformed("empty import or export name");
        }
        return name;
    }

    static Sort sort(ComponentReader r) {
        int b = r.u8();
        return switch (b) {
            case 0x00 -> coreSort(r);
            case 0x01 -> Sort.FUNC;
            case 0x02 -> Sort.VALUE;
            case 0x03 -> Sort.TYPE;
            case 0x04 -> Sort.COMPONENT;
            case 0x05 -> Sort.INSTANCE;
            default -> throw r.unknown("sort", b);
        };
    }

    private static Sort coreSort(ComponentReader r) {
        int b = r.u8();
        return switch (b) {
            case 0x00 -> Sort.CORE_FUNC;
            case 0x01 -> Sort.CORE_TABLE;
            case 0x02 -> Sort.CORE_MEMORY;
            case 0x03 -> Sort.CORE_GLOBAL;
            case 0x04 -> Sort.CORE_TAG;
            case 0x10 -> Sort.CORE_TYPE;
            case 0x11 -> Sort.CORE_MODULE;
            case 0x12 -> Sort.CORE_INSTANCE;
            default -> throw r.unknown("core sort", b);
        };
    }

    private static Ast.CanonFunc canon(ComponentReader r) {
        int b = r.u8();
        return switch (b) {
            case 0x00 -> {
                funcSort(r);
                int coreFunc = r.u32();
                Ast.CanonOptions options = options(r);
                yield new Ast.Lift(coreFunc, options, r.u32());
            }
            case 0x01 -> {
                funcSort(r);
                int func = r.u32();
                yield new Ast.Lower(func, options(r));
            }
            case 0x02 -> new Ast.ResourceNew(r.u32());
            case 0x03 -> new Ast.ResourceDrop(r.u32());
            case 0x04 -> new Ast.ResourceRep(r.u32());
            default -> throw r.malformedByte("canonical built-in 0x" + Integer.toHexString(b)
                    + " (async, threads, streams or error contexts) is not supported");
        };
    }

    private static void funcSort(ComponentReader r) {
        if (r.u8() != 0x00) {
            throw r.malformedByte("expected the func sort (0x00)");
        }
    }

    private static Ast.CanonOptions options(ComponentReader r) {
        StringEncoding encoding = null;
        int memory = -1;
        int realloc = -1;
        int postReturn = -1;
        int n = r.count();
        for (int i = 0; i < n; i++) {
            int b = r.u8();
            switch (b) {
                case 0x00, 0x01, 0x02 -> {
                    if (encoding != null) {
                        throw r.malformed("two string encodings");
                    }
                    encoding = StringEncoding.values()[b];
                }
                case 0x03 -> memory = once(r, memory, "memory");
                case 0x04 -> realloc = once(r, realloc, "realloc");
                case 0x05 -> postReturn = once(r, postReturn, "post-return");
                case 0x06, 0x07 -> throw r.malformedByte("async canonical options are not supported");
                default -> throw r.unknown("canonical option", b);
            }
        }
        return new Ast.CanonOptions(encoding == null ? StringEncoding.UTF8 : encoding, memory, realloc, postReturn);
    }

    private static int once(ComponentReader r, int before, String what) {
        if (before != -1) {
            throw r.malformed("option " + what + " given twice");
        }
        return r.index(what);
    }
}
