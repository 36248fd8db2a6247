package dev.wharf.runtime.internal.component;

import static dev.wharf.runtime.internal.component.CanonicalFixtures.cas;
import static dev.wharf.runtime.internal.component.CanonicalFixtures.ch;
import static dev.wharf.runtime.internal.component.CanonicalFixtures.enumOf;
import static dev.wharf.runtime.internal.component.CanonicalFixtures.err;
import static dev.wharf.runtime.internal.component.CanonicalFixtures.flags;
import static dev.wharf.runtime.internal.component.CanonicalFixtures.i;
import static dev.wharf.runtime.internal.component.CanonicalFixtures.list;
import static dev.wharf.runtime.internal.component.CanonicalFixtures.listOf;
import static dev.wharf.runtime.internal.component.CanonicalFixtures.ok;
import static dev.wharf.runtime.internal.component.CanonicalFixtures.option;
import static dev.wharf.runtime.internal.component.CanonicalFixtures.rec;
import static dev.wharf.runtime.internal.component.CanonicalFixtures.record;
import static dev.wharf.runtime.internal.component.CanonicalFixtures.result;
import static dev.wharf.runtime.internal.component.CanonicalFixtures.some;
import static dev.wharf.runtime.internal.component.CanonicalFixtures.str;
import static dev.wharf.runtime.internal.component.CanonicalFixtures.tup;
import static dev.wharf.runtime.internal.component.CanonicalFixtures.tuple;
import static dev.wharf.runtime.internal.component.CanonicalFixtures.variant;
import static dev.wharf.runtime.internal.component.WitType.Primitive.BOOL;
import static dev.wharf.runtime.internal.component.WitType.Primitive.CHAR;
import static dev.wharf.runtime.internal.component.WitType.Primitive.F32;
import static dev.wharf.runtime.internal.component.WitType.Primitive.F64;
import static dev.wharf.runtime.internal.component.WitType.Primitive.S16;
import static dev.wharf.runtime.internal.component.WitType.Primitive.S32;
import static dev.wharf.runtime.internal.component.WitType.Primitive.S64;
import static dev.wharf.runtime.internal.component.WitType.Primitive.S8;
import static dev.wharf.runtime.internal.component.WitType.Primitive.STRING;
import static dev.wharf.runtime.internal.component.WitType.Primitive.U16;
import static dev.wharf.runtime.internal.component.WitType.Primitive.U32;
import static dev.wharf.runtime.internal.component.WitType.Primitive.U64;
import static dev.wharf.runtime.internal.component.WitType.Primitive.U8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wharf.runtime.internal.component.WitValue.Bool;
import dev.wharf.runtime.internal.component.WitValue.EnumValue;
import dev.wharf.runtime.internal.component.WitValue.FlagsValue;
import dev.wharf.runtime.internal.component.WitValue.OptionValue;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * {@code store} then {@code load}, and {@code lower_flat} then {@code lift_flat}, of every kind
 * of type, nested ones included, in each string encoding; and the exact bytes and flat values of
 * a few lowerings, as the spec's {@code definitions.py} produced them into its test heap.
 */
class CanonicalMemoryTest {

