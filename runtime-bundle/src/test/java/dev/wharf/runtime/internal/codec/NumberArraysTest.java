package dev.wharf.runtime.internal.codec;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import dev.wharf.api.ValueType;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The hand-written path reads and writes exactly what Jackson does, and leaves the rest to it. */
class NumberArraysTest {

    static final List<ValueType> I32_I64 = List.of(ValueType.I32, ValueType.I64);
    final ObjectMapper json = new ObjectMapper();
    final ObjectMapper cbor = new ObjectMapper(new CBORFactory());

    static byte[] text(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void simpleJsonArraysAreReadAndTheRestIsLeftToJackson() {
        assertThat(NumberArrays.parseJson(text(" [ -5 , 4294967295 ] "), 0, I32_I64)).containsExactly(-5, 4294967295L);
        assertThat(NumberArrays.parseJson(text("[4294967295,-9]"), 0, I32_I64)).containsExactly(-1, -9);
        assertThat(NumberArrays.parseJson(text("[]"), 0, List.of())).isEmpty();
        assertThat(NumberArrays.parseJson(text("[3]"), 0, List.of(ValueType.F64)))
                .containsExactly(Double.doubleToRawLongBits(3.0));
        for (String other : List.of("[1.5,2]", "[1e3,2]", "[1]", "[1,2,3]", "[01,2]", "[4294967296,1]", "[1,2]x",
                "[1,2", "{}", "[\"1\",2]", "[1,1234567890123456789]", "[NaN,1]")) {
            assertThat(NumberArrays.parseJson(text(other), 0, I32_I64)).as(other).isNull();
        }
    }

    @Test
    void cborArraysWrittenByJacksonReadTheSame() throws Exception {
        Random r = new Random(42);
        for (int k = 0; k < 1000; k++) {
            int a = r.nextInt();
            long b = switch (k % 4) {
                case 0 -> r.nextLong();
                case 1 -> r.nextInt(1000) - 500;
                case 2 -> Long.MIN_VALUE + r.nextInt(5);
                default -> r.nextInt(70000);
            };
            byte[] bytes = cbor.writeValueAsBytes(new long[] {a, b});
            long[] got = NumberArrays.parseCbor(bytes, 0, I32_I64);
            assertThat(got).as("%d, %d", a, b).containsExactly(a, b);
        }
        assertThat(NumberArrays.parseCbor(cbor.writeValueAsBytes(new double[] {1.5, 2}), 0, I32_I64)).isNull();
    }

    @Test
    void writtenArraysReadBackWithJackson() throws Exception {
        Random r = new Random(7);
        byte[] prefix = {(byte) 0x80, 0x04};
        for (int k = 0; k < 1000; k++) {
            long[] raw = {r.nextInt(), k % 3 == 0 ? r.nextLong() : r.nextInt(300) - 150};
            byte[] j = NumberArrays.writeJson(prefix, I32_I64, raw);
            long[] fromJson = json.readValue(java.util.Arrays.copyOfRange(j, 2, j.length), long[].class);
            assertThat(fromJson).containsExactly((int) raw[0], raw[1]);
            byte[] c = NumberArrays.writeCbor(new byte[] {0x51}, I32_I64, raw);
            long[] fromCbor = cbor.readValue(java.util.Arrays.copyOfRange(c, 1, c.length), long[].class);
            assertThat(fromCbor).containsExactly((int) raw[0], raw[1]);
        }
        assertThat(NumberArrays.writeJson(prefix, List.of(ValueType.F32), new long[] {0})).isNull();
    }
}
