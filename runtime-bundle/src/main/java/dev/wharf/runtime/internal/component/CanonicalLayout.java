package dev.wharf.runtime.internal.component;

import dev.wharf.runtime.internal.component.WitType.Borrow;
import dev.wharf.runtime.internal.component.WitType.FlagsType;
import dev.wharf.runtime.internal.component.WitType.FuncType;
import dev.wharf.runtime.internal.component.WitType.ListType;
import dev.wharf.runtime.internal.component.WitType.Own;
import dev.wharf.runtime.internal.component.WitType.Param;
import dev.wharf.runtime.internal.component.WitType.Primitive;
import java.util.ArrayList;
import java.util.List;

/**
 * Sizes, alignments and flattenings of the canonical ABI ({@code alignment}, {@code elem_size},
 * {@code flatten_type}, {@code flatten_functype} of {@code CanonicalABI.md}) for 32-bit memories:
 * pointers and lengths are {@code i32}s of 4 bytes.
 */
public final class CanonicalLayout {

    /** More flat parameters than this and they go through memory behind one pointer. */
    public static final int MAX_FLAT_PARAMS = 16;
    /** More flat results than this and they go through memory: a return pointer or an out-param. */
    public static final int MAX_FLAT_RESULTS = 1;

    private static final int PTR_SIZE = 4;

    /** Whether the core function is the callee of a {@code canon lift} or of a {@code canon lower}. */
    public enum Context { LIFT, LOWER }

    /** A core function type. */
    public record FlatFuncType(List<CoreType> params, List<CoreType> results) {
        public FlatFuncType {
            params = List.copyOf(params);
            results = List.copyOf(results);
        }
    }

    private CanonicalLayout() {}

    public static int alignment(WitType t) {
        if (t instanceof Primitive p) {
            return p == Primitive.STRING ? PTR_SIZE : primitiveSize(p);
        }
        if (t instanceof ListType) {
            return PTR_SIZE;
        }
        if (t instanceof FlagsType f) {
            return flagsSize(f.names().size());
        }
        if (t instanceof Own || t instanceof Borrow) {
            return 4;
        }
        List<WitType> fields = CanonicalShapes.fieldTypes(t);
        if (fields != null) {
            return maxAlignment(fields);
        }
        List<WitType> cases = CanonicalShapes.casePayloads(t);
        if (cases != null) {
            return Math.max(discriminantSize(cases.size()), maxAlignment(cases));
        }
        throw notAValueType(t);
    }

    public static int elemSize(WitType t) {
        if (t instanceof Primitive p) {
            return p == Primitive.STRING ? 2 * PTR_SIZE : primitiveSize(p);
        }
        if (t instanceof ListType) {
            return 2 * PTR_SIZE;
        }
        if (t instanceof FlagsType f) {
            return flagsSize(f.names().size());
        }
        if (t instanceof Own || t instanceof Borrow) {
            return 4;
        }
        List<WitType> fields = CanonicalShapes.fieldTypes(t);
        if (fields != null) {
            return recordSize(fields);
        }
        List<WitType> cases = CanonicalShapes.casePayloads(t);
        if (cases != null) {
            return variantSize(cases);
        }
        throw notAValueType(t);
    }

    private static int primitiveSize(Primitive p) {
        return switch (p) {
            case BOOL, S8, U8 -> 1;
            case S16, U16 -> 2;
            case S32, U32, F32, CHAR -> 4;
            case S64, U64, F64 -> 8;
            case STRING -> throw new AssertionError("string has no primitive size");
        };
    }

    /** The largest alignment among the types; absent payloads ({@code null}) count as 1. */
    static int maxAlignment(List<WitType> types) {
        int a = 1;
        for (WitType t : types) {
            if (t != null) {
                a = Math.max(a, alignment(t));
            }
        }
        return a;
    }

    private static int recordSize(List<WitType> fields) {
        long s = 0;
        for (WitType f : fields) {
            s = alignTo(s, alignment(f)) + elemSize(f);
        }
        return (int) alignTo(s, maxAlignment(fields));
    }

    private static int variantSize(List<WitType> cases) {
        long s = alignTo(discriminantSize(cases.size()), maxAlignment(cases));
        int payload = 0;
        for (WitType c : cases) {
            if (c != null) {
                payload = Math.max(payload, elemSize(c));
            }
        }
        return (int) alignTo(s + payload, Math.max(discriminantSize(cases.size()), maxAlignment(cases)));
    }

