package dev.wharf.runtime.internal.component;

import dev.wharf.runtime.internal.component.WitType.Borrow;
import dev.wharf.runtime.internal.component.WitType.FlagsType;
import dev.wharf.runtime.internal.component.WitType.ListType;
import dev.wharf.runtime.internal.component.WitType.Own;
import dev.wharf.runtime.internal.component.WitType.Primitive;
import dev.wharf.runtime.internal.component.WitValue.Handle;
import java.util.ArrayList;
import java.util.List;

/**
 * Lifting from flat core values (the spec's {@code lift_flat}): scalars from their core value,
 * strings and lists from a pointer and a length into memory, records field by field, variants
 * from a discriminant and the joined payload slots.
 */
public final class CanonicalFlatLift {

    private CanonicalFlatLift() {}

    public static WitValue liftFlat(CanonicalContext cx, FlatSource vi, WitType t) {
        if (t == Primitive.STRING) {
            long ptr = CanonicalChecks.u32(vi.next(CoreType.I32));
            return CanonicalLoad.liftString(cx, ptr, CanonicalChecks.u32(vi.next(CoreType.I32)));
        }
        if (t instanceof Primitive p) {
            return CanonicalScalars.lift(p, vi.next(coreType(p)));
        }
        if (t instanceof ListType l) {
            long ptr = CanonicalChecks.u32(vi.next(CoreType.I32));
            return CanonicalLoad.loadListFromRange(cx, ptr, CanonicalChecks.u32(vi.next(CoreType.I32)), l.element());
        }
        if (t instanceof FlagsType f) {
            return CanonicalScalars.liftFlags(f, CanonicalChecks.u32(vi.next(CoreType.I32)));
        }
        if (t instanceof Own o) {
            return new Handle(cx.table().liftOwn(o.resource(), (int) vi.next(CoreType.I32)));
        }
        if (t instanceof Borrow b) {
            return new Handle(cx.table().liftBorrow(b.resource(), (int) vi.next(CoreType.I32), cx.requireScope()));
        }
        List<WitType> fields = CanonicalShapes.fieldTypes(t);
        if (fields != null) {
            List<WitValue> values = new ArrayList<>(fields.size());
            fields.forEach(f -> values.add(liftFlat(cx, vi, f)));
            return CanonicalShapes.fieldsValue(t, values);
        }
        List<WitType> cases = CanonicalShapes.casePayloads(t);
        if (cases != null) {
            return liftVariant(cx, vi, t, cases);
        }
        throw new IllegalArgumentException(t + " is not a value type");
    }

    /** The core type a scalar flattens to. */
    static CoreType coreType(Primitive p) {
        return switch (p) {
            case S64, U64 -> CoreType.I64;
            case F32 -> CoreType.F32;
            case F64 -> CoreType.F64;
            default -> CoreType.I32;
        };
    }

    /**
     * The case's payload reads its own flat types out of the joined slots: a joined {@code i64}
     * holding an {@code i32} or {@code f32} is wrapped to its low 32 bits, an {@code i32} holding
     * an {@code f32} is its bits already. The slots the case does not use are skipped.
     */
    private static WitValue liftVariant(CanonicalContext cx, FlatSource vi, WitType t, List<WitType> cases) {
        List<CoreType> joined = CanonicalLayout.flattenVariant(cases);
        long index = CanonicalChecks.u32(vi.next(CoreType.I32));
        CanonicalLoad.checkDiscriminant(t, index, cases.size());
        int[] slot = {1};
        FlatSource coerced = want -> {
            long x = vi.next(joined.get(slot[0]++));
            return want.narrow() ? CanonicalChecks.u32(x) : x;
        };
        WitType payload = cases.get((int) index);
        WitValue value = payload == null ? null : liftFlat(cx, coerced, payload);
        while (slot[0] < joined.size()) {
            vi.next(joined.get(slot[0]++));
        }
        return CanonicalShapes.caseValue(t, (int) index, value);
    }
}
