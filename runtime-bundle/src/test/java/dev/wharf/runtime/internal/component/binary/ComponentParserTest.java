package dev.wharf.runtime.internal.component.binary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wharf.runtime.internal.component.WitType;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The binary format, on components encoded here section by section (the text of each is in its
 * comment): what they define, and every malformation refused with a clear error, never anything
 * else.
 */
class ComponentParserTest {

    /** {@code (module (func (export "add") (param i32 i32) (result i32) local.get 0 local.get 1 i32.add))}. */
    static final byte[] CORE_ADD = {0, 'a', 's', 'm', 1, 0, 0, 0,
        1, 7, 1, 0x60, 2, 0x7f, 0x7f, 1, 0x7f,
        3, 2, 1, 0,
        7, 7, 1, 3, 'a', 'd', 'd', 0, 0,
        10, 9, 1, 7, 0, 0x20, 0, 0x20, 1, 0x6a, 0x0b};

    /**
     * <pre>
     * (component
     *   (core module $m ...CORE_ADD...)
     *   (core instance $i (instantiate $m))
     *   (type $point (record (field "x" f64) (field "y" f64)))
     *   (type $add (func (param "a" s32) (param "b" s32) (result s32)))
     *   (alias core export $i "add" (core func))
     *   (func (type $add) (canon lift (core func 0)))
     *   (export "add" (func 0))
     *   (export "point" (type $point)))
     * </pre>
     */
    static byte[] addComponent(int liftedType) {
        return component(
                section(1, CORE_ADD),
                section(2, bytes(1, 0x00, 0, 0)),
                section(7, bytes(2, 0x72, 2, name("x"), 0x75, name("y"), 0x75,
                        0x40, 2, name("a"), 0x7a, name("b"), 0x7a, 0x00, 0x7a)),
                section(6, bytes(1, 0x00, 0x00, 0x01, 0, name("add"))),
                section(8, bytes(1, 0x00, 0x00, 0, 0, liftedType)),
                section(11, bytes(2, 0x00, name("add"), 0x01, 0, 0x00, 0x00, name("point"), 0x03, 0, 0x00)));
    }

    @Test
    void aComponentDefinesItsCoreModuleInstanceTypesLiftAndExports() {
        Ast.Component c = ComponentParser.parse(addComponent(1));
        assertThat(c.definitions()).hasSize(8);
        assertThat(c.definitions().get(0)).isInstanceOfSatisfying(Ast.CoreModule.class,
                m -> assertThat(m.bytes()).isEqualTo(CORE_ADD));
        assertThat(c.definitions().get(5)).isEqualTo(new Ast.Canon(new Ast.Lift(0,
                new Ast.CanonOptions(dev.wharf.runtime.internal.component.StringEncoding.UTF8, -1, -1, -1), 1)));
    }

    @Test
    void theWorldHasTheExportsWithTheirTypesResolved() {
        ComponentWorld world = ComponentWorld.of(ComponentParser.parse(addComponent(1)));
        assertThat(world.imports()).isEmpty();
        assertThat(world.exports().get("add")).isEqualTo(new WitType.FuncType(
                List.of(new WitType.Param("a", WitType.Primitive.S32), new WitType.Param("b", WitType.Primitive.S32)),
                List.of(new WitType.Param("", WitType.Primitive.S32))));
        assertThat(world.exports().get("point")).isEqualTo(new WitType.RecordType(List.of(
                new WitType.Field("x", WitType.Primitive.F64), new WitType.Field("y", WitType.Primitive.F64))));
    }

    @Test
    void anIndexOutOfRangeOrOfTheWrongKindIsNamed() {
        assertThatThrownBy(() -> ComponentWorld.of(ComponentParser.parse(addComponent(9))))
                .isInstanceOf(MalformedComponentException.class).hasMessageContaining("type index 9 out of range");
        assertThatThrownBy(() -> ComponentWorld.of(ComponentParser.parse(addComponent(0))))
                .isInstanceOf(MalformedComponentException.class).hasMessageContaining("type 0 is not a function type");
    }

