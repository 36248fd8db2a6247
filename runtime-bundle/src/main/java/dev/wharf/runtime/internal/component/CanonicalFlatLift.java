package dev.wharf.runtime.internal.component;

import dev.wharf.runtime.internal.component.WitType.Borrow;
import dev.wharf.runtime.internal.component.WitType.FlagsType;
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
        return liftFlat(cx, vi, TypeLayout.of(t));
    }

    static WitValue liftFlat(CanonicalContext cx, FlatSource vi, TypeLayout l) {
        WitType t = l.type;
        switch (l.kind) {
            case STRING -> {
                long ptr = CanonicalChecks.u32(vi.next(CoreType.I32));
                return CanonicalLoad.liftString(cx, ptr, CanonicalChecks.u32(vi.next(CoreType.I32)));
            }
            case SCALAR -> {
                return CanonicalScalars.lift((Primitive) t, vi.next(l.flat.get(0)));
            }
            case LIST -> {
                long ptr = CanonicalChecks.u32(vi.next(CoreType.I32));
                return CanonicalLoad.loadListFromRange(cx, ptr, CanonicalChecks.u32(vi.next(CoreType.I32)), l.element);
            }
            case FLAGS -> {
                return CanonicalScalars.liftFlags((FlagsType) t, CanonicalChecks.u32(vi.next(CoreType.I32)));
            }
            case OWN -> {
                return new Handle(cx.table().liftOwn(((Own) t).resource(), (int) vi.next(CoreType.I32)));
            }
            case BORROW -> {
                return new Handle(cx.table().liftBorrow(((Borrow) t).resource(), (int) vi.next(CoreType.I32),
                        cx.requireScope()));
            }
            case FIELDS -> {
                List<WitValue> values = new ArrayList<>(l.parts.length);
                for (TypeLayout f : l.parts) {
                    values.add(liftFlat(cx, vi, f));
                }
                return CanonicalShapes.fieldsValue(t, values);
            }
            default -> { // CASES
                return liftVariant(cx, vi, l);
            }
        }
    }

    /**
     * The case's payload reads its own flat types out of the joined slots: a joined {@code i64}
     * holding an {@code i32} or {@code f32} is wrapped to its low 32 bits, an {@code i32} holding
     * an {@code f32} is its bits already. The slots the case does not use are skipped.
     */
    private static WitValue liftVariant(CanonicalContext cx, FlatSource vi, TypeLayout l) {
        List<CoreType> joined = l.flat;
        long index = CanonicalChecks.u32(vi.next(CoreType.I32));
        CanonicalLoad.checkDiscriminant(l.type, index, l.parts.length);
        int[] slot = {1};
        FlatSource coerced = want -> {
            long x = vi.next(joined.get(slot[0]++));
            return want.narrow() ? CanonicalChecks.u32(x) : x;
        };
        TypeLayout payload = l.parts[(int) index];
        WitValue value = payload == null ? null : liftFlat(cx, coerced, payload);
        while (slot[0] < joined.size()) {
            vi.next(joined.get(slot[0]++));
        }
        return CanonicalShapes.caseValue(l.type, (int) index, value);
    }
}
