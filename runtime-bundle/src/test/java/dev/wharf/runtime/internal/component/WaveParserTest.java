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
import static dev.wharf.runtime.internal.component.WitType.Primitive.F32;
import static dev.wharf.runtime.internal.component.WitType.Primitive.F64;
import static dev.wharf.runtime.internal.component.WitType.Primitive.S64;
import static dev.wharf.runtime.internal.component.WitType.Primitive.S8;
import static dev.wharf.runtime.internal.component.WitType.Primitive.STRING;
import static dev.wharf.runtime.internal.component.WitType.Primitive.U64;
import static dev.wharf.runtime.internal.component.WitType.Primitive.U8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wharf.runtime.internal.component.WitType.Primitive;
import dev.wharf.runtime.internal.component.WitValue.OptionValue;
import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.Test;

/** WaveParser reads what wasm-tools' wasm-wave reads (its README and tests/ui cases) and refuses what it refuses. */
class WaveParserTest {

    static WitValue parse(WitType type, String text) {
        return WaveParser.parse(type, text);
    }

    static void rejects(WitType type, String text, String message) {
        assertThatThrownBy(() -> parse(type, text)).as(text).isInstanceOf(WaveException.class).hasMessage(message);
    }

    static void rejectsAll(WitType type, String... texts) {
        for (String text : texts) {
            assertThatThrownBy(() -> parse(type, text)).as(text).isInstanceOf(WaveException.class);
        }
    }

    @Test
    void bools() {
        assertThat(parse(BOOL, "true")).isEqualTo(new WitValue.Bool(true));
        assertThat(parse(BOOL, " false ")).isEqualTo(new WitValue.Bool(false));
        rejects(BOOL, "", "expected a bool (true or false) at 0, got end of input");
        rejectsAll(BOOL, "True", "%true", "1", "truex", "true false");
    }

    @Test
    void integersSpanTheirTypesRangeExactly() {
        for (Primitive p : List.of(Primitive.S8, Primitive.U8, Primitive.S16, Primitive.U16, Primitive.S32,
                Primitive.U32, S64, U64)) {
            int bits = Integer.parseInt(p.wit().substring(1));
            BigInteger min = p.unsigned() ? BigInteger.ZERO : BigInteger.ONE.shiftLeft(bits - 1).negate();
            BigInteger max = (p.unsigned() ? BigInteger.ONE.shiftLeft(bits) : BigInteger.ONE.shiftLeft(bits - 1)).subtract(BigInteger.ONE);
            assertThat(parse(p, min.toString())).as(p.wit()).isEqualTo(i(min.longValue()));
            assertThat(parse(p, max.toString())).as(p.wit()).isEqualTo(i(max.longValue()));
            rejectsAll(p, min.subtract(BigInteger.ONE).toString(), max.add(BigInteger.ONE).toString());
        }
        assertThat(parse(U64, "18446744073709551615")).isEqualTo(i(-1));
        assertThat(parse(S64, "-9223372036854775808")).isEqualTo(i(Long.MIN_VALUE));
        assertThat(parse(S8, "-0")).isEqualTo(i(0));
    }

    @Test
    void integerErrorsNameTheTypeItsRangeAndThePosition() {
        rejects(U8, "300", "expected a u8 (0 to 255) at 0, got '300'");
        rejects(list(U8), "[1, 300]", "expected a u8 (0 to 255) at 4, got '300'");
        rejects(S64, "9223372036854775808",
                "expected an s64 (-9223372036854775808 to 9223372036854775807) at 0, got '9223372036854775808'");
        assertThatThrownBy(() -> parse(list(U8), "[1, 300]")).isInstanceOfSatisfying(WaveException.class,
                e -> assertThat(e.position()).isEqualTo(4));
        // -0 is refused for unsigned types, as Rust's parse (and so wasm-tools) refuses it.
        rejectsAll(U8, "1.0", "1e2", "01", "+1", "-0", "0x10", "- 1", "inf", "99999999999999999999999", "'1'", "\"1\"");
    }

