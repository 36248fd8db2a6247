package dev.wharf.runtime.internal.component;

import static dev.wharf.runtime.internal.component.WaveTypes.BASIC;
import static dev.wharf.runtime.internal.component.WaveTypes.KEYWORD_FIELDS;
import static dev.wharf.runtime.internal.component.WaveTypes.OPTIONAL_FIELDS;
import static dev.wharf.runtime.internal.component.WaveTypes.PERMS;
import static dev.wharf.runtime.internal.component.WaveTypes.POINT;
import static dev.wharf.runtime.internal.component.WaveTypes.RESPONSE;
import static dev.wharf.runtime.internal.component.WaveTypes.STATUS;
import static dev.wharf.runtime.internal.component.WaveTypes.i;
import static dev.wharf.runtime.internal.component.WaveTypes.list;
import static dev.wharf.runtime.internal.component.WaveTypes.option;
import static dev.wharf.runtime.internal.component.WaveTypes.result;
import static dev.wharf.runtime.internal.component.WaveTypes.s;
import static dev.wharf.runtime.internal.component.WaveTypes.some;
import static dev.wharf.runtime.internal.component.WaveTypes.tuple;
import static dev.wharf.runtime.internal.component.WitType.Primitive.BOOL;
import static dev.wharf.runtime.internal.component.WitType.Primitive.CHAR;
import static dev.wharf.runtime.internal.component.WitType.Primitive.F32;
import static dev.wharf.runtime.internal.component.WitType.Primitive.F64;
import static dev.wharf.runtime.internal.component.WitType.Primitive.S64;
import static dev.wharf.runtime.internal.component.WitType.Primitive.S8;
import static dev.wharf.runtime.internal.component.WitType.Primitive.STRING;
import static dev.wharf.runtime.internal.component.WitType.Primitive.U32;
import static dev.wharf.runtime.internal.component.WitType.Primitive.U64;
import static dev.wharf.runtime.internal.component.WitType.Primitive.U8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wharf.runtime.internal.component.WitValue.OptionValue;
import java.util.List;
import org.junit.jupiter.api.Test;

/** WaveWriter writes what wasm-tools' writer writes (the .out files of its tests/ui), and refuses values that do not fit. */
class WaveWriterTest {

    static String write(WitType type, WitValue value) {
        return WaveWriter.write(type, value);
    }

    @Test
    void primitives() {
        assertThat(write(BOOL, new WitValue.Bool(true))).isEqualTo("true");
        assertThat(write(S8, i(-128))).isEqualTo("-128");
        assertThat(write(U32, i(4294967295L))).isEqualTo("4294967295");
        assertThat(write(U64, i(-1))).isEqualTo("18446744073709551615");
        assertThat(write(S64, i(Long.MIN_VALUE))).isEqualTo("-9223372036854775808");
        assertThat(write(STRING, s(""))).isEqualTo("\"\"");
        assertThat(write(STRING, s("WAVE🌊 it's \"q\"\\\t\n\r"))).isEqualTo("\"WAVE🌊 it\\'s \\\"q\\\"\\\\\\t\\n\\r\"");
    }

    @Test
    void floatsAreTheShortestDigitsThatReadBackWithoutExponent() {
        assertThat(List.of(0f, -0f, 1.5f, 0.1f, -3.1415f, 100000f, Float.MAX_VALUE, Float.MIN_VALUE, Float.NaN,
                Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY)).extracting(f -> write(F32, new WitValue.F32(f)))
                .containsExactly("0", "-0", "1.5", "0.1", "-3.1415", "100000", "340282350000000000000000000000000000000",
                        "0.000000000000000000000000000000000000000000001", "nan", "inf", "-inf");
        // Java 17's Double.toString gives 1.9999999999999998E23 for 2e23.
        assertThat(write(F64, new WitValue.F64(2e23))).isEqualTo("200000000000000000000000");
        assertThat(write(F64, new WitValue.F64(0.1))).isEqualTo("0.1");
        assertThat(write(F64, new WitValue.F64(Double.MIN_VALUE))).isEqualTo("0." + "0".repeat(323) + "5");
        assertThat(write(F64, new WitValue.F64(Double.longBitsToDouble(0x7ff0000000000123L)))).isEqualTo("nan");
    }

    @Test
    void charsEscapeWhatTheSpecRequiresAndWhatWouldNotShow() {
        assertThat(List.of((int) 'x', (int) '\'', (int) '"', (int) '\\', (int) '\n', (int) '\t', (int) '\r', 0, 0x7f,
                0x1F30A, 0x301, 0x200B, 0xA0, 0x2028, 0xE000, (int) ' ')).extracting(c -> write(CHAR, new WitValue.Char(c)))
                .containsExactly("'x'", "'\\''", "'\\\"'", "'\\\\'", "'\\n'", "'\\t'", "'\\r'", "'\\u{0}'", "'\\u{7f}'",
                        "'🌊'", "'\\u{301}'", "'\\u{200b}'", "'\\u{a0}'", "'\\u{2028}'", "'\\u{e000}'", "' '");
    }

