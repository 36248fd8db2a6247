package dev.wharf.runtime.internal.component;

import dev.wharf.runtime.internal.component.CanonicalStrings.Range;
import dev.wharf.runtime.internal.component.WitType.Borrow;
import dev.wharf.runtime.internal.component.WitType.FlagsType;
import dev.wharf.runtime.internal.component.WitType.ListType;
import dev.wharf.runtime.internal.component.WitType.Own;
import dev.wharf.runtime.internal.component.WitType.Primitive;
import dev.wharf.runtime.internal.component.WitValue.Handle;
import dev.wharf.runtime.internal.component.WitValue.ListValue;
import dev.wharf.runtime.internal.component.WitValue.Str;
import java.util.List;

/**
 * Lowering to flat core values (the spec's {@code lower_flat}), the mirror of
 * {@link CanonicalFlatLift}. Narrow values come out zero-extended: an {@code i32} is
 * {@code 0 .. 2^32-1}, an {@code f32} its raw bits.
 */
public final class CanonicalFlatLower {

    private CanonicalFlatLower() {}

    public static long[] lowerFlat(CanonicalContext cx, WitValue v, WitType t) {
        FlatWriter out = new FlatWriter();
        lowerInto(cx, v, t, out);
        return out.toArray();
    }

    static void lowerInto(CanonicalContext cx, WitValue v, WitType t, FlatWriter out) {
        if (t == Primitive.STRING) {
            addRange(out, CanonicalStrings.store(cx, CanonicalScalars.expect(v, Str.class, t).value()));
        } else if (t instanceof Primitive p) {
            out.add(CanonicalScalars.lower(p, v));
        } else if (t instanceof ListType l) {
            List<WitValue> elements = CanonicalScalars.expect(v, ListValue.class, t).elements();
            addRange(out, CanonicalStore.storeListIntoRange(cx, elements, l.element()));
        } else if (t instanceof FlagsType f) {
            out.add(CanonicalScalars.lowerFlags(f, v));
        } else if (t instanceof Own o) {
            int rep = CanonicalScalars.expect(v, Handle.class, t).index();
            out.add(CanonicalChecks.u32(cx.table().lowerOwn(o.resource(), rep)));
        } else if (t instanceof Borrow b) {
            int rep = CanonicalScalars.expect(v, Handle.class, t).index();
            out.add(CanonicalChecks.u32(cx.table().lowerBorrow(b.resource(), rep, cx.requireScope())));
        } else if (CanonicalShapes.fieldTypes(t) != null) {
            List<WitType> fields = CanonicalShapes.fieldTypes(t);
            List<WitValue> values = CanonicalShapes.fieldValues(t, fields.size(), v);
            for (int i = 0; i < fields.size(); i++) {
                lowerInto(cx, values.get(i), fields.get(i), out);
            }
        } else if (CanonicalShapes.casePayloads(t) != null) {
            lowerVariant(cx, v, t, CanonicalShapes.casePayloads(t), out);
        } else {
            throw new IllegalArgumentException(t + " is not a value type");
        }
    }

    private static void addRange(FlatWriter out, Range range) {
        out.add(range.ptr());
        out.add(range.length());
    }

    /**
     * The discriminant, the case's payload in the first of the joined slots, zeros in the rest.
     * A payload's narrow value in a joined {@code i64} slot is zero-extended, and an {@code f32}
     * in an {@code i32} slot keeps its bits: as narrow values are already zero-extended raw
     * bits, masking them is all either reinterpretation takes.
     */
    private static void lowerVariant(CanonicalContext cx, WitValue v, WitType t, List<WitType> cases, FlatWriter out) {
        CanonicalShapes.Case c = CanonicalShapes.caseOf(t, cases, v);
        List<CoreType> joined = CanonicalLayout.flattenVariant(cases);
        out.add(c.index());
        int used = 0;
        WitType payload = cases.get(c.index());
        if (payload != null) {
            FlatWriter own = new FlatWriter();
            lowerInto(cx, c.payload(), payload, own);
            List<CoreType> have = CanonicalLayout.flattenType(payload);
            for (; used < own.size(); used++) {
                out.add(have.get(used).narrow() ? CanonicalChecks.u32(own.get(used)) : own.get(used));
            }
        }
        for (int slot = 1 + used; slot < joined.size(); slot++) {
            out.add(0);
        }
    }
}