    static Stream<Arguments> values() {
        WitType entry = record(STRING, option(U64));
        return Stream.of(
                Arguments.of(BOOL, new Bool(true)),
                Arguments.of(S8, i(-128)), Arguments.of(U8, i(255)),
                Arguments.of(S16, i(-32768)), Arguments.of(U16, i(65535)),
                Arguments.of(S32, i(Integer.MIN_VALUE)), Arguments.of(U32, i(0xFFFF_FFFFL)),
                Arguments.of(S64, i(Long.MIN_VALUE)), Arguments.of(U64, i(-1)),
                Arguments.of(F32, new WitValue.F32(-1.25f)), Arguments.of(F64, new WitValue.F64(Math.PI)),
                Arguments.of(CHAR, ch(0x1F600)),
                Arguments.of(STRING, str("")), Arguments.of(STRING, str("añ€😀")),
                Arguments.of(list(U16), listOf(i(1), i(2), i(65535))),
                Arguments.of(list(STRING), listOf(str("hello there"))),
                Arguments.of(list(list(STRING)), listOf(listOf(str("one"), str("two")), listOf(str("three")), listOf())),
                Arguments.of(record(U8, U64, U8), rec(i(1), i(2), i(3))),
                Arguments.of(tuple(U8, STRING, F64), tup(i(7), str("ß"), new WitValue.F64(0.5))),
                Arguments.of(variant(U8, F32, null), cas(1, new WitValue.F32(2.5f))),
                Arguments.of(variant(U8, F32, null), cas(2, null)),
                Arguments.of(variant(tuple(F32, U32), tuple(U64, F64), STRING), cas(2, str("x€"))),
                Arguments.of(enumOf(300), new EnumValue(299)),
                Arguments.of(option(option(U8)), some(OptionValue.NONE)),
                Arguments.of(option(option(U8)), some(some(i(9)))),
                Arguments.of(option(STRING), OptionValue.NONE),
                Arguments.of(result(U8, U32), err(i(1000))),
                Arguments.of(result(null, STRING), ok(null)),
                Arguments.of(result(null, STRING), err(str("bad"))),
                Arguments.of(result(null, null), err(null)),
                Arguments.of(flags(9), new FlagsValue(0x101)),
                Arguments.of(flags(32), new FlagsValue(0x8000_0001L)),
                Arguments.of(list(option(tuple(STRING, U16))), listOf(some(tup(str("answer"), i(42))), OptionValue.NONE)),
                Arguments.of(list(entry), listOf(rec(str("hi"), some(i(7))), rec(str("é€"), OptionValue.NONE))),
                Arguments.of(record(U8, variant(U8, U64), CHAR), rec(i(1), cas(1, i(1L << 40)), ch('z'))),
                Arguments.of(list(result(list(U8), variant(STRING, list(CHAR)))),
                        listOf(ok(listOf(i(1))), err(cas(1, listOf(ch('a'), ch(0x10FFFF)))), err(cas(0, str("e"))))));
    }

    @ParameterizedTest(name = "{0} = {1}")
    @MethodSource("values")
    void storeThenLoad(WitType t, WitValue v) {
        for (StringEncoding encoding : StringEncoding.values()) {
            TestHeap heap = new TestHeap(1024);
            CanonicalContext cx = heap.context(encoding);
            long ptr = heap.realloc(0, 0, CanonicalLayout.alignment(t), CanonicalLayout.elemSize(t));
            CanonicalStore.store(cx, v, t, ptr);
            assertThat(CanonicalLoad.load(cx, ptr, t)).as("%s", encoding).isEqualTo(v);
        }
    }

    @ParameterizedTest(name = "{0} = {1}")
    @MethodSource("values")
    void lowerThenLift(WitType t, WitValue v) {
        for (StringEncoding encoding : StringEncoding.values()) {
            CanonicalContext cx = new TestHeap(1024).context(encoding);
            long[] flat = CanonicalFlatLower.lowerFlat(cx, v, t);
            assertThat(flat).hasSize(CanonicalLayout.flattenType(t).size());
            FlatReader vi = new FlatReader(flat);
            assertThat(CanonicalFlatLift.liftFlat(cx, vi, t)).as("%s", encoding).isEqualTo(v);
            assertThat(vi.done()).isTrue();
        }
    }

    // Golden images: definitions.lower_flat into run_tests.Heap(256), strings from a UTF-8 source (mk_str)

