package dev.wharf.runtime.internal.component;

import dev.wharf.runtime.internal.component.CanonicalLayout.Context;
import dev.wharf.runtime.internal.component.WitType.FuncType;
import dev.wharf.runtime.internal.component.WitType.TupleType;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * A function's parameters and results across the boundary (the spec's {@code lift_flat_values}
 * and {@code lower_flat_values}), and the four places a synchronous host uses them: lowering the
 * arguments and lifting the results of a guest export it calls ({@code canon lift}), lifting the
 * arguments and lowering the results of a host import a guest calls ({@code canon lower}). Values
 * that flatten to more core values than fit go through memory as a tuple behind one pointer.
 */
public final class CanonicalCalls {

    private CanonicalCalls() {}

    /**
     * One side of a function type (its parameters or its results), laid out once: its types and
     * their layouts, whether they flatten to more core values than {@code maxFlat} and so go
     * through memory, and the tuple they then form.
     */
    public record Side(List<WitType> types, boolean inMemory, TupleType tuple, int alignment, int size, int flatCount,
            TypeLayout[] layouts, TypeLayout tupleLayout) {

        public static Side of(List<WitType> types, int maxFlat) {
            return of(types, maxFlat, new IdentityHashMap<>());
        }

        /** {@code done}: the layouts made so far, shared between a function's two sides. */
        static Side of(List<WitType> types, int maxFlat, Map<WitType, TypeLayout> done) {
            TupleType tuple = types.isEmpty() ? null : new TupleType(types);
            // the tuple's fields are the types' own layouts: each type is laid out once
            TypeLayout tupleLayout = tuple == null ? null : TypeLayout.of(tuple, done);
            TypeLayout[] layouts = tuple == null ? new TypeLayout[0] : tupleLayout.parts;
            int flat = tuple == null ? 0 : tupleLayout.flat.size();
            boolean inMemory = flat > maxFlat;
            return new Side(tuple == null ? List.of() : tuple.types(), inMemory, tuple,
                    inMemory ? tupleLayout.alignment : 1, inMemory ? tupleLayout.size : 0, inMemory ? 1 : flat,
                    layouts, tupleLayout);
        }
    }

    /**
     * A function type laid out once for every call across it: what a lifted or lowered function
     * computes when it is made, not on each call.
     */
    public record Signature(FuncType type, Side params, Side results, int flatLiftResults, int flatLowerParams) {

        public static Signature of(FuncType ft) {
            Map<WitType, TypeLayout> done = new IdentityHashMap<>();
            return new Signature(ft,
                    Side.of(CanonicalLayout.paramTypes(ft.params()), CanonicalLayout.MAX_FLAT_PARAMS, done),
                    Side.of(CanonicalLayout.paramTypes(ft.results()), CanonicalLayout.MAX_FLAT_RESULTS, done),
                    CanonicalLayout.flattenFunctype(ft, Context.LIFT).results().size(),
                    CanonicalLayout.flattenFunctype(ft, Context.LOWER).params().size());
        }
    }

    /** Lifts values of {@code types}: flat, or as a tuple at the pointer that is the only flat value. */
    public static List<WitValue> liftFlatValues(CanonicalContext cx, int maxFlat, FlatSource vi, List<WitType> types) {
        return liftFlatValues(cx, Side.of(types, maxFlat), vi);
    }

    private static List<WitValue> liftFlatValues(CanonicalContext cx, Side side, FlatSource vi) {
        cx.lifted().start(cx.options().memory());
        if (side.inMemory()) {
            long ptr = CanonicalChecks.u32(vi.next(CoreType.I32));
            checkTuple(cx, ptr, side);
            return CanonicalLoad.loadFields(cx, ptr, side.tupleLayout());
        }
        TypeLayout[] layouts = side.layouts();
        List<WitValue> values = new ArrayList<>(layouts.length);
        for (TypeLayout l : layouts) {
            values.add(CanonicalFlatLift.liftFlat(cx, vi, l));
        }
        return values;
    }

    /**
     * Lowers {@code values} of {@code types}: flat, or as a tuple in memory, either allocated
     * through realloc (its pointer is the only flat value) or at the pointer {@code outParam}
     * gives (no flat values), when it is not {@code null}.
     */
    public static long[] lowerFlatValues(CanonicalContext cx, int maxFlat, List<WitValue> values, List<WitType> types,
            FlatSource outParam) {
        return lowerFlatValues(cx, Side.of(types, maxFlat), values, outParam);
    }