    @Test
    void everyTruncationIsMalformedButAtTheEndOfASection() {
        byte[] whole = addComponent(1);
        int wellFormed = 0;
        for (int n = 0; n < whole.length; n++) {
            try {
                ComponentParser.parse(java.util.Arrays.copyOf(whole, n));
                wellFormed++; // cut right after the preamble or after a whole section: a shorter component
            } catch (MalformedComponentException expected) {
                // refused with a message
            }
        }
        assertThat(wellFormed).as("the preamble and the first five of six sections").isEqualTo(6);
    }

    @Test
    void everyByteMutationIsRefusedWithAMalformedErrorOrParses() {
        byte[] whole = addComponent(1);
        for (int i = 8; i < whole.length; i++) {
            for (int v : new int[] {0x00, 0x7f, 0x80, 0xff}) {
                byte[] bad = whole.clone();
                bad[i] = (byte) v;
                try {
                    ComponentWorld.of(ComponentParser.parse(bad));
                } catch (MalformedComponentException expected) {
                    // refused with a message
                }
            }
        }
    }

    @Test
    void lyingLengthsUnknownSectionsAndGatedFeaturesAreNamed() {
        assertThatThrownBy(() -> ComponentParser.parse(component(bytes(7, 100, 1))))
                .hasMessageContaining("runs past the end");
        assertThatThrownBy(() -> ComponentParser.parse(component(section(13, bytes(0)))))
                .hasMessageContaining("unknown section 13");
        assertThatThrownBy(() -> ComponentParser.parse(component(section(7, bytes(0x7fffffff)))))
                .isInstanceOf(MalformedComponentException.class);
        assertThatThrownBy(() -> ComponentParser.parse(component(section(7, bytes(1, 0x43, 0, 0x01, 0x00)))))
                .hasMessageContaining("async function types are not supported");
        assertThatThrownBy(() -> ComponentParser.parse(component(section(9, bytes(0, 0, 0)))))
                .hasMessageContaining("start functions");
        assertThatThrownBy(() -> ComponentParser.parse(new byte[] {0, 'a', 's', 'm', 1, 0, 0, 0}))
                .hasMessageContaining("not a component of binary version 0x0d");
        assertThatThrownBy(() -> ComponentParser.parse(component(section(7, bytes(1, 0x6e, 33,
                name("a"), name("b"), name("c"), name("d"), name("e"), name("f"), name("g"), name("h"), name("i"),
                name("j"), name("k"), name("l"), name("m"), name("n"), name("o"), name("p"), name("q"), name("r"),
                name("s"), name("t"), name("u"), name("v"), name("w"), name("x"), name("y"), name("z"), name("A"),
                name("B"), name("C"), name("D"), name("E"), name("F"), name("G"))))))
                .hasMessageContaining("flags of 33 names");
    }

    @Test
    void componentsNestedTooDeepAreRefusedNotRecursedWithoutBound() {
        byte[] inner = component();
        for (int i = 0; i < ComponentParser.MAX_DEPTH + 2; i++) {
            inner = component(section(4, inner));
        }
        byte[] deep = inner;
        assertThatThrownBy(() -> ComponentParser.parse(deep)).hasMessageContaining("nested more than");
    }

    // ---- a small encoder -----------------------------------------------------------------------

    static byte[] component(byte[]... sections) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {0, 'a', 's', 'm', 0x0d, 0, 1, 0});
        for (byte[] s : sections) {
            out.writeBytes(s);
        }
        return out.toByteArray();
    }

    static byte[] section(int id, byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(id);
        out.writeBytes(leb(content.length));
        out.writeBytes(content);
        return out.toByteArray();
    }

    /** Bytes from ints (each one byte, LEB-encoded when above 0x7f and not a byte[]) and byte arrays. */
    static byte[] bytes(Object... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Object p : parts) {
            if (p instanceof byte[] b) {
                out.writeBytes(b);
            } else {
                int v = (Integer) p;
                out.writeBytes(v > 0xff ? leb(v) : new byte[] {(byte) v});
            }
        }
        return out.toByteArray();
    }

    static byte[] name(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        return bytes(leb(b.length), b);
    }

    static byte[] leb(int value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long v = Integer.toUnsignedLong(value);
        do {
            int b = (int) (v & 0x7f);
            v >>>= 7;
            out.write(v != 0 ? b | 0x80 : b);
        } while (v != 0);
        return out.toByteArray();
    }
}
