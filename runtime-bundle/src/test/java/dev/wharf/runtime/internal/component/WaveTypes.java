package dev.wharf.runtime.internal.component;

import dev.wharf.runtime.internal.component.WitType.Field;
import dev.wharf.runtime.internal.component.WitType.Primitive;
import java.util.Arrays;
import java.util.List;

/** Types and value shorthands the WAVE tests share; most are those of wasm-wave's README and tests/ui/ui.wit. */
final class WaveTypes {

    static final WitType.RecordType POINT = new WitType.RecordType(List.of(
            new Field("x", Primitive.F64), new Field("y", Primitive.F64)));
    static final WitType.RecordType BASIC = new WitType.RecordType(List.of(
            new Field("required", Primitive.U8), new Field("optional", option(Primitive.U8))));
    static final WitType.RecordType OPTIONAL_FIELDS = new WitType.RecordType(List.of(
            new Field("a", option(Primitive.U8)), new Field("b", option(Primitive.U8))));
    static final WitType.RecordType KEYWORD_FIELDS = new WitType.RecordType(List.of(new Field("true", Primitive.BOOL),
            new Field("some", option(Primitive.U8)), new Field("ok", result(null, null)), new Field("inf", Primitive.F32)));
    static final WitType.VariantType RESPONSE = new WitType.VariantType(List.of(new WitType.Case("empty", null),
            new WitType.Case("body", list(Primitive.U8)), new WitType.Case("err", Primitive.STRING)));
    static final WitType.EnumType STATUS = new WitType.EnumType(List.of("ok", "not-found"));
    static final WitType.FlagsType PERMS = new WitType.FlagsType(List.of("read", "write", "exec"));

    private WaveTypes() {}

    static WitType.ListType list(WitType element) {
        return new WitType.ListType(element);
    }

    static WitType.OptionType option(WitType type) {
        return new WitType.OptionType(type);
    }

    static WitType.ResultType result(WitType ok, WitType err) {
        return new WitType.ResultType(ok, err);
    }

    static WitType.TupleType tuple(WitType... types) {
        return new WitType.TupleType(Arrays.asList(types));
    }

    static WitValue.Int i(long value) {
        return new WitValue.Int(value);
    }

    static WitValue.Str s(String value) {
        return new WitValue.Str(value);
    }

    static WitValue.ListValue list(WitValue... elements) {
        return new WitValue.ListValue(Arrays.asList(elements));
    }

    static WitValue.OptionValue some(WitValue value) {
        return new WitValue.OptionValue(value);
    }
}