    private static long[] lowerFlatValues(CanonicalContext cx, Side side, List<WitValue> values, FlatSource outParam) {
        List<WitType> types = side.types();
        if (values.size() != types.size()) {
            throw new IllegalArgumentException(values.size() + " values for " + types.size() + " types");
        }
        FlatWriter out = new FlatWriter(outParam == null ? side.flatCount() : 0);
        if (side.inMemory()) {
            long ptr;
            if (outParam == null) {
                ptr = cx.allocate(side.alignment(), side.size());
                out.add(ptr);
            } else {
                ptr = CanonicalChecks.u32(outParam.next(CoreType.I32));
            }
            checkTuple(cx, ptr, side);
            CanonicalStore.storeFields(cx, values, side.tupleLayout(), ptr);
        } else {
            for (int i = 0; i < values.size(); i++) {
                CanonicalFlatLower.lowerInto(cx, values.get(i), side.layouts()[i], out);
            }
        }
        return out.toArray();
    }

    private static void checkTuple(CanonicalContext cx, long ptr, Side side) {
        CanonicalChecks.alignedInMemory(cx.memory(), "parameter or result tuple", ptr, side.alignment(), side.size());
    }

    /** Host calls guest export: the core arguments for {@code args}. */
    public static long[] lowerArguments(CanonicalContext cx, FuncType ft, List<WitValue> args) {
        return lowerArguments(cx, Signature.of(ft), args);
    }

    /** {@link #lowerArguments(CanonicalContext, FuncType, List)} with the type laid out already. */
    public static long[] lowerArguments(CanonicalContext cx, Signature s, List<WitValue> args) {
        return lowerFlatValues(cx, s.params(), args, null);
    }

    /**
     * Host calls guest export: the results from the core results. The guest has returned, so
     * this also traps when it still holds a borrow handle lent for the call.
     */
    public static List<WitValue> liftResults(CanonicalContext cx, FuncType ft, long[] flatResults) {
        return liftResults(cx, Signature.of(ft), flatResults);
    }

    /** {@link #liftResults(CanonicalContext, FuncType, long[])} with the type laid out already. */
    public static List<WitValue> liftResults(CanonicalContext cx, Signature s, long[] flatResults) {
        checkCount("results", s.flatLiftResults(), flatResults);
        List<WitValue> results = liftFlatValues(cx, s.results(), new FlatReader(flatResults));
        if (cx.scope() != null) {
            cx.scope().checkBorrowsDropped();
        }
        return results;
    }

    /** Guest calls host import: the arguments from the core arguments. */
    public static List<WitValue> liftArguments(CanonicalContext cx, FuncType ft, long[] flatArgs) {
        return liftArguments(cx, Signature.of(ft), flatArgs);
    }

    /** {@link #liftArguments(CanonicalContext, FuncType, long[])} with the type laid out already. */
    public static List<WitValue> liftArguments(CanonicalContext cx, Signature s, long[] flatArgs) {
        checkCount("arguments", s.flatLowerParams(), flatArgs);
        return liftFlatValues(cx, s.params(), new FlatReader(flatArgs));
    }

    /**
     * Guest calls host import: the core results for {@code results}, or none when they go to the
     * out-param, the last of {@code flatArgs}. The call is then over: the handles lent to it for
     * its borrow arguments are released.
     */
    public static long[] lowerResults(CanonicalContext cx, FuncType ft, List<WitValue> results, long[] flatArgs) {
        return lowerResults(cx, Signature.of(ft), results, flatArgs);
    }

    /** {@link #lowerResults(CanonicalContext, FuncType, List, long[])} with the type laid out already. */
    public static long[] lowerResults(CanonicalContext cx, Signature s, List<WitValue> results, long[] flatArgs) {
        checkCount("arguments", s.flatLowerParams(), flatArgs);
        FlatSource outParam = flatArgs.length == 0 ? null : new FlatReader(flatArgs[flatArgs.length - 1]);
        long[] flat = lowerFlatValues(cx, s.results(), results, outParam);
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
