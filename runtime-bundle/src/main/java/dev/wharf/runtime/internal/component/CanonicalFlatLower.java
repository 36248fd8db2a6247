package dev.wharf.runtime.internal.component;

import dev.wharf.runtime.internal.component.CanonicalStrings.Range;
import dev.wharf.runtime.internal.component.WitType.Borrow;
import dev.wharf.runtime.internal.component.WitType.FlagsType;
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
        lowerInto(cx, v, TypeLayout.of(t), out);
        return out.toArray();
    }

    static void lowerInto(CanonicalContext cx, WitValue v, TypeLayout l, FlatWriter out) {
        WitType t = l.type;
        switch (l.kind) {
            case STRING -> addRange(out, CanonicalStrings.store(cx, CanonicalScalars.expect(v, Str.class, t).value()));
            case SCALAR -> out.add(CanonicalScalars.lower((Primitive) t, v));
            case LIST -> {
                List<WitValue> elements = CanonicalScalars.expect(v, ListValue.class, t).elements();
                addRange(out, CanonicalStore.storeListIntoRange(cx, elements, l.element));
            }
            case FLAGS -> out.add(CanonicalScalars.lowerFlags((FlagsType) t, v));
            case OWN -> {
                int rep = CanonicalScalars.expect(v, Handle.class, t).index();
                out.add(CanonicalChecks.u32(cx.table().lowerOwn(((Own) t).resource(), rep)));
            }
            case BORROW -> {
                int rep = CanonicalScalars.expect(v, Handle.class, t).index();
                out.add(CanonicalChecks.u32(cx.table().lowerBorrow(((Borrow) t).resource(), rep, cx.requireScope())));
            }
            case FIELDS -> {
                List<WitValue> values = CanonicalShapes.fieldValues(t, l.parts.length, v);
                for (int i = 0; i < l.parts.length; i++) {
                    lowerInto(cx, values.get(i), l.parts[i], out);
                }
            }
            case CASES -> lowerVariant(cx, v, l, out);
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
    private static void lowerVariant(CanonicalContext cx, WitValue v, TypeLayout l, FlatWriter out) {
        CanonicalShapes.Case c = CanonicalShapes.caseOf(l.type, l.parts, v);
        out.add(c.index());
        int used = 0;
        TypeLayout payload = l.parts[c.index()];
        if (payload != null) {
            FlatWriter own = new FlatWriter();
            lowerInto(cx, c.payload(), payload, own);
            List<CoreType> have = payload.flat;
            for (; used < own.size(); used++) {
                out.add(have.get(used).narrow() ? CanonicalChecks.u32(own.get(used)) : own.get(used));
            }
        }
        for (int slot = 1 + used; slot < l.flat.size(); slot++) {
            out.add(0);
        }
    }
}
