package dev.wharf.runtime.internal.component.binary;

import static dev.wharf.runtime.internal.component.binary.ComponentParserTest.bytes;
import static dev.wharf.runtime.internal.component.binary.ComponentParserTest.leb;
import static dev.wharf.runtime.internal.component.binary.ComponentParserTest.name;
import static dev.wharf.runtime.internal.component.binary.ComponentParserTest.section;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Malformed components derived from the real test components (built by jco's wasm-tools):
 * truncated at every section boundary and at every offset, section lengths that lie, indices out
 * of range, discriminants no encoding has, a wrong preamble, vectors that claim billions of
 * elements. Each is refused with a {@link MalformedComponentException} that says what is wrong
 * and where (an offset, or the definition), never another exception.
 */
class MalformedComponentTest {

    static final List<String> COMPONENTS = List.of("echo", "values", "counter", "hello-c", "liar");

    /** Parses and resolves {@code bytes}: fine, or refused with a message that says where. */
    static boolean loads(byte[] bytes) {
        try {
            ComponentWorld.of(ComponentParser.parse(bytes));
            return true;
        } catch (MalformedComponentException e) {
            assertThat(e.getMessage()).matches("(?s).*(offset \\d+|definition \\d+).*");
            return false;
        } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
            throw new AssertionError("not a MalformedComponentException: " + e, e);
        }
    }

    static MalformedComponentException refused(byte[] bytes) {
        try {
            ComponentWorld.of(ComponentParser.parse(bytes));
        } catch (MalformedComponentException e) {
            return e;
        }
        return fail("accepted");
    }

    /** A top-level section: where its id is, where its content starts, and its length. */
    record Section(int id, int at, int content, int length) {}

    static List<Section> sections(byte[] c) {
        List<Section> out = new ArrayList<>();
        int p = 8;
        while (p < c.length) {
            int length = 0;
            int q = p + 1;
            for (int shift = 0; ; shift += 7) {
                int b = c[q++] & 0xFF;
                length |= (b & 0x7F) << shift;
                if ((b & 0x80) == 0) {
                    break;
                }
            }
            out.add(new Section(c[p] & 0xFF, p, q, length));
            p = q + length;
        }
        return out;
    }

    /** {@code c} with section {@code s}'s length encoded as {@code lengthBytes}. */
    static byte[] withLength(byte[] c, Section s, byte[] lengthBytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(c, 0, s.at() + 1);
        out.writeBytes(lengthBytes);
        out.write(c, s.content(), c.length - s.content());
        return out.toByteArray();
    }

    static byte[] append(byte[] c, byte[]... sections) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(c);
        Arrays.stream(sections).forEach(out::writeBytes);
        return out.toByteArray();
    }

    static byte[] component(String name) {
        return ComponentWorldTest.component(name);
    }

    @ParameterizedTest
    @ValueSource(strings = {"echo", "values", "counter", "hello-c", "liar"})
    void truncatedAtASectionBoundaryItIsAShorterComponentOrRefusedAndInsideOneRefused(String name) {
        byte[] whole = component(name);
        for (Section s : sections(whole)) {
            loads(Arrays.copyOf(whole, s.at()));
            assertThat(refused(Arrays.copyOf(whole, s.at() + 1))).hasMessageContaining("unexpected end of input at offset "
                    + (s.at() + 1));
            assertThat(refused(Arrays.copyOf(whole, s.content() + Math.min(1, s.length() - 1))))
                    .as("section %d at %d cut after its length", s.id(), s.at())
                    .hasMessageMatching(".*(runs past the end|unexpected end of input).*");
        }
        int step = whole.length > 10_000 ? 7 : 1;
        for (int n = 0; n < whole.length; n += step) {
            loads(Arrays.copyOf(whole, n));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"echo", "values", "counter", "hello-c", "liar"})
    void sectionLengthsThatLieAreRefused(String name) {
        byte[] whole = component(name);
        for (Section s : sections(whole)) {
            loads(withLength(whole, s, leb(s.length() + 1)));
            if (s.length() > 0) {
                loads(withLength(whole, s, leb(s.length() - 1)));
            }
            assertThat(refused(withLength(whole, s, leb(-1)))).hasMessageContaining("length 4294967295")
                    .hasMessageContaining("at offset " + (s.at() + 1));
            assertThat(refused(withLength(whole, s, leb(whole.length)))).hasMessageContaining("runs past the end");
            assertThat(refused(withLength(whole, s, bytes(0x80, 0x80, 0x80, 0x80, 0x80, 0x00))))
                    .hasMessageContaining("u32 longer than 5 bytes");
            assertThat(refused(withLength(whole, s, bytes(0x80, 0x80, 0x80, 0x80, 0x70))))
                    .hasMessageContaining("u32 out of range");
        }
    }

    @Test
    void aWrongPreambleIsNamed() {
        byte[] echo = component("echo");
        byte[] core = echo.clone();
        core[4] = 1;
        core[6] = 0;
        assertThat(refused(core)).hasMessageContaining("not a component of binary version 0x0d (layer 1)")
                .hasMessageContaining("version 1, layer 0");
        byte[] version = echo.clone();
        version[4] = 0x0c;
        assertThat(refused(version)).hasMessageContaining("version 12, layer 1");
        byte[] magic = echo.clone();
        magic[1] = 'b';
        assertThat(refused(magic)).hasMessageContaining("not a WebAssembly binary (no \\0asm) at offset 0");
        assertThat(refused(Arrays.copyOf(echo, 5))).hasMessageContaining("8 bytes run past the end at offset 0");
        assertThat(refused(new byte[0])).hasMessageContaining("at offset 0");
    }

    @Test
    void indicesOutOfRangeOrOfTheWrongKindAreNamedWithTheirDefinition() {
        byte[] echo = component("echo");
        byte[] values = component("values");
        assertThat(refused(append(echo, section(11, bytes(1, 0, name("bad"), 0x01, leb(999), 0)))))
                .hasMessageMatching("definition \\d+ \\(export\\): func index 999 out of range \\(2\\)");
        assertThat(refused(append(echo, section(11, bytes(1, 0, name("bad"), 0x03, leb(999), 0)))))
                .hasMessageContaining("type index 999 out of range");
        assertThat(refused(append(echo, section(11, bytes(1, 0, name("bad"), 0x05, 9, 0)))))
                .hasMessageContaining("instance index 9 out of range (0)");
        assertThat(refused(append(echo, section(2, bytes(1, 0x00, 99, 0)))))
                .hasMessageContaining("(core instance): core module index 99 out of range (1)");
        assertThat(refused(append(echo, section(2, bytes(1, 0x00, 0, 1, name("x"), 0x12, 7)))))
                .hasMessageContaining("core instance index 7 out of range (1)");
        assertThat(refused(append(echo, section(8, bytes(1, 0x00, 0x00, leb(999), 0, 0)))))
                .hasMessageContaining("(canon lift): core func index 999 out of range (3)");
        assertThat(refused(append(echo, section(8, bytes(1, 0x00, 0x00, 0, 1, 0x03, 9, 0)))))
                .hasMessageContaining("core memory index 9 out of range (1)");
        assertThat(refused(append(echo, section(8, bytes(1, 0x01, 0x00, 5, 0)))))
                .hasMessageContaining("(canon lower): func index 5 out of range (2)");
        assertThat(refused(append(echo, section(8, bytes(1, 0x02, 0)))))
                .hasMessageContaining("type 0 is not a resource type");
        assertThat(refused(append(echo, section(7, bytes(1, 0x69, 0)))))
                .hasMessageContaining("type 0 is not a resource type");
        assertThat(refused(append(echo, section(6, bytes(1, 0x00, 0x00, 0x01, 0, name("nope"))))))
                .hasMessageContaining("(alias): core instance 0 exports no core func named 'nope'");
        assertThat(refused(append(echo, section(6, bytes(1, 0x00, 0x00, 0x01, 0, name("memory"))))))
                .hasMessageContaining("exports no core func named 'memory' (it is a core memory)");
        assertThat(refused(append(echo, section(6, bytes(1, 0x00, 0x00, 0x01, 4, name("echo"))))))
                .hasMessageContaining("core instance index 4 out of range");
        assertThat(refused(append(values, section(6, bytes(1, 0x01, 0x00, 0, name("nope"))))))
                .hasMessageContaining("instance 0 exports nothing named 'nope'");
        assertThat(refused(append(echo, section(6, bytes(1, 0x01, 0x00, 3, name("f"))))))
                .hasMessageContaining("instance index 3 out of range");
        assertThat(refused(append(echo, section(6, bytes(1, 0x03, 0x02, 1, 0))))).hasMessageContaining("outer alias of 1");
    }

    @Test
    void discriminantsNoEncodingHasAreNamedWithTheirOffset() {
        byte[] echo = component("echo");
        int end = echo.length;
        assertThat(refused(append(echo, section(11, bytes(1, 0, name("x"), 0x06, 0, 0)))))
                .hasMessageContaining("unknown sort 0x6 at offset " + (end + 6));
        assertThat(refused(append(echo, section(6, bytes(1, 0x00, 0x05, 0x01, 0, name("x"))))))
                .hasMessageContaining("unknown core sort 0x5");
        assertThat(refused(append(echo, section(6, bytes(1, 0x01, 0x03))))).hasMessageContaining("unknown alias 0x3");
        assertThat(refused(append(echo, section(7, bytes(1, 0x50))))).hasMessageContaining("unknown type 0x50");
        assertThat(refused(append(echo, section(7, bytes(1, 0x43))))).hasMessageContaining("async function types");
        assertThat(refused(append(echo, section(10, bytes(1, 0, name("x"), 0x06, 0)))))
                .hasMessageContaining("unknown extern type 0x6");
        assertThat(refused(append(echo, section(10, bytes(1, 0x03, name("x"), 0x01, 0)))))
                .hasMessageContaining("unknown name form 0x3");
        assertThat(refused(append(echo, section(8, bytes(1, 0x09))))).hasMessageContaining("canonical built-in 0x9");
        assertThat(refused(append(echo, section(8, bytes(1, 0x00, 0x00, 0, 1, 0x09, 0, 0)))))
                .hasMessageContaining("unknown canonical option 0x9");
        assertThat(refused(append(echo, section(8, bytes(1, 0x00, 0x00, 0, 2, 0x03, 0, 0x03, 0, 0)))))
                .hasMessageContaining("option memory given twice");
        assertThat(refused(append(echo, section(2, bytes(1, 0x02))))).hasMessageContaining("unknown core instance 0x2");
        assertThat(refused(append(echo, section(5, bytes(1, 0x02))))).hasMessageContaining("unknown instance 0x2");
        assertThat(refused(append(echo, section(11, bytes(1, 0, name("x"), 0x01, 0, 0x02)))))
                .hasMessageContaining("expected 0x00 or 0x01 for an optional, got 0x2");
        assertThat(refused(append(echo, section(7, bytes(1, 0x71, 1, name("a"), 0, 0x05)))))
                .hasMessageContaining("a variant case must end with 0x00");
        assertThat(refused(append(echo, section(13, bytes(0))))).hasMessageContaining("unknown section 13 at offset");
        assertThat(refused(append(echo, section(11, bytes(1, 0, bytes(2, 0xC3, 0x28), 0x01, 0, 0)))))
                .hasMessageContaining("is not UTF-8");
    }

    @Test
    void vectorsThatClaimBillionsOfElementsFailFastWithoutAllocating() {
        byte[] echo = component("echo");
        byte[] huge = leb(-1);
        byte[] large = leb(Integer.MAX_VALUE);
        Assertions.assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
            for (int id : new int[] {2, 3, 5, 6, 7, 8, 10, 11}) {
                assertThat(refused(append(echo, section(id, bytes(huge, 0, 0))))).as("section " + id)
                        .hasMessageContaining("vector of 4294967295 elements in 2 bytes");
                assertThat(refused(append(echo, section(id, bytes(large, 0, 0))))).as("section " + id)
                        .hasMessageContaining("vector of 2147483647 elements in 2 bytes");
            }
            assertThat(refused(append(echo, section(7, bytes(1, 0x72, large, name("x"), 0x7f)))))
                    .hasMessageContaining("vector of 2147483647 elements");
            assertThat(refused(append(echo, section(7, bytes(1, 0x41, large, 0)))))
                    .hasMessageContaining("vector of 2147483647 elements");
            assertThat(refused(append(echo, section(8, bytes(1, 0x00, 0x00, 0, large, 0)))))
                    .hasMessageContaining("unexpected end of input");
            assertThat(refused(append(echo, section(11, bytes(1, 0, large, 0x61)))))
                    .hasMessageContaining("runs past the end");
        });
    }

    @Test
    void componentsNestedDeeplyAreRefusedWithoutOverflowingTheStack() {
        byte[] inner = component("echo");
        for (int i = 0; i <= ComponentParser.MAX_DEPTH; i++) {
            inner = ComponentParserTest.component(section(4, inner));
        }
        assertThat(refused(inner)).hasMessageContaining("nested more than " + ComponentParser.MAX_DEPTH);
        byte[] types = ComponentParserTest.component(section(7, bytes(1, nestedInstanceTypes(10_000))));
        assertThat(loads(types)).isFalse();
    }

    /** An instance type declaring an instance type declaring ... {@code depth} deep. */
    private static byte[] nestedInstanceTypes(int depth) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < depth; i++) {
            out.writeBytes(bytes(0x42, 1, 0x01));
        }
        out.writeBytes(bytes(0x7f));
        return out.toByteArray();
    }
}