    @Test
    void floatsAreJsonNumbersOrNanInfAndMinusInf() {
        assertThat(List.of("0", "0.0", "0e0", "0.0e0", "0e-1", "0e+1", "0.000e100"))
                .allSatisfy(text -> assertThat(parse(F32, text)).isEqualTo(new WitValue.F32(0f)));
        assertThat(parse(F32, "-0")).isEqualTo(new WitValue.F32(-0f));
        assertThat(parse(F32, "-3.1415")).isEqualTo(new WitValue.F32(-3.1415f));
        assertThat(parse(F64, "6.022e+23")).isEqualTo(new WitValue.F64(6.022e23));
        assertThat(parse(F64, "nan")).isEqualTo(new WitValue.F64(Double.NaN));
        assertThat(parse(F32, "inf")).isEqualTo(new WitValue.F32(Float.POSITIVE_INFINITY));
        assertThat(parse(F64, "-inf")).isEqualTo(new WitValue.F64(Double.NEGATIVE_INFINITY));
        assertThat(parse(F32, "3.4028234664e38")).isEqualTo(new WitValue.F32(Float.MAX_VALUE));
        assertThat(parse(F32, "3.4028234664e39")).isEqualTo(new WitValue.F32(Float.POSITIVE_INFINITY));
        assertThat(parse(F32, "1.4012984643e-45")).isEqualTo(new WitValue.F32(Float.MIN_VALUE));
        assertThat(parse(F32, "1.4012984643e-46")).isEqualTo(new WitValue.F32(0f));
        // Rounded once, to float: through double this would be 0x3f800002.
        assertThat(parse(F32, "1.00000017881393432617187499")).isEqualTo(new WitValue.F32(Float.intBitsToFloat(0x3f800001)));
        rejects(F32, "NAN", "expected an f32 (a number, nan, inf or -inf) at 0, got 'NAN'");
        rejectsAll(F64, "-nan", "NaN", "Infinity", "infinity", "-infinity", "INF", "Inf", "-Inf", "%inf", ".5", "1.", "1e",
                "+1", "0x1p3", "1f", "--1", "1.5.5");
    }

    @Test
    void charsHoldOneScalarValueWithTheSpecsEscapes() {
        assertThat(parse(Primitive.CHAR, "'x'")).isEqualTo(new WitValue.Char('x'));
        assertThat(parse(Primitive.CHAR, "'🌊'")).isEqualTo(new WitValue.Char(0x1F30A));
        assertThat(parse(Primitive.CHAR, "'\"'")).isEqualTo(new WitValue.Char('"'));
        assertThat(parse(Primitive.CHAR, "'\\u{1F600}'")).isEqualTo(new WitValue.Char(0x1F600));
        assertThat(parse(Primitive.CHAR, "'\\u{000078}'")).isEqualTo(new WitValue.Char('x'));
        assertThat(List.of("\\\\", "\\'", "\\\"", "\\t", "\\n", "\\r", "\\u{0}"))
                .extracting(e -> parse(Primitive.CHAR, "'" + e + "'"))
                .containsExactly(new WitValue.Char('\\'), new WitValue.Char('\''), new WitValue.Char('"'),
                        new WitValue.Char('\t'), new WitValue.Char('\n'), new WitValue.Char('\r'), new WitValue.Char(0));
        rejects(Primitive.CHAR, "'ab'", "expected the closing ' of the char at 2 (a char holds one character)");
        rejects(Primitive.CHAR, "'\\z'", "invalid escape at 1: expected \\', \\\", \\\\, \\t, \\n, \\r or \\u{1 to 6 hex digits}");
        rejects(Primitive.CHAR, "'\\u{D800}'", "escape at 1 is not a Unicode scalar value: \\u{D800}");
        rejectsAll(Primitive.CHAR, "''", "'☃☃'", "'\\n\\n'", "'\\x1f'", "'\\u1f'", "'\\u{1f'", "'\\u1f}'", "'\\u{}'",
                "'\\u{x}'", "'\\u{12345678}'", "'\\u{110000}'", "'\\u{DFFF}'", "'", "x'", "'x", "'\\'", "'''", "'\n'",
                "'☃︎'", "'\uD800'", "x");
    }