    @ParameterizedTest
    @EnumSource(StringEncoding.class)
    void listOfRecordsMatchesTheSpec(StringEncoding encoding) {
        TestHeap heap = new TestHeap(256);
        CanonicalContext cx = heap.context(encoding).withHostStrings(StringEncoding.UTF8);
        WitValue v = listOf(rec(str("hi"), some(i(7))), rec(str("é€"), OptionValue.NONE));
        assertThat(CanonicalFlatLower.lowerFlat(cx, v, list(record(STRING, option(U64))))).containsExactly(0, 2);
        assertThat(heap.allocatedHex()).isEqualTo(switch (encoding) {
            case UTF8 -> "3000000002000000010000000000000007000000000000003200000005000000"
                    + "000000000000000000000000000000006869c3a9e282ac";
            case UTF16 -> "3000000002000000010000000000000007000000000000003400000002000000"
                    + "0000000000000000000000000000000068006900e900ac20000000000000";
            case LATIN1_UTF16 -> "3000000002000000010000000000000007000000000000003800000002000080"
                    + "000000000000000000000000000000006869e90000000000e900ac20000000000000";
        });
    }

    @Test
    void flatTupleMatchesTheSpec() {
        WitType t = tuple(U8, variant(F32, U64, null), CHAR, flags(9));
        CanonicalContext cx = CanonicalContext.of(CanonicalOptions.scalarsOnly());
        assertThat(CanonicalFlatLower.lowerFlat(cx, tup(i(200), cas(1, i((1L << 40) + 5)), ch('ß'), new FlagsValue(0x101)), t))
                .containsExactly(0xc8, 0x1, 0x10000000005L, 0xdf, 0x101);
        assertThat(CanonicalFlatLower.lowerFlat(cx, tup(i(1), cas(0, new WitValue.F32(1.5f)), ch('A'), new FlagsValue(0)), t))
                .containsExactly(0x1, 0x0, 0x3fc00000, 0x41, 0x0);
    }

    @Test
    void resultsInCompactUtf16MatchTheSpec() {
        WitType t = result(STRING, list(U16));
        TestHeap heap = new TestHeap(256);
        assertThat(CanonicalFlatLower.lowerFlat(heap.context(StringEncoding.LATIN1_UTF16), err(listOf(i(1), i(2), i(3))), t))
                .containsExactly(1, 0, 3);
        assertThat(heap.allocatedHex()).isEqualTo("010002000300");

        heap = new TestHeap(256);
        CanonicalContext fromUtf8 = heap.context(StringEncoding.LATIN1_UTF16).withHostStrings(StringEncoding.UTF8);
        assertThat(CanonicalFlatLower.lowerFlat(fromUtf8, ok(str("añb")), t)).containsExactly(0, 4, 3);
        assertThat(heap.allocatedHex()).isEqualTo("61f16200" + "61f162");

        heap = new TestHeap(256);
        CanonicalContext fromUtf16 = heap.context(StringEncoding.LATIN1_UTF16).withHostStrings(StringEncoding.UTF16);
        assertThat(CanonicalFlatLower.lowerFlat(fromUtf16, ok(str("a€b")), t)).containsExactly(0, 4, 0x80000003L);
        assertThat(heap.allocatedHex()).isEqualTo("610000006100ac206200");
    }

    @Test
    void loadAndStoreCheckTheirPointer() {
        CanonicalContext cx = new TestHeap(16).context(StringEncoding.UTF8);
        assertThatThrownBy(() -> CanonicalLoad.load(cx, 2, U32))
                .isInstanceOf(CanonicalAbiTrap.class).hasMessage("unaligned value pointer 2 for alignment 4");
        assertThatThrownBy(() -> CanonicalLoad.load(cx, 16, U32))
                .isInstanceOf(CanonicalAbiTrap.class).hasMessage("value pointer 16 + 4 bytes is outside memory (16 bytes)");
        assertThatThrownBy(() -> CanonicalStore.store(cx, i(1), U64, 12))
                .isInstanceOf(CanonicalAbiTrap.class).hasMessage("unaligned value pointer 12 for alignment 8");
        assertThatThrownBy(() -> CanonicalStore.store(cx, i(1), U64, 16))
                .isInstanceOf(CanonicalAbiTrap.class).hasMessage("value pointer 16 + 8 bytes is outside memory (16 bytes)");
    }

