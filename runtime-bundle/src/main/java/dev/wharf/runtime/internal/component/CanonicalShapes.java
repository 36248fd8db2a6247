package dev.wharf.runtime.internal.component;

import dev.wharf.runtime.internal.component.WitType.EnumType;
import dev.wharf.runtime.internal.component.WitType.OptionType;
import dev.wharf.runtime.internal.component.WitType.RecordType;
import dev.wharf.runtime.internal.component.WitType.ResultType;
import dev.wharf.runtime.internal.component.WitType.TupleType;
import dev.wharf.runtime.internal.component.WitType.VariantType;
import dev.wharf.runtime.internal.component.WitValue.EnumValue;
import dev.wharf.runtime.internal.component.WitValue.OptionValue;
import dev.wharf.runtime.internal.component.WitValue.RecordValue;
import dev.wharf.runtime.internal.component.WitValue.ResultValue;
import dev.wharf.runtime.internal.component.WitValue.TupleValue;
import dev.wharf.runtime.internal.component.WitValue.VariantValue;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The spec's {@code despecialize}, without building new types: a tuple is laid out as a record,
 * an enum, option and result as variants. These views give the field types and case payload
 * types of such types, and take their values apart and put them together again, so that layout,
 * load/store and flat lift/lower each need one path for records and one for variants.
 */
final class CanonicalShapes {

    private CanonicalShapes() {}

    /** The field types of a record or tuple, or {@code null} for any other type. */
    static List<WitType> fieldTypes(WitType t) {
        if (t instanceof RecordType r) {
            List<WitType> types = new ArrayList<>(r.fields().size());
            r.fields().forEach(f -> types.add(f.type()));
            return types;
        }
        if (t instanceof TupleType tuple) {
            return tuple.types();
        }
        return null;
    }

    /**
     * The payload type of each case ({@code null} for a case without one) of a variant, enum,
     * option ({@code none}, {@code some}) or result ({@code ok}, {@code error}); {@code null} for
     * any other type.
     */
    static List<WitType> casePayloads(WitType t) {
        if (t instanceof VariantType v) {
            List<WitType> payloads = new ArrayList<>(v.cases().size());
            v.cases().forEach(c -> payloads.add(c.payload()));
            return payloads;
        }
        if (t instanceof EnumType e) {
            return Collections.nCopies(e.names().size(), null);
        }
        if (t instanceof OptionType o) {
            return nullable(null, o.type());
        }
        if (t instanceof ResultType r) {
            return nullable(r.ok(), r.err());
        }
        return null;
    }

    private static List<WitType> nullable(WitType first, WitType second) {
        List<WitType> list = new ArrayList<>(2);
        list.add(first);
        list.add(second);
        return list;
    }

    /** A record's or tuple's field values, checked against the number of fields. */
    static List<WitValue> fieldValues(WitType t, int fieldCount, WitValue v) {
        List<WitValue> values;
        if (t instanceof RecordType && v instanceof RecordValue r) {
            values = r.fields();
        } else if (t instanceof TupleType && v instanceof TupleValue tuple) {
            values = tuple.values();
        } else {
            throw mismatch(t, v);
        }
        if (values.size() != fieldCount) {
            throw new IllegalArgumentException(values.size() + " values for " + fieldCount + " fields of " + t);
        }
        return values;
    }

    /** A record or tuple value of {@code t} from its field values. */
    static WitValue fieldsValue(WitType t, List<WitValue> values) {
        return t instanceof TupleType ? new TupleValue(values) : new RecordValue(values);
    }

    /** The case a variant-like value takes and its payload: its "discriminant" and "payload". */
    record Case(int index, WitValue payload) {}

    /** Takes a value of a variant-like type apart, checking the case against the type's case payloads. */
    static Case caseOf(WitType t, TypeLayout[] payloads, WitValue v) {
        Case c = rawCase(t, v);
        if (c.index() < 0 || c.index() >= payloads.length) {
            throw new IllegalArgumentException("case " + c.index() + " out of range for " + payloads.length + " cases");
        }
        if ((payloads[c.index()] == null) != (c.payload() == null)) {
            throw new IllegalArgumentException("payload " + c.payload() + " does not match case " + c.index() + " of " + t);
        }
        return c;
    }

    private static Case rawCase(WitType t, WitValue v) {
        if (t instanceof VariantType && v instanceof VariantValue vv) {
            return new Case(vv.index(), vv.payload());
        }
        if (t instanceof EnumType && v instanceof EnumValue e) {
            return new Case(e.index(), null);
        }
        if (t instanceof OptionType && v instanceof OptionValue o) {
            return new Case(o.value() == null ? 0 : 1, o.value());
        }
        if (t instanceof ResultType && v instanceof ResultValue r) {
            return new Case(r.ok() ? 0 : 1, r.value());
        }
        throw mismatch(t, v);
    }

    /** The value of variant-like type {@code t} in case {@code index} with {@code payload}. */
    static WitValue caseValue(WitType t, int index, WitValue payload) {
        if (t instanceof EnumType) {
            return new EnumValue(index);
        }
        if (t instanceof OptionType) {
            return index == 0 ? OptionValue.NONE : new OptionValue(payload);
        }
        if (t instanceof ResultType) {
            return new ResultValue(index == 0, payload);
        }
        return new VariantValue(index, payload);
    }

    /** A host-side error: the value handed over is not of the type it goes with. */
    static IllegalArgumentException mismatch(WitType t, WitValue v) {
        return new IllegalArgumentException("value " + v + " does not match type " + t);
    }
}