    @Test
    void stringsWithEscapesAndRawQuotes() {
        assertThat(parse(STRING, "\"\"")).isEqualTo(s(""));
        assertThat(parse(STRING, "\"WAVE🌊\"")).isEqualTo(s("WAVE🌊"));
        assertThat(parse(STRING, "\"\\\\\\'\\\"\\t\\n\\r\"")).isEqualTo(s("\\'\"\t\n\r"));
        assertThat(parse(STRING, "\"'\\'\\u{27}\"")).isEqualTo(s("'''"));
        assertThat(parse(STRING, "\"☃\\u{2603}\\u{002603}\"")).isEqualTo(s("☃☃☃"));
        assertThat(parse(STRING, "\"tab\there\"")).isEqualTo(s("tab\there"));
        rejects(STRING, "\"a\nb\"", "unterminated string from 0 at 2 (a line break in a string is written \\n)");
        rejectsAll(STRING, "\"\\u{d800}\"", "\"\\u{dcff}\"", "\"\\u{110000}\"", "\"\\u{ffffffff}\"", "\"\\u{-1}\"",
                "\"\\u{+1}\"", "\"\\\"", "\"abc", "\"\uDC00\"", "abc", "'a'");
    }

    @Test
    void multilineStringsLoseTheClosingIndent() {
        assertThat(parse(STRING, "\"\"\"\nA single line\n\"\"\"")).isEqualTo(s("A single line"));
        assertThat(parse(STRING, "\"\"\"\n    Indentation determined\n      by ending delimiter\n  \"\"\""))
                .isEqualTo(s("  Indentation determined\n    by ending delimiter"));
        assertThat(parse(STRING, "\"\"\"\n  Must escape carriage return at end of line: \\r\n"
                + "  Must break up double quote triplets: \"\"\\\"\"\n  \"\"\""))
                .isEqualTo(s("Must escape carriage return at end of line: \r\nMust break up double quote triplets: \"\"\"\""));
        assertThat(parse(STRING, "\"\"\"\n\"\"\"")).isEqualTo(s(""));
        assertThat(parse(STRING, "\"\"\"\n\nEmpty lines are retained\n\n\"\"\"")).isEqualTo(s("\nEmpty lines are retained\n"));
        assertThat(parse(STRING, "\"\"\"\r\nab\r\n'cd' \"e\"\r\n\"\"\"")).isEqualTo(s("ab\n'cd' \"e\""));
        assertThat(parse(list(STRING), "[\"\"\"\n  a\n  \"\"\", \"b\"]")).isEqualTo(list(s("a"), s("b")));
        rejects(STRING, "\"\"\" \"\"\"", "expected a line break after the opening \"\"\" at 3");
        rejects(STRING, "\"\"\"\nextra\"\"\"", "expected the closing \"\"\" at 9 on a line of its own, after spaces only");
        rejects(STRING, "\"\"\"\n a\n  \"\"\"", "line at 4 is indented less than the closing \"\"\" (2 spaces)");
        rejectsAll(STRING, "\"\"\"\"\"\"", "\"\"\"\"\n\"\"\"", "\"\"\"\n\"\"", "\"\"\"\n\"\"\"\"", "\"\"\"extra\n\"\"\"",
                "\"\"\"\n  \"\"\"\n  \"\"\"", "\"\"\"\n  Between \"\"\" words\n  \"\"\"", "\"\"\"\n\\u{d800}\n\"\"\"",
                "\"\"\"\n\\j\n\"\"\"", "\"\"\"\na\n\t\"\"\"", "\"\"\"\na\\\n\"\"\"");
    }

