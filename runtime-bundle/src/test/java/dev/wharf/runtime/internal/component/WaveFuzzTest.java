package dev.wharf.runtime.internal.component;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.wharf.runtime.internal.component.WitType.Case;
import dev.wharf.runtime.internal.component.WitType.Field;
import dev.wharf.runtime.internal.component.WitType.Primitive;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The WAVE text of a component's Invoke argument ({@code wasm:invoke} of a component): the first
 * input byte chooses one of a few WIT types, the rest is the text. It is a value of that type or
 * refused with {@link WaveException} naming a position inside the text (the guest reports it as
 * the argument's error); nothing else is thrown, the deepest type is as deep as the parser goes
 * however deep the text nests, and a value written back by {@link WaveWriter} parses to the same
 * value and is written the same again.
 */
class WaveFuzzTest {

    private static final WitType DEEP = deep(Primitive.U8, 12);

    private static final List<WitType> TYPES = List.of(
            WaveTypes.POINT,
            WaveTypes.RESPONSE,
            WaveTypes.list(Primitive.STRING),
            WaveTypes.option(WaveTypes.result(Primitive.U32, Primitive.STRING)),
            WaveTypes.PERMS,
            WaveTypes.tuple(Primitive.CHAR, Primitive.S64, Primitive.F32, Primitive.BOOL),
            new WitType.RecordType(List.of(new Field("status", WaveTypes.STATUS),
                    new Field("tags", WaveTypes.option(WaveTypes.list(WaveTypes.option(Primitive.STRING)))),
                    new Field("size", Primitive.U64), new Field("ratio", Primitive.F64))),
            new WitType.VariantType(List.of(new Case("none", null), new Case("pair",
                    WaveTypes.tuple(Primitive.S8, WaveTypes.result(null, Primitive.CHAR))), new Case("perms", WaveTypes.PERMS))),
            DEEP);

    @FuzzTest
    void parse(byte[] input) {
        if (input.length == 0) {
            return;
        }
        WitType type = TYPES.get((input[0] & 0xFF) % TYPES.size());
        String text = new String(input, 1, input.length - 1, StandardCharsets.UTF_8);
        WitValue value;
        try {
            value = WaveParser.parse(type, text);
        } catch (WaveException refused) {
            assertThat(refused.getMessage()).isNotBlank();
            assertThat(refused.position()).as(refused.getMessage()).isBetween(0, text.length());
            return;
        }
        String written = WaveWriter.write(type, value);
        assertThat(WaveParser.parse(type, written)).as("%s read from %s", written, text).isEqualTo(value);
        assertThat(WaveWriter.write(type, WaveParser.parse(type, written))).isEqualTo(written);
    }

    /** {@code list<option<...>>} nested {@code levels} deep around {@code element}. */
    private static WitType deep(WitType element, int levels) {
        WitType type = element;
        for (int i = 0; i < levels; i++) {
            type = i % 2 == 0 ? WaveTypes.list(type) : WaveTypes.option(type);
        }
        return type;
    }
}
