package dev.wharf.runtime.internal.component;

import dev.wharf.runtime.internal.component.WitType.FuncType;
import dev.wharf.runtime.internal.component.WitType.Param;
import java.util.ArrayList;
import java.util.List;

/**
 * Sizes, alignments and flattenings of the canonical ABI ({@code alignment}, {@code elem_size},
 * {@code flatten_type}, {@code flatten_functype} of {@code CanonicalABI.md}) for 32-bit memories:
 * pointers and lengths are {@code i32}s of 4 bytes. Those of a value type are its
 * {@link TypeLayout}'s, worked out on each call here: what a call across a function uses is laid
 * out once, in its {@link CanonicalCalls.Signature}.
 */
public final class CanonicalLayout {

    /** More flat parameters than this and they go through memory behind one pointer. */
    public static final int MAX_FLAT_PARAMS = 16;
    /** More flat results than this and they go through memory: a return pointer or an out-param. */
    public static final int MAX_FLAT_RESULTS = 1;

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
        return TypeLayout.of(t).alignment;
    }

    public static int elemSize(WitType t) {
        return TypeLayout.of(t).size;
    }

    /** Bytes of a variant's discriminant: the narrowest of u8, u16, u32 that counts the cases. */
    public static int discriminantSize(int caseCount) {
        if (caseCount <= 1 << 8) {
            return 1;
        }
        return caseCount <= 1 << 16 ? 2 : 4;
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
        return new ArrayList<>(TypeLayout.of(t).flat);
    }

    public static List<CoreType> flattenTypes(List<WitType> types) {
        List<CoreType> flat = new ArrayList<>();
        types.forEach(t -> flat.addAll(TypeLayout.of(t).flat));
        return flat;
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
}