    @Test
    void listsAllowOneTrailingComma() {
        assertThat(parse(list(U8), "[]")).isEqualTo(list());
        assertThat(parse(list(U8), "[1, 2, 3]")).isEqualTo(list(i(1), i(2), i(3)));
        assertThat(parse(list(U8), "[ 1 ,2,3, ]")).isEqualTo(list(i(1), i(2), i(3)));
        assertThat(parse(list(list(U8)), "[[], [1], [2, 3]]")).isEqualTo(list(list(), list(i(1)), list(i(2), i(3))));
        rejects(list(U8), "[1 2]", "expected ',' or ']' at 3, got '2'");
        rejects(list(U8), "[1", "expected ',' or ']' at 2, got end of input");
        rejectsAll(list(U8), "[,]", "[1,,]", "[,1]", "[)", "(]", "{}", "[1]]");
    }

    @Test
    void recordsTakeFieldsInAnyOrderAndLeaveOutNoneFields() {
        assertThat(parse(POINT, "{x: 1.0, y: 2.0}")).isEqualTo(new WitValue.RecordValue(List.of(
                new WitValue.F64(1), new WitValue.F64(2))));
        assertThat(parse(POINT, "{ y: 2, x: 1, }")).isEqualTo(parse(POINT, "{x: 1, y: 2}"));
        WitValue required = new WitValue.RecordValue(List.of(i(1), OptionValue.NONE));
        assertThat(List.of("{required: 1}", "{ required: 1, optional: none }", "{optional: none, required: 1,}",
                "{%required: 1}")).allSatisfy(text -> assertThat(parse(BASIC, text)).isEqualTo(required));
        WitValue both = new WitValue.RecordValue(List.of(i(1), some(i(2))));
        assertThat(parse(BASIC, "{optional: some(2), required: 1}")).isEqualTo(both);
        assertThat(parse(BASIC, "{required: 1, optional: 2}")).isEqualTo(both);
        WitValue empty = new WitValue.RecordValue(List.of(OptionValue.NONE, OptionValue.NONE));
        assertThat(List.of("{:}", "{ : }", "{a:none,b:none}", "{b:none,}"))
                .allSatisfy(text -> assertThat(parse(OPTIONAL_FIELDS, text)).isEqualTo(empty));
        assertThat(parse(KEYWORD_FIELDS, "{true: true, some: some(1), ok: ok, inf: inf}")).isEqualTo(
                new WitValue.RecordValue(List.of(new WitValue.Bool(true), some(i(1)),
                        new WitValue.ResultValue(true, null), new WitValue.F32(Float.POSITIVE_INFINITY))));
    }

    @Test
    void recordErrors() {
        rejects(BASIC, "{optional: none}", "missing field required of the record at 0");
        rejects(BASIC, "{:}", "missing field required of the record at 0");
        rejects(BASIC, "{required: 0, required: 0}", "duplicate field required at 14");
        rejects(BASIC, "{required: 0, other: 1}", "unknown field other at 14 of record {required: u8, optional: option<u8>}");
        rejects(BASIC, "{required 0}", "expected ':' after the field name at 10, got '0'");
        rejects(BASIC, "{required: 1 optional: none}", "expected ',' or '}' at 13, got 'optional'");
        rejects(OPTIONAL_FIELDS, "{}", "expected a field of record {a: option<u8>, b: option<u8>} "
                + "({} is flags; a record with no field written is {:}) at 1, got '}'");
        rejectsAll(BASIC, "{required: 0,, }", "{ , required: 0 }", "{ ,, required: 0 }", "{required: 0", "(0, none)",
                "{required: 0, optional: none, optional: none}", "{\"required\": 0}");
    }

