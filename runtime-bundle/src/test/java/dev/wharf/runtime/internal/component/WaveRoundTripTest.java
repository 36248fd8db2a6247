package dev.wharf.runtime.internal.component;

import static dev.wharf.runtime.internal.component.WaveTypes.BASIC;
import static dev.wharf.runtime.internal.component.WaveTypes.KEYWORD_FIELDS;
import static dev.wharf.runtime.internal.component.WaveTypes.OPTIONAL_FIELDS;
import static dev.wharf.runtime.internal.component.WaveTypes.PERMS;
import static dev.wharf.runtime.internal.component.WaveTypes.RESPONSE;
import static dev.wharf.runtime.internal.component.WaveTypes.STATUS;
import static dev.wharf.runtime.internal.component.WaveTypes.i;
import static dev.wharf.runtime.internal.component.WaveTypes.list;
import static dev.wharf.runtime.internal.component.WaveTypes.option;
import static dev.wharf.runtime.internal.component.WaveTypes.result;
import static dev.wharf.runtime.internal.component.WaveTypes.s;
import static dev.wharf.runtime.internal.component.WaveTypes.some;
import static dev.wharf.runtime.internal.component.WaveTypes.tuple;
import static dev.wharf.runtime.internal.component.WitType.Primitive.CHAR;
import static dev.wharf.runtime.internal.component.WitType.Primitive.F32;
import static dev.wharf.runtime.internal.component.WitType.Primitive.F64;
import static dev.wharf.runtime.internal.component.WitType.Primitive.STRING;
import static dev.wharf.runtime.internal.component.WitType.Primitive.U64;
import static dev.wharf.runtime.internal.component.WitType.Primitive.U8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.runtime.internal.component.WitType.Field;
import dev.wharf.runtime.internal.component.WitType.Primitive;
import dev.wharf.runtime.internal.component.WitValue.OptionValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Whatever WaveWriter writes, WaveParser reads back as the same value. */
class WaveRoundTripTest {

    record Case(WitType type, WitValue value) {}

    static void roundTrips(WitType type, WitValue value) {
        String text = WaveWriter.write(type, value);
        assertThat(WaveParser.parse(type, text)).as(text).isEqualTo(value);
    }

    @Test
    void everyTypeWithItsEdgeValues() {
        List<Case> cases = new ArrayList<>();
        for (Primitive p : Primitive.values()) {
            if (p.integer()) {
                long min = p.unsigned() ? 0 : p == Primitive.S64 ? Long.MIN_VALUE : -(1L << (bits(p) - 1));
                long max = p == Primitive.U64 ? -1 : p == Primitive.S64 ? Long.MAX_VALUE
                        : p.unsigned() ? (1L << bits(p)) - 1 : (1L << (bits(p) - 1)) - 1;
                cases.addAll(List.of(new Case(p, i(min)), new Case(p, i(max)), new Case(p, i(0))));
            }
        }
        cases.add(new Case(Primitive.BOOL, new WitValue.Bool(true)));
        cases.add(new Case(Primitive.BOOL, new WitValue.Bool(false)));
        for (float f : new float[] {0f, -0f, Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.MAX_VALUE,
                -Float.MIN_VALUE, Float.MIN_NORMAL, 1.00000012f, 16777216f}) {
            cases.add(new Case(F32, new WitValue.F32(f)));
        }
        for (double d : new double[] {0d, -0d, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY,
                Double.MAX_VALUE, Double.MIN_VALUE, -Double.MIN_NORMAL, 2e23, 0.1 + 0.2, Math.PI}) {
            cases.add(new Case(F64, new WitValue.F64(d)));
        }
        for (int c : new int[] {'x', '\'', '"', '\\', '\n', '\r', '\t', 0, 0x7f, 0x1F600, 0x301, 0xFEFF, 0x10FFFF, 0xFFFD}) {
            cases.add(new Case(CHAR, new WitValue.Char(c)));
        }
        for (String text : List.of("", "a\"b'c\\d\te\nf\rg", "\"\"\"", "//", "🌊\u0000\u0301\u2028", "{x: 1}")) {
            cases.add(new Case(STRING, s(text)));
        }
        cases.addAll(composites());
        assertThat(cases).allSatisfy(c -> roundTrips(c.type(), c.value()));
    }

    private static int bits(Primitive p) {
        return Integer.parseInt(p.wit().substring(1));
    }

