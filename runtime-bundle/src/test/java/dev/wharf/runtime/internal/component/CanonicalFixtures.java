package dev.wharf.runtime.internal.component;

import dev.wharf.runtime.internal.component.WitType.Case;
import dev.wharf.runtime.internal.component.WitType.EnumType;
import dev.wharf.runtime.internal.component.WitType.Field;
import dev.wharf.runtime.internal.component.WitType.FlagsType;
import dev.wharf.runtime.internal.component.WitType.ListType;
import dev.wharf.runtime.internal.component.WitType.OptionType;
import dev.wharf.runtime.internal.component.WitType.RecordType;
import dev.wharf.runtime.internal.component.WitType.ResultType;
import dev.wharf.runtime.internal.component.WitType.TupleType;
import dev.wharf.runtime.internal.component.WitType.VariantType;
import dev.wharf.runtime.internal.component.WitValue.Char;
import dev.wharf.runtime.internal.component.WitValue.Int;
import dev.wharf.runtime.internal.component.WitValue.ListValue;
import dev.wharf.runtime.internal.component.WitValue.OptionValue;
import dev.wharf.runtime.internal.component.WitValue.RecordValue;
import dev.wharf.runtime.internal.component.WitValue.ResultValue;
import dev.wharf.runtime.internal.component.WitValue.Str;
import dev.wharf.runtime.internal.component.WitValue.TupleValue;
import dev.wharf.runtime.internal.component.WitValue.VariantValue;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

/** Short constructors of types and values for the canonical ABI tests. */
final class CanonicalFixtures {

    private CanonicalFixtures() {}

    static ListType list(WitType element) {
        return new ListType(element);
    }

    static RecordType record(WitType... fields) {
        List<Field> list = new ArrayList<>();
        for (int i = 0; i < fields.length; i++) {
            list.add(new Field("f" + i, fields[i]));
        }
        return new RecordType(list);
    }

    static TupleType tuple(WitType... types) {
        return new TupleType(Arrays.asList(types));
    }

    /** A variant whose case {@code i} has payload {@code payloads[i]} ({@code null}: none). */
    static VariantType variant(WitType... payloads) {
        List<Case> cases = new ArrayList<>();
        for (int i = 0; i < payloads.length; i++) {
            cases.add(new Case("c" + i, payloads[i]));
        }
        return new VariantType(cases);
    }

    static EnumType enumOf(int count) {
        return new EnumType(IntStream.range(0, count).mapToObj(i -> "e" + i).toList());
    }

    static OptionType option(WitType t) {
        return new OptionType(t);
    }

    static ResultType result(WitType ok, WitType err) {
        return new ResultType(ok, err);
    }

    static FlagsType flags(int count) {
        return new FlagsType(IntStream.range(0, count).mapToObj(i -> "f" + i).toList());
    }

    static Int i(long v) {
        return new Int(v);
    }

    static Str str(String s) {
        return new Str(s);
    }

    static Char ch(int codePoint) {
        return new Char(codePoint);
    }

    static ListValue listOf(WitValue... values) {
        return new ListValue(Arrays.asList(values));
    }

    static RecordValue rec(WitValue... values) {
        return new RecordValue(Arrays.asList(values));
    }

    static TupleValue tup(WitValue... values) {
        return new TupleValue(Arrays.asList(values));
    }

    static VariantValue cas(int index, WitValue payload) {
        return new VariantValue(index, payload);
    }

    static OptionValue some(WitValue v) {
        return new OptionValue(v);
    }

    static ResultValue ok(WitValue v) {
        return new ResultValue(true, v);
    }

    static ResultValue err(WitValue v) {
        return new ResultValue(false, v);
    }
}