    /** Bytes of a variant's discriminant: the narrowest of u8, u16, u32 that counts the cases. */
    public static int discriminantSize(int caseCount) {
        if (caseCount <= 1 << 8) {
            return 1;
        }
        return caseCount <= 1 << 16 ? 2 : 4;
    }

    /** Offset of a variant's payload from its start: past the discriminant, aligned for every case. */
    static int payloadOffset(List<WitType> cases) {
        return (int) alignTo(discriminantSize(cases.size()), maxAlignment(cases));
    }

    /** Bytes of a flags value; its bits are the flags in order, from bit 0. */
    public static int flagsSize(int count) {
        if (count <= 8) {
            return 1;
        }
        return count <= 16 ? 2 : 4;
    }

    public static long alignTo(long ptr, int alignment) {
        return (ptr + alignment - 1) / alignment * alignment;
    }

    public static List<CoreType> flattenType(WitType t) {
        List<CoreType> flat = new ArrayList<>();
        flattenInto(t, flat);
        return flat;
    }

    public static List<CoreType> flattenTypes(List<WitType> types) {
        List<CoreType> flat = new ArrayList<>();
        types.forEach(t -> flattenInto(t, flat));
        return flat;
    }

    private static void flattenInto(WitType t, List<CoreType> flat) {
        if (t instanceof Primitive p) {
            flattenPrimitive(p, flat);
        } else if (t instanceof ListType) {
            flat.add(CoreType.I32);
            flat.add(CoreType.I32);
        } else if (t instanceof FlagsType || t instanceof Own || t instanceof Borrow) {
            flat.add(CoreType.I32);
        } else if (CanonicalShapes.fieldTypes(t) != null) {
            CanonicalShapes.fieldTypes(t).forEach(f -> flattenInto(f, flat));
        } else if (CanonicalShapes.casePayloads(t) != null) {
            flat.addAll(flattenVariant(CanonicalShapes.casePayloads(t)));
        } else {
            throw notAValueType(t);
        }
    }

    private static void flattenPrimitive(Primitive p, List<CoreType> flat) {
        switch (p) {
            case S64, U64 -> flat.add(CoreType.I64);
            case F32 -> flat.add(CoreType.F32);
            case F64 -> flat.add(CoreType.F64);
            case STRING -> {
                flat.add(CoreType.I32);
                flat.add(CoreType.I32);
            }
            default -> flat.add(CoreType.I32);
        }
    }

    /**
     * The discriminant's {@code i32}, then one slot per position any case's payload flattens to,
     * each slot {@linkplain CoreType#join joined} over the cases that use it.
     */
    static List<CoreType> flattenVariant(List<WitType> cases) {
        List<CoreType> joined = new ArrayList<>();
        for (WitType c : cases) {
            if (c == null) {
                continue;
            }
            List<CoreType> flat = flattenType(c);
            for (int i = 0; i < flat.size(); i++) {
                if (i < joined.size()) {
                    joined.set(i, CoreType.join(joined.get(i), flat.get(i)));
                } else {
                    joined.add(flat.get(i));
                }
            }
        }
        joined.add(0, CoreType.I32);
        return joined;
    }

    /**
     * The core type of a synchronous function: parameters past {@link #MAX_FLAT_PARAMS} become
     * one pointer to them; results past {@link #MAX_FLAT_RESULTS} become a returned pointer when
     * lifting, and a pointer parameter to write them to (no results) when lowering.
     */
    public static FlatFuncType flattenFunctype(FuncType ft, Context context) {
        List<CoreType> params = flattenTypes(paramTypes(ft.params()));
        List<CoreType> results = flattenTypes(paramTypes(ft.results()));
        if (params.size() > MAX_FLAT_PARAMS) {
            params = List.of(CoreType.I32);
        }
        if (results.size() > MAX_FLAT_RESULTS) {
            if (context == Context.LIFT) {
                results = List.of(CoreType.I32);
            } else {
                params = new ArrayList<>(params);
                params.add(CoreType.I32);
                results = List.of();
            }
        }
        return new FlatFuncType(params, results);
    }

    /** The types of parameters or results. */
    public static List<WitType> paramTypes(List<Param> params) {
        List<WitType> types = new ArrayList<>(params.size());
        params.forEach(p -> types.add(p.type()));
        return types;
    }

    private static IllegalArgumentException notAValueType(WitType t) {
        return new IllegalArgumentException(t + " is not a value type (a resource goes as own or borrow)");
    }
}