    private static List<Case> composites() {
        WitType.RecordType entry = new WitType.RecordType(List.of(new Field("name", STRING),
                new Field("tags", option(list(STRING))), new Field("at", tuple(Primitive.S64, U64)),
                new Field("status", result(STATUS, RESPONSE))));
        WitValue full = new WitValue.RecordValue(List.of(s("%err"), some(list(s(""), s("ok"))),
                new WitValue.TupleValue(List.of(i(Long.MIN_VALUE), i(-1))),
                new WitValue.ResultValue(false, new WitValue.VariantValue(2, s("none")))));
        WitValue sparse = new WitValue.RecordValue(List.of(s(""), OptionValue.NONE,
                new WitValue.TupleValue(List.of(i(0), i(0))), new WitValue.ResultValue(true, new WitValue.EnumValue(0))));
        WitType deep = option(option(result(option(U8), option(Primitive.BOOL))));
        return List.of(
                new Case(list(U8), list()),
                new Case(list(entry), list(full, sparse)),
                new Case(PERMS, new WitValue.FlagsValue(0)),
                new Case(PERMS, new WitValue.FlagsValue(0b111)),
                new Case(BASIC, new WitValue.RecordValue(List.of(i(255), some(i(0))))),
                new Case(OPTIONAL_FIELDS, new WitValue.RecordValue(List.of(OptionValue.NONE, OptionValue.NONE))),
                new Case(option(OPTIONAL_FIELDS), some(new WitValue.RecordValue(List.of(OptionValue.NONE, some(i(1)))))),
                new Case(KEYWORD_FIELDS, new WitValue.RecordValue(List.of(new WitValue.Bool(true), OptionValue.NONE,
                        new WitValue.ResultValue(true, null), new WitValue.F32(Float.NEGATIVE_INFINITY)))),
                new Case(deep, OptionValue.NONE),
                new Case(deep, some(OptionValue.NONE)),
                new Case(deep, some(some(new WitValue.ResultValue(true, OptionValue.NONE)))),
                new Case(deep, some(some(new WitValue.ResultValue(false, some(new WitValue.Bool(false)))))),
                new Case(tuple(PERMS, STATUS, option(PERMS)), new WitValue.TupleValue(List.of(new WitValue.FlagsValue(2),
                        new WitValue.EnumValue(1), some(new WitValue.FlagsValue(0))))),
                new Case(RESPONSE, new WitValue.VariantValue(0, null)),
                new Case(list(list(list(CHAR))), list(list(), list(list(), list(new WitValue.Char('\''))))));
    }

    @Test
    void randomFloatsKeepTheirBitsAndNanStaysNan() {
        Random random = new Random(42);
        for (int k = 0; k < 20_000; k++) {
            roundTrips(F32, new WitValue.F32(Float.intBitsToFloat(random.nextInt())));
            roundTrips(F64, new WitValue.F64(Double.longBitsToDouble(random.nextLong())));
            // Decimal-looking values too, where a too-short text would show up first.
            roundTrips(F64, new WitValue.F64(random.nextInt(1_000_000) / 1000.0));
        }
        assertThat(WaveParser.parse(F32, WaveWriter.write(F32, new WitValue.F32(Float.intBitsToFloat(0xffc00001)))))
                .isEqualTo(new WitValue.F32(Float.NaN));
    }

    @Test
    void randomStringsAndIntegers() {
        Random random = new Random(7);
        for (int k = 0; k < 2_000; k++) {
            StringBuilder text = new StringBuilder();
            for (int n = random.nextInt(12); n > 0; n--) {
                int c = random.nextBoolean() ? random.nextInt(0x80) : random.nextInt(Character.MAX_CODE_POINT + 1);
                text.appendCodePoint(Character.getType(c) == Character.SURROGATE ? 'x' : c);
            }
            roundTrips(STRING, s(text.toString()));
            roundTrips(U64, i(random.nextLong()));
            roundTrips(Primitive.S64, i(random.nextLong()));
        }
    }

    @Test
    void theSpecsExamplesReadBackInTheWritersForm() {
        WitType example = new WitType.RecordType(List.of(new Field("must-have", U8), new Field("optional", option(U8))));
        String text = "{must-have: 123, optional: none,}";
        assertThat(WaveWriter.write(example, WaveParser.parse(example, text))).isEqualTo("{must-have: 123}");
        assertThat(WaveWriter.write(option(U8), WaveParser.parse(option(U8), "123"))).isEqualTo("some(123)");
        assertThat(WaveWriter.write(result(U8, null), WaveParser.parse(result(U8, null), "123"))).isEqualTo("ok(123)");
        assertThat(WaveWriter.write(PERMS, WaveParser.parse(PERMS, "{exec, read,}"))).isEqualTo("{read, exec}");
        assertThat(WaveWriter.write(STRING, WaveParser.parse(STRING, "\"\"\"\n  two\n  lines\n  \"\"\"")))
                .isEqualTo("\"two\\nlines\"");
    }
}