    @Test
    void discriminantsInMemoryAreChecked() {
        TestHeap heap = TestHeap.ofUnsigned(7, 0, 0, 0, 0, 0, 0, 0);
        CanonicalContext cx = heap.context(StringEncoding.UTF8);
        assertThatThrownBy(() -> CanonicalLoad.load(cx, 0, variant(U32, null, F32)))
                .isInstanceOf(CanonicalAbiTrap.class).hasMessage("variant discriminant 7 out of range for 3 cases");
        heap.write16(0, (short) 300);
        assertThatThrownBy(() -> CanonicalLoad.load(cx, 0, enumOf(300)))
                .isInstanceOf(CanonicalAbiTrap.class).hasMessage("enum discriminant 300 out of range for 300 cases");
        heap.write8(0, (byte) 2);
        assertThatThrownBy(() -> CanonicalLoad.load(cx, 0, option(U8)))
                .isInstanceOf(CanonicalAbiTrap.class).hasMessage("option discriminant 2 out of range for 2 cases");
    }

    @Test
    void boolsAndCharsInMemory() {
        TestHeap heap = TestHeap.ofUnsigned(0x80, 0, 0, 0, 0x00, 0xD8, 0, 0);
        CanonicalContext cx = heap.context(StringEncoding.UTF8);
        assertThat(CanonicalLoad.load(cx, 0, BOOL)).isEqualTo(new Bool(true));
        assertThatThrownBy(() -> CanonicalLoad.load(cx, 4, CHAR))
                .isInstanceOf(CanonicalAbiTrap.class).hasMessage("char 0xD800 is a surrogate, not a Unicode scalar value");
    }

    @Test
    void aMissingReallocOrMemoryTraps() {
        CanonicalContext noRealloc = CanonicalContext.of(new CanonicalOptions(StringEncoding.UTF8, new TestHeap(16), null, false));
        assertThatThrownBy(() -> CanonicalFlatLower.lowerFlat(noRealloc, str("x"), STRING))
                .isInstanceOf(CanonicalAbiTrap.class).hasMessageContaining("'realloc'");
        CanonicalContext noMemory = CanonicalContext.of(CanonicalOptions.scalarsOnly());
        assertThatThrownBy(() -> CanonicalFlatLift.liftFlat(noMemory, new FlatReader(0, 0), STRING))
                .isInstanceOf(CanonicalAbiTrap.class).hasMessageContaining("'memory'");
    }

    @Test
    void reallocResultsAreChecked() {
        TestHeap heap = new TestHeap(16);
        CanonicalContext misaligned = CanonicalContext.of(new CanonicalOptions(StringEncoding.UTF8, heap, (p, o, a, n) -> 3, false));
        assertThatThrownBy(() -> CanonicalFlatLower.lowerFlat(misaligned, listOf(i(1)), list(U32)))
                .isInstanceOf(CanonicalAbiTrap.class).hasMessage("unaligned list pointer 3 for alignment 4");
        CanonicalContext outside = CanonicalContext.of(new CanonicalOptions(StringEncoding.UTF8, heap, (p, o, a, n) -> 12, false));
        assertThatThrownBy(() -> CanonicalFlatLower.lowerFlat(outside, listOf(i(1), i(2)), list(U32)))
                .isInstanceOf(CanonicalAbiTrap.class).hasMessage("list pointer 12 + 8 bytes is outside memory (16 bytes)");
        CanonicalContext negative = CanonicalContext.of(new CanonicalOptions(StringEncoding.UTF8, heap, (p, o, a, n) -> -4, false));
        assertThatThrownBy(() -> CanonicalFlatLower.lowerFlat(negative, listOf(i(1)), list(U32)))
                .isInstanceOf(CanonicalAbiTrap.class).hasMessage("list pointer 4294967292 + 4 bytes is outside memory (16 bytes)");
    }
}
