package dev.wharf.runtime.internal.guest.component;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.wharf.api.Codec;
import dev.wharf.api.InvalidArgumentsException;
import dev.wharf.api.UnknownCodecException;
import dev.wharf.runtime.internal.component.WitType;
import dev.wharf.runtime.internal.component.WitType.Case;
import dev.wharf.runtime.internal.component.WitType.Field;
import dev.wharf.runtime.internal.component.WitType.Param;
import dev.wharf.runtime.internal.component.WitType.Primitive;
import dev.wharf.runtime.internal.component.WitValue;
import java.util.Arrays;
import java.util.List;

/**
 * The arguments of an Invoke of a component function in JSON or CBOR ({@link CodecValues}): the
 * first input byte chooses one of a few functions, the rest is the payload with its multicodec
 * prefix. The router reports only {@link UnknownCodecException} and
 * {@link InvalidArgumentsException} naming a parameter of the function (or 0); nothing else may
 * escape, and nesting deeper than the types is refused, never a stack overflow. Values that are
 * read, written back as results in the same codec, read back the same.
 */
class JsonValuesFuzzTest {

    private static final CodecValues VALUES = new CodecValues();

    private static final WitType SHAPE = new WitType.VariantType(List.of(new Case("circle", Primitive.F64),
            new Case("rect", new WitType.RecordType(List.of(new Field("w", Primitive.F32), new Field("h", Primitive.F32)))),
            new Case("none", null)));

    private static final List<List<Param>> FUNCTIONS = List.of(
            List.of(),
            List.of(new Param("a", Primitive.S32), new Param("b", Primitive.S32)),
            List.of(new Param("shape", SHAPE), new Param("scale", Primitive.F64)),
            List.of(new Param("key", Primitive.STRING),
                    new Param("limit", new WitType.OptionType(new WitType.OptionType(Primitive.U8))),
                    new Param("tags", new WitType.ListType(new WitType.OptionType(Primitive.STRING)))),
            List.of(new Param("data", new WitType.ListType(Primitive.U8)),
                    new Param("outcome", new WitType.ResultType(Primitive.U64, Primitive.STRING)),
                    new Param("perms", new WitType.FlagsType(List.of("read", "write", "exec"))),
                    new Param("pair", new WitType.TupleType(List.of(Primitive.CHAR,
                            new WitType.EnumType(List.of("ok", "not-found"))))),
                    new Param("done", Primitive.BOOL), new Param("wide", Primitive.S64)),
            List.of(new Param("grid", new WitType.ListType(new WitType.ListType(new WitType.ResultType(null,
                    new WitType.ListType(Primitive.F32)))))));

    @FuzzTest
    void arguments(byte[] input) {
        if (input.length == 0) {
            return;
        }
        List<Param> params = FUNCTIONS.get((input[0] & 0xFF) % FUNCTIONS.size());
        byte[] payload = Arrays.copyOfRange(input, 1, input.length);
        List<WitValue> values;
        try {
            values = VALUES.arguments(payload, "fuzzed", params);
        } catch (UnknownCodecException refused) {
            assertThat(refused.getMessage()).isNotBlank();
            return;
        } catch (InvalidArgumentsException refused) {
            assertThat(refused.getMessage()).isNotBlank();
            assertThat(refused.parameter()).as(refused.getMessage()).isBetween(0, params.size());
            return;
        }
        assertThat(values).hasSize(params.size());
        Codec codec = Codec.of(payload);
        byte[] again = VALUES.results(codec, params, values);
        assertThat(VALUES.arguments(again, "fuzzed", params)).as("read back in %s", codec).isEqualTo(values);
    }
}
