package dev.wharf.runtime.internal.component;

import dev.wharf.runtime.internal.component.CanonicalLayout.Context;
import dev.wharf.runtime.internal.component.WitType.FuncType;
import dev.wharf.runtime.internal.component.WitType.TupleType;
import dev.wharf.runtime.internal.component.WitValue.TupleValue;
import java.util.ArrayList;
import java.util.List;

/**
 * A function's parameters and results across the boundary (the spec's {@code lift_flat_values}
 * and {@code lower_flat_values}), and the four places a synchronous host uses them: lowering the
 * arguments and lifting the results of a guest export it calls ({@code canon lift}), lifting the
 * arguments and lowering the results of a host import a guest calls ({@code canon lower}). Values
 * that flatten to more core values than fit go through memory as a tuple behind one pointer.
 */
public final class CanonicalCalls {

    private CanonicalCalls() {}

    /** Lifts values of {@code types}: flat, or as a tuple at the pointer that is the only flat value. */
    public static List<WitValue> liftFlatValues(CanonicalContext cx, int maxFlat, FlatSource vi, List<WitType> types) {
        cx.lifted().start(cx.options().memory() == null ? 0 : cx.options().memory().size());
        if (CanonicalLayout.flattenTypes(types).size() > maxFlat) {
            long ptr = CanonicalChecks.u32(vi.next(CoreType.I32));
            TupleType tuple = new TupleType(types);
            checkTuple(cx, ptr, tuple);
            return ((TupleValue) CanonicalLoad.loadAt(cx, ptr, tuple)).values();
        }
        List<WitValue> values = new ArrayList<>(types.size());
        types.forEach(t -> values.add(CanonicalFlatLift.liftFlat(cx, vi, t)));
        return values;
    }

    /**
     * Lowers {@code values} of {@code types}: flat, or as a tuple in memory, either allocated
     * through realloc (its pointer is the only flat value) or at the pointer {@code outParam}
     * gives (no flat values), when it is not {@code null}.
     */
    public static long[] lowerFlatValues(CanonicalContext cx, int maxFlat, List<WitValue> values, List<WitType> types,
            FlatSource outParam) {
        if (values.size() != types.size()) {
            throw new IllegalArgumentException(values.size() + " values for " + types.size() + " types");
        }
        FlatWriter out = new FlatWriter();
        if (CanonicalLayout.flattenTypes(types).size() > maxFlat) {
            TupleType tuple = new TupleType(types);
            long ptr;
            if (outParam == null) {
                ptr = cx.allocate(CanonicalLayout.alignment(tuple), CanonicalLayout.elemSize(tuple));
                out.add(ptr);
            } else {
                ptr = CanonicalChecks.u32(outParam.next(CoreType.I32));
            }
            checkTuple(cx, ptr, tuple);
            CanonicalStore.storeAt(cx, new TupleValue(values), tuple, ptr);
        } else {
            for (int i = 0; i < values.size(); i++) {
                CanonicalFlatLower.lowerInto(cx, values.get(i), types.get(i), out);
            }
        }
        return out.toArray();
    }

    private static void checkTuple(CanonicalContext cx, long ptr, TupleType tuple) {
        CanonicalChecks.alignedInMemory(cx.memory(), "parameter or result tuple", ptr,
                CanonicalLayout.alignment(tuple), CanonicalLayout.elemSize(tuple));
    }

    /** Host calls guest export: the core arguments for {@code args}. */
    public static long[] lowerArguments(CanonicalContext cx, FuncType ft, List<WitValue> args) {
        return lowerFlatValues(cx, CanonicalLayout.MAX_FLAT_PARAMS, args, CanonicalLayout.paramTypes(ft.params()), null);
    }

    /**
     * Host calls guest export: the results from the core results. The guest has returned, so
     * this also traps when it still holds a borrow handle lent for the call.
     */
    public static List<WitValue> liftResults(CanonicalContext cx, FuncType ft, long[] flatResults) {
        checkCount("results", CanonicalLayout.flattenFunctype(ft, Context.LIFT).results().size(), flatResults);
        List<WitValue> results = liftFlatValues(cx, CanonicalLayout.MAX_FLAT_RESULTS, new FlatReader(flatResults),
                CanonicalLayout.paramTypes(ft.results()));
        if (cx.scope() != null) {
            cx.scope().checkBorrowsDropped();
        }
        return results;
    }

    /** Guest calls host import: the arguments from the core arguments. */
    public static List<WitValue> liftArguments(CanonicalContext cx, FuncType ft, long[] flatArgs) {
        checkCount("arguments", CanonicalLayout.flattenFunctype(ft, Context.LOWER).params().size(), flatArgs);
        return liftFlatValues(cx, CanonicalLayout.MAX_FLAT_PARAMS, new FlatReader(flatArgs),
                CanonicalLayout.paramTypes(ft.params()));
    }

    /**
     * Guest calls host import: the core results for {@code results}, or none when they go to the
     * out-param, the last of {@code flatArgs}. The call is then over: the handles lent to it for
     * its borrow arguments are released.
     */
    public static long[] lowerResults(CanonicalContext cx, FuncType ft, List<WitValue> results, long[] flatArgs) {
        List<CoreType> params = CanonicalLayout.flattenFunctype(ft, Context.LOWER).params();
        checkCount("arguments", params.size(), flatArgs);
        FlatSource outParam = flatArgs.length == 0 ? null : new FlatReader(flatArgs[flatArgs.length - 1]);
        long[] flat = lowerFlatValues(cx, CanonicalLayout.MAX_FLAT_RESULTS, results,
                CanonicalLayout.paramTypes(ft.results()), outParam);
        if (cx.scope() != null) {
            cx.scope().endLending();
        }
        return flat;
    }

    private static void checkCount(String what, int expected, long[] flat) {
        if (flat.length != expected) {
            throw new IllegalArgumentException("expected " + expected + " flat " + what + ", got " + flat.length);
        }
    }
}