    @Test
    void listsTuplesAndRecords() {
        assertThat(write(list(U8), list())).isEqualTo("[]");
        assertThat(write(list(list(U8)), list(list(i(1), i(2)), list()))).isEqualTo("[[1, 2], []]");
        assertThat(write(tuple(U8, STRING), new WitValue.TupleValue(List.of(i(1), s("a"))))).isEqualTo("(1, \"a\")");
        assertThat(write(POINT, new WitValue.RecordValue(List.of(new WitValue.F64(1), new WitValue.F64(-2.5)))))
                .isEqualTo("{x: 1, y: -2.5}");
        assertThat(write(BASIC, new WitValue.RecordValue(List.of(i(1), OptionValue.NONE)))).isEqualTo("{required: 1}");
        assertThat(write(BASIC, new WitValue.RecordValue(List.of(i(1), some(i(2)))))).isEqualTo("{required: 1, optional: some(2)}");
        assertThat(write(OPTIONAL_FIELDS, new WitValue.RecordValue(List.of(OptionValue.NONE, OptionValue.NONE)))).isEqualTo("{:}");
        assertThat(write(KEYWORD_FIELDS, new WitValue.RecordValue(List.of(new WitValue.Bool(false), some(i(1)),
                new WitValue.ResultValue(false, null), new WitValue.F32(Float.NaN)))))
                .isEqualTo("{true: false, some: some(1), ok: err, inf: nan}");
    }

    @Test
    void casesNamedLikeKeywordsGetAPercent() {
        assertThat(write(RESPONSE, new WitValue.VariantValue(0, null))).isEqualTo("empty");
        assertThat(write(RESPONSE, new WitValue.VariantValue(1, list(i(79), i(75))))).isEqualTo("body([79, 75])");
        assertThat(write(RESPONSE, new WitValue.VariantValue(2, s("oops")))).isEqualTo("%err(\"oops\")");
        assertThat(write(STATUS, new WitValue.EnumValue(0))).isEqualTo("%ok");
        assertThat(write(STATUS, new WitValue.EnumValue(1))).isEqualTo("not-found");
    }

    @Test
    void optionsAndResultsInTheirVariantForm() {
        assertThat(write(option(U8), some(i(5)))).isEqualTo("some(5)");
        assertThat(write(option(U8), OptionValue.NONE)).isEqualTo("none");
        assertThat(write(option(option(U8)), some(OptionValue.NONE))).isEqualTo("some(none)");
        assertThat(write(result(U8, STRING), new WitValue.ResultValue(true, i(42)))).isEqualTo("ok(42)");
        assertThat(write(result(U8, STRING), new WitValue.ResultValue(false, s("e")))).isEqualTo("err(\"e\")");
        assertThat(write(result(null, STRING), new WitValue.ResultValue(true, null))).isEqualTo("ok");
        assertThat(write(result(null, null), new WitValue.ResultValue(false, null))).isEqualTo("err");
    }

    @Test
    void flagsInTheTypesOrderAndHandlesAsANonValue() {
        assertThat(write(PERMS, new WitValue.FlagsValue(0))).isEqualTo("{}");
        assertThat(write(PERMS, new WitValue.FlagsValue(0b101))).isEqualTo("{read, exec}");
        WitType.ResourceType file = new WitType.ResourceType("file", 0);
        assertThat(write(new WitType.Own(file), new WitValue.Handle(3))).isEqualTo("<handle 3>");
        assertThat(write(list(new WitType.Borrow(file)), list(new WitValue.Handle(0)))).isEqualTo("[<handle 0>]");
    }

    @Test
    void valuesThatDoNotFitTheTypeAreRefused() {
        assertThatThrownBy(() -> write(U8, i(256))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Int[value=256] is not a value of u8");
        assertThat(List.<Runnable>of(
                () -> write(U32, i(-1)),
                () -> write(S8, i(128)),
                () -> write(U8, new WitValue.Bool(true)),
                () -> write(option(U8), i(1)),
                () -> write(RESPONSE, new WitValue.VariantValue(3, null)),
                () -> write(RESPONSE, new WitValue.VariantValue(1, null)),
                () -> write(RESPONSE, new WitValue.VariantValue(0, i(1))),
                () -> write(STATUS, new WitValue.EnumValue(-1)),
                () -> write(result(null, null), new WitValue.ResultValue(true, i(1))),
                () -> write(PERMS, new WitValue.FlagsValue(0b1000)),
                () -> write(CHAR, new WitValue.Char(0xD800)),
                () -> write(CHAR, new WitValue.Char(0x110000)),
                () -> write(STRING, s("a\uD800b")),
                () -> write(BASIC, new WitValue.RecordValue(List.of(i(1)))),
                () -> write(tuple(U8, U8), new WitValue.TupleValue(List.of(i(1)))),
                () -> write(new WitType.ResourceType("file", 0), new WitValue.Handle(0))))
                .allSatisfy(call -> assertThatThrownBy(call::run).isInstanceOf(IllegalArgumentException.class));
    }
}
