package dev.wharf.runtime.internal.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wharf.api.Codec;
import dev.wharf.api.ExportSignature;
import dev.wharf.api.InvalidArgumentsException;
import dev.wharf.api.ValueType;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ArgumentCodecTest {

    private final ArgumentCodec codec = new ArgumentCodec();
    private final ExportSignature all = new ExportSignature("all",
            List.of(ValueType.I32, ValueType.I64, ValueType.F32, ValueType.F64),
            List.of(ValueType.I32, ValueType.I64, ValueType.F32, ValueType.F64));

    private static byte[] json(String s) {
        return Codec.JSON.encode(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void roundTripsEveryTypeInEveryCodec() {
        List<Number> values = List.of(-5, 1L << 40, 1.5f, -2.25);
        for (Codec c : Codec.values()) {
            byte[] args = codec.encodeArguments(c, all.params(), values);
            long[] raw = codec.decode(args, c, all);
            assertThat(ArgumentCodec.values(all, raw)).isEqualTo(values);
            byte[] results = codec.encode(c, all, raw);
            assertThat(Codec.of(results)).isEqualTo(c);
            assertThat(ArgumentCodec.values(all, codec.decode(results, c, all))).isEqualTo(values);
        }
    }

    @Test
    void jsonResultsAreCompactArrays() {
        ExportSignature sig = new ExportSignature("f", List.of(), List.of(ValueType.I32, ValueType.F64));
        byte[] out = codec.encode(Codec.JSON, sig, new long[] {-1, Double.doubleToRawLongBits(0.5)});
        assertThat(new String(Codec.JSON.body(out), StandardCharsets.UTF_8)).isEqualTo("[-1,0.5]");
    }

    @Test
    void integersAcceptSignedAndUnsignedRanges() {
        ExportSignature sig = new ExportSignature("f", List.of(ValueType.I32, ValueType.I64), List.of());
        assertThat(codec.decode(json("[4294967295, 18446744073709551615]"), Codec.JSON, sig)).containsExactly(-1, -1);
        assertThat(codec.decode(json("[-2147483648, -9223372036854775808]"), Codec.JSON, sig))
                .containsExactly(Integer.MIN_VALUE, Long.MIN_VALUE);
        assertThatThrownBy(() -> codec.decode(json("[-2147483649, 0]"), Codec.JSON, sig))
                .isInstanceOf(InvalidArgumentsException.class).hasMessageContaining("parameter 1 (i32)");
        assertThatThrownBy(() -> codec.decode(json("[0, 18446744073709551616]"), Codec.JSON, sig))
                .hasMessageContaining("parameter 2 (i64)");
    }

    @Test
    void malformedInputNeverPassesSilently() {
        ExportSignature one = new ExportSignature("f", List.of(ValueType.I32), List.of());
        assertThatThrownBy(() -> codec.decode(json("[1] [2]"), Codec.JSON, one)).hasMessageContaining("after the array");
        assertThatThrownBy(() -> codec.decode(json("[[1]]"), Codec.JSON, one)).hasMessageContaining("an array");
        assertThatThrownBy(() -> codec.decode(json("[null]"), Codec.JSON, one)).hasMessageContaining("null");
        assertThatThrownBy(() -> codec.decode(json("[true]"), Codec.JSON, one)).hasMessageContaining("boolean");
        assertThatThrownBy(() -> codec.decode(json("[1, 2, 3]"), Codec.JSON, one)).hasMessageContaining("got 3");
        assertThatThrownBy(() -> codec.decode(json(""), Codec.JSON, one)).hasMessageContaining("array of numbers");
        assertThatThrownBy(() -> codec.decode(new byte[] {0x51, (byte) 0x82, 1}, Codec.CBOR, one))
                .isInstanceOf(InvalidArgumentsException.class);
        assertThatThrownBy(() -> codec.decode(new byte[] {(byte) 0x81, 0x0e, 1, 2, 3}, Codec.BORSH, one))
                .hasMessageContaining("must be 4 bytes, got 3");
    }

    @Test
    void floatsTakeNaNAndTheInfinitiesByNameButNeverOverflowSilently() {
        ExportSignature sig = new ExportSignature("f", List.of(ValueType.F32, ValueType.F64), List.of());
        long[] named = codec.decode(json("[NaN, -Infinity]"), Codec.JSON, sig);
        assertThat(Float.isNaN(Float.intBitsToFloat((int) named[0]))).isTrue();
        assertThat(Double.longBitsToDouble(named[1])).isEqualTo(Double.NEGATIVE_INFINITY);
        long[] inf = codec.decode(json("[Infinity, Infinity]"), Codec.JSON, sig);
        assertThat(Float.intBitsToFloat((int) inf[0])).isEqualTo(Float.POSITIVE_INFINITY);
        assertThatThrownBy(() -> codec.decode(json("[0, 1e400]"), Codec.JSON, sig))
                .isInstanceOf(InvalidArgumentsException.class).hasMessageContaining("parameter 2 (f64)")
                .hasMessageContaining("1e400 is out of range");
        assertThatThrownBy(() -> codec.decode(json("[1e39, 0]"), Codec.JSON, sig))
                .hasMessageContaining("parameter 1 (f32)").hasMessageContaining("out of range");
        assertThatThrownBy(() -> codec.decode(json("[0, 1" + "0".repeat(400) + "]"), Codec.JSON, sig))
                .hasMessageContaining("parameter 2 (f64)");
        ExportSignature ints = new ExportSignature("g", List.of(ValueType.I32), List.of());
        assertThatThrownBy(() -> codec.decode(json("[NaN]"), Codec.JSON, ints)).hasMessageContaining("is not an integer");
    }

    @Test
    void namedFloatsWrittenAsStringsInJsonResultsAreTakenBackAsArguments() {
        ExportSignature sig = new ExportSignature("f", List.of(ValueType.F32, ValueType.F64), List.of(ValueType.F32, ValueType.F64));
        byte[] results = codec.encode(Codec.JSON, sig, new long[] {
                Float.floatToRawIntBits(Float.NaN) & 0xFFFF_FFFFL, Double.doubleToRawLongBits(Double.NEGATIVE_INFINITY)});
        assertThat(new String(Codec.JSON.body(results), StandardCharsets.UTF_8)).isEqualTo("[\"NaN\",\"-Infinity\"]");
        long[] back = codec.decode(results, Codec.JSON, sig);
        assertThat(Float.isNaN(Float.intBitsToFloat((int) back[0]))).isTrue();
        assertThat(Double.longBitsToDouble(back[1])).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThatThrownBy(() -> codec.decode(json("[\"nan\", 0]"), Codec.JSON, sig))
                .isInstanceOf(InvalidArgumentsException.class).hasMessageContaining("parameter 1 (f32)")
                .hasMessageContaining("the string \"nan\"");
        ExportSignature ints = new ExportSignature("g", List.of(ValueType.I32), List.of());
        assertThatThrownBy(() -> codec.decode(json("[\"NaN\"]"), Codec.JSON, ints)).hasMessageContaining("expected a number");
    }

    @Test
    void jsonTakenForUtf32WithACharacterBeyondUnicodeIsMalformedNotAnIoFailure() {
        // Jackson detects UTF-32 from the zero bytes; 0x312d35ff is no character
        byte[] payload = Codec.JSON.encode(new byte[] {0, 0, 0, 0, 0, 0, 0, 0, '[', '1', '-', '5', (byte) 0xff, 0, 0, 0});
        ExportSignature sig = new ExportSignature("f", List.of(ValueType.F64), List.of());
        assertThatThrownBy(() -> codec.decode(payload, Codec.JSON, sig))
                .isInstanceOf(InvalidArgumentsException.class).hasMessageContaining("malformed JSON arguments for f(f64)");
    }
}