    @Test
    void tuplesHaveExactlyTheirTypesValues() {
        WitType pair = tuple(U8, STRING);
        assertThat(parse(pair, "(1, \"a\")")).isEqualTo(new WitValue.TupleValue(List.of(i(1), s("a"))));
        assertThat(parse(pair, "( 1 , \"a\" , )")).isEqualTo(parse(pair, "(1,\"a\")"));
        assertThat(parse(tuple(tuple(U8), list(Primitive.CHAR)), "((7), ['a'])")).isEqualTo(new WitValue.TupleValue(List.of(
                new WitValue.TupleValue(List.of(i(7))), list(new WitValue.Char('a')))));
        rejects(pair, "(1)", "expected 2 values for tuple<u8, string> at 2, got 1");
        rejects(pair, "(1, \"a\", 2)", "expected ')' after the 2 values of tuple<u8, string> at 9, got '2'");
        rejectsAll(pair, "()", "(,)", "(1,, \"a\")", "[1, \"a\"]", "1, \"a\"");
    }

    @Test
    void variantsAndEnumsAreLabelsAndKeywordCasesTakeAPercent() {
        assertThat(parse(RESPONSE, "empty")).isEqualTo(new WitValue.VariantValue(0, null));
        assertThat(parse(RESPONSE, "body([79, 75])")).isEqualTo(new WitValue.VariantValue(1, list(i(79), i(75))));
        assertThat(parse(RESPONSE, "body ( [] )")).isEqualTo(new WitValue.VariantValue(1, list()));
        assertThat(parse(RESPONSE, "%err(\"oops\")")).isEqualTo(new WitValue.VariantValue(2, s("oops")));
        assertThat(parse(RESPONSE, "%empty")).isEqualTo(new WitValue.VariantValue(0, null));
        assertThat(parse(STATUS, "%ok")).isEqualTo(new WitValue.EnumValue(0));
        assertThat(parse(STATUS, "not-found")).isEqualTo(new WitValue.EnumValue(1));
        rejects(RESPONSE, "err(\"oops\")", "expected a case of variant {empty, body(list<u8>), err(string)} "
                + "(a case named err is written %err) at 0, got 'err'");
        rejects(RESPONSE, "empty(1)", "case empty has no payload, got '(' at 5");
        rejects(RESPONSE, "body", "expected '(' and the payload of case body at 4, got end of input");
        rejects(STATUS, "gone", "unknown case gone at 0 of enum {ok, not-found}");
        rejects(STATUS, "not-found(1)", "enum case not-found has no payload, got '(' at 9");
        rejectsAll(STATUS, "ok", "%ok(1)", "not-Found", "not - found", "\"ok\"", "%", "%1", "not-found-");
    }

    @Test
    void labelWordsAreEachOneCaseAndLaterWordsMayStartWithADigit() {
        WitType.EnumType labels = new WitType.EnumType(List.of("HTTP3", "method-GET", "a-1b", "x2-Y"));
        assertThat(List.of("HTTP3", "method-GET", "a-1b", "%x2-Y")).extracting(text -> parse(labels, text))
                .containsExactly(new WitValue.EnumValue(0), new WitValue.EnumValue(1), new WitValue.EnumValue(2),
                        new WitValue.EnumValue(3));
        rejectsAll(labels, "Http3", "method-Get", "1a", "a-1B");
    }

    @Test
    void optionsAreSomeNoneOrFlatWhenThePayloadIsNoOptionOrResult() {
        WitType u8 = option(U8);
        assertThat(parse(u8, "some(5)")).isEqualTo(some(i(5)));
        assertThat(parse(u8, " some ( 5 ) ")).isEqualTo(some(i(5)));
        assertThat(parse(u8, "5")).isEqualTo(some(i(5)));
        assertThat(parse(u8, "none")).isEqualTo(OptionValue.NONE);
        WitType nested = option(option(U8));
        assertThat(parse(nested, "some(5)")).isEqualTo(some(some(i(5))));
        assertThat(parse(nested, "some(some(5))")).isEqualTo(some(some(i(5))));
        assertThat(parse(nested, "some(none)")).isEqualTo(some(OptionValue.NONE));
        assertThat(parse(nested, "none")).isEqualTo(OptionValue.NONE);
        rejects(nested, "5", "expected some(...) or none for option<option<u8>> at 0, got '5'");
        rejects(u8, "none(0)", "none has no payload, got '(' at 4");
        rejectsAll(u8, "some", "some()", "some(some(0))", "some(none)", "%some(1)", "Some(1)");
    }

