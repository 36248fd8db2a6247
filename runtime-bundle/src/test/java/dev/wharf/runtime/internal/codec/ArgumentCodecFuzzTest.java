package dev.wharf.runtime.internal.codec;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.wharf.api.Codec;
import dev.wharf.api.ExportSignature;
import dev.wharf.api.InvalidArgumentsException;
import dev.wharf.api.UnknownCodecException;
import dev.wharf.api.ValueType;
import java.util.Arrays;
import java.util.List;

/**
 * The arguments of an Invoke of a core module's export: the first input byte chooses one of a few
 * signatures, the rest is the payload with its multicodec prefix. The router reports only
 * {@link UnknownCodecException} (the prefix) and {@link InvalidArgumentsException} (the values,
 * naming a parameter of the signature or 0); nothing else may escape. What decodes, encoded again
 * in the same codec, decodes to the same raw values (a NaN to a NaN: JSON names it, so its payload
 * bits are not kept), and in Borsh to the same bytes.
 */
class ArgumentCodecFuzzTest {

    private static final ArgumentCodec CODEC = new ArgumentCodec();

    private static final List<ExportSignature> SIGNATURES = List.of(
            new ExportSignature("run", List.of(), List.of()),
            new ExportSignature("add", List.of(ValueType.I32, ValueType.I32), List.of(ValueType.I32)),
            new ExportSignature("wide", List.of(ValueType.I64), List.of(ValueType.I64)),
            new ExportSignature("scale", List.of(ValueType.F32, ValueType.F64), List.of(ValueType.F64)),
            new ExportSignature("mix", List.of(ValueType.I32, ValueType.I64, ValueType.F32, ValueType.F64),
                    List.of()));

    @FuzzTest
    void decode(byte[] input) {
        if (input.length == 0) {
            return;
        }
        ExportSignature signature = SIGNATURES.get((input[0] & 0xFF) % SIGNATURES.size());
        byte[] payload = Arrays.copyOfRange(input, 1, input.length);
        Codec codec;
        try {
            codec = Codec.of(payload);
        } catch (UnknownCodecException refused) {
            assertThat(refused.getMessage()).isNotBlank();
            return;
        }
        long[] raw;
        try {
            raw = CODEC.decode(payload, codec, signature);
        } catch (InvalidArgumentsException refused) {
            assertThat(refused.getMessage()).isNotBlank();
            assertThat(refused.parameter()).isBetween(0, signature.params().size());
            return;
        }
        assertThat(raw).hasSize(signature.params().size());
        // the arguments as results of a function returning them, encoded the way results go back
        ExportSignature echo = new ExportSignature("echo", List.of(), signature.params());
        byte[] again = CODEC.encode(codec, echo, raw);
        long[] back = CODEC.decode(again, codec, signature);
        if (codec == Codec.BORSH) {
            // Borsh is the bytes themselves: every bit comes back, a NaN's payload too
            assertThat(Arrays.copyOfRange(again, codec.prefixLength(), again.length))
                    .isEqualTo(Arrays.copyOfRange(payload, codec.prefixLength(), payload.length));
        }
        for (int i = 0; i < raw.length; i++) {
            assertThat(canonical(signature.params().get(i), back[i]))
                    .as("parameter %d of %s after a round trip in %s", i + 1, signature, codec)
                    .isEqualTo(canonical(signature.params().get(i), raw[i]));
        }
    }

    /** {@code raw} with every NaN of a float type as one value, and an i32 as its 32 bits. */
    private static long canonical(ValueType type, long raw) {
        switch (type) {
            case I32: return (int) raw;
            case I64: return raw;
            case F32: return Float.isNaN(Float.intBitsToFloat((int) raw)) ? -1 : raw & 0xFFFF_FFFFL;
            default: return Double.isNaN(Double.longBitsToDouble(raw)) ? -1 : raw;
        }
    }
}