    @Test
    void resultsAreOkErrOrAFlatOkPayload() {
        WitType both = result(U8, STRING);
        assertThat(parse(both, "ok(42)")).isEqualTo(new WitValue.ResultValue(true, i(42)));
        assertThat(parse(both, "42")).isEqualTo(new WitValue.ResultValue(true, i(42)));
        assertThat(parse(both, "err(\"e\")")).isEqualTo(new WitValue.ResultValue(false, s("e")));
        WitType errOnly = result(null, STRING);
        assertThat(parse(errOnly, "ok")).isEqualTo(new WitValue.ResultValue(true, null));
        assertThat(parse(errOnly, "err(\"oops\")")).isEqualTo(new WitValue.ResultValue(false, s("oops")));
        WitType bare = result(null, null);
        assertThat(parse(bare, "ok")).isEqualTo(new WitValue.ResultValue(true, null));
        assertThat(parse(bare, "err")).isEqualTo(new WitValue.ResultValue(false, null));
        rejects(errOnly, "\"oops\"", "expected ok or err for result<_, string> at 0, got '\"oops\"'");
        rejects(bare, "ok()", "ok has no payload, got '(' at 2");
        rejectsAll(result(U8, null), "ok", "ok()", "o(0)", "err(0)");
        rejectsAll(both, "ok", "err", "err()", "e(0)");
        rejectsAll(bare, "ok(0)", "err()", "err(0)");
        rejectsAll(result(option(U8), null), "none", "5", "some(5)");
    }

    @Test
    void flagsAreASetOfLabels() {
        assertThat(parse(PERMS, "{}")).isEqualTo(new WitValue.FlagsValue(0));
        assertThat(parse(PERMS, "{ read }")).isEqualTo(new WitValue.FlagsValue(1));
        assertThat(parse(PERMS, "{write, read,}")).isEqualTo(new WitValue.FlagsValue(3));
        assertThat(parse(PERMS, "{%exec, read}")).isEqualTo(new WitValue.FlagsValue(5));
        rejects(PERMS, "{read, read}", "duplicate flag read at 7");
        rejects(PERMS, "{read, execute}", "unknown flag execute at 7 of flags {read, write, exec}");
        rejectsAll(PERMS, "{:}", "{read write}", "{,}", "{read,,}", "[read]", "read", "{\"read\"}");
    }

    @Test
    void whitespaceAndCommentsGoBetweenTokens() {
        String commented = "  {                 // comment\n    required: 1,    // comment\n"
                + "    optional: some( // comment\n      1             // comment\n    ),\n  }  // end";
        assertThat(parse(BASIC, commented)).isEqualTo(new WitValue.RecordValue(List.of(i(1), some(i(1)))));
        assertThat(parse(U8, "\t\r\n7\n")).isEqualTo(i(7));
        rejects(U8, "1 2", "expected the end of the input after the value at 2, got '2'");
        rejects(BASIC, "{required: 1 // }", "expected ',' or '}' at 17, got end of input");
        rejects(U8, "1 # 2", "unexpected character '#' at 2");
        rejectsAll(U8, "/ 1", "1 /");
    }

    @Test
    void resourcesHaveNoWaveForm() {
        WitType.ResourceType file = new WitType.ResourceType("file", 0);
        rejects(new WitType.Own(file), "0", "own<file> at 0 is a resource, which has no WAVE form");
        rejects(list(new WitType.Borrow(file)), "[1]", "borrow<file> at 1 is a resource, which has no WAVE form");
    }
}
