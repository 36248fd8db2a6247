package dev.wharf.runtime.internal.component;

import static dev.wharf.runtime.internal.component.CanonicalFixtures.ch;
import static dev.wharf.runtime.internal.component.CanonicalFixtures.flags;
import static dev.wharf.runtime.internal.component.CanonicalFixtures.i;
import static dev.wharf.runtime.internal.component.CanonicalFixtures.list;
import static dev.wharf.runtime.internal.component.CanonicalFixtures.listOf;
import static dev.wharf.runtime.internal.component.CanonicalFixtures.str;
import static dev.wharf.runtime.internal.component.CanonicalFixtures.tup;
import static dev.wharf.runtime.internal.component.CanonicalFixtures.tuple;
import static dev.wharf.runtime.internal.component.WitType.Primitive.BOOL;
import static dev.wharf.runtime.internal.component.WitType.Primitive.CHAR;
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
import dev.wharf.runtime.internal.component.WitValue.FlagsValue;
import org.junit.jupiter.api.Test;

/**
 * Lists lifted out of a memory image, the cases of the spec's {@code test_heap} (those of 32-bit
 * memories without fixed-length lists or maps): each list at {@code [ptr, length]} lifts to the
 * expected elements, or traps; then it lowers into a fresh heap and lifts back to itself.
 */
class CanonicalHeapTest {

    private static void heap(WitType t, WitValue expected, long ptr, long length, int... bytes) {
        CanonicalContext cx = TestHeap.ofUnsigned(bytes).context(StringEncoding.UTF8);
        FlatReader vi = new FlatReader(ptr, length);
        assertThat(CanonicalFlatLift.liftFlat(cx, vi, t)).isEqualTo(expected);
        assertThat(vi.done()).isTrue();
        CanonicalContext again = new TestHeap(5 * bytes.length).context(StringEncoding.UTF8);
        long[] lowered = CanonicalFlatLower.lowerFlat(again, expected, t);
        assertThat(CanonicalFlatLift.liftFlat(again, new FlatReader(lowered), t)).isEqualTo(expected);
    }

    private static void heapTraps(WitType t, String message, long ptr, long length, int... bytes) {
        CanonicalContext cx = TestHeap.ofUnsigned(bytes).context(StringEncoding.UTF8);
        assertThatThrownBy(() -> CanonicalFlatLift.liftFlat(cx, new FlatReader(ptr, length), t))
                .isInstanceOf(CanonicalAbiTrap.class)
                .hasMessage(message);
    }

    private static WitValue bools(boolean... values) {
        WitValue[] v = new WitValue[values.length];
        for (int k = 0; k < values.length; k++) {
            v[k] = new Bool(values[k]);
        }
        return listOf(v);
    }

    private static WitValue ints(long... values) {
        WitValue[] v = new WitValue[values.length];
        for (int k = 0; k < values.length; k++) {
            v[k] = i(values[k]);
        }
        return listOf(v);
    }

    @Test
    void listsOfScalars() {
        heap(list(BOOL), bools(true, false, true), 0, 3, 1, 0, 1);
        heap(list(BOOL), bools(true, false, true), 0, 3, 1, 0, 2);
        heap(list(BOOL), bools(true, false, true), 3, 3, 0xff, 0xff, 0xff, 1, 0, 1);
        heap(list(U8), ints(1, 2, 3), 0, 3, 1, 2, 3);
        heap(list(U16), ints(1, 2, 3), 0, 3, 1, 0, 2, 0, 3, 0);
        heapTraps(list(U16), "unaligned list pointer 1 for alignment 2", 1, 3, 0, 1, 0, 2, 0, 3, 0);
        heap(list(U32), ints(1, 2, 3), 0, 3, 1, 0, 0, 0, 2, 0, 0, 0, 3, 0, 0, 0);
        heap(list(U64), ints(1, 2), 0, 2, 1, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0);
        heap(list(S8), ints(-1, -2, -3), 0, 3, 0xff, 0xfe, 0xfd);
        heap(list(S16), ints(-1, -2, -3), 0, 3, 0xff, 0xff, 0xfe, 0xff, 0xfd, 0xff);
        heap(list(S32), ints(-1, -2, -3), 0, 3, 0xff, 0xff, 0xff, 0xff, 0xfe, 0xff, 0xff, 0xff, 0xfd, 0xff, 0xff, 0xff);
        heap(list(S64), ints(-1, -2), 0, 2,
                0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xfe, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff);
        heap(list(CHAR), listOf(ch('A'), ch('B'), ch('c')), 0, 3, 65, 0, 0, 0, 66, 0, 0, 0, 99, 0, 0, 0);
    }

    @Test
    void listsOfStringsAndLists() {
        heap(list(STRING), listOf(str("hi"), str("wat")), 0, 2,
                16, 0, 0, 0, 2, 0, 0, 0, 21, 0, 0, 0, 3, 0, 0, 0, 'h', 'i', 0xf, 0xf, 0xf, 'w', 'a', 't');
        heap(list(list(U8)), listOf(ints(3, 4, 5), ints(), ints(6, 7)), 0, 3,
                24, 0, 0, 0, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 27, 0, 0, 0, 2, 0, 0, 0, 3, 4, 5, 6, 7);
        heap(list(list(U16)), listOf(ints(5, 6)), 0, 1, 8, 0, 0, 0, 2, 0, 0, 0, 5, 0, 6, 0);
        heapTraps(list(list(U16)), "unaligned list pointer 9 for alignment 2", 0, 1,
                9, 0, 0, 0, 2, 0, 0, 0, 0, 5, 0, 6, 0);
    }

    @Test
    void listsOfTuplesKeepTheirPadding() {
        heap(list(tuple(U8, U8, U16, U32)), listOf(tup(i(6), i(7), i(8), i(9)), tup(i(4), i(5), i(6), i(7))), 0, 2,
                6, 7, 8, 0, 9, 0, 0, 0, 4, 5, 6, 0, 7, 0, 0, 0);
        heap(list(tuple(U8, U16, U8, U32)), listOf(tup(i(6), i(7), i(8), i(9)), tup(i(4), i(5), i(6), i(7))), 0, 2,
                6, 0xff, 7, 0, 8, 0xff, 0xff, 0xff, 9, 0, 0, 0, 4, 0xff, 5, 0, 6, 0xff, 0xff, 0xff, 7, 0, 0, 0);
        heap(list(tuple(U16, U8)), listOf(tup(i(6), i(7)), tup(i(8), i(9))), 0, 2, 6, 0, 7, 0xff, 8, 0, 9, 0xff);
        heap(list(tuple(tuple(U16, U8), U8)), listOf(tup(tup(i(4), i(5)), i(6)), tup(tup(i(7), i(8)), i(9))), 0, 2,
                4, 0, 5, 0xff, 6, 0xff, 7, 0, 8, 0xff, 9, 0xff);
    }

    @Test
    void listsOfFlags() {
        FlagsValue none = new FlagsValue(0);
        heap(list(flags(2)), listOf(none, new FlagsValue(2), new FlagsValue(3)), 0, 3, 0, 2, 3);
        heap(list(flags(2)), listOf(none, new FlagsValue(2), none), 0, 3, 0, 2, 4);
        FlagsValue all9 = new FlagsValue(0x1FF);
        heap(list(flags(9)), listOf(all9, none), 0, 2, 0xff, 0x1, 0, 0);
        heap(list(flags(9)), listOf(all9, none), 0, 2, 0xff, 0x3, 0, 0);
        FlagsValue all17 = new FlagsValue(0x1FFFF);
        heap(list(flags(17)), listOf(all17, none), 0, 2, 0xff, 0xff, 0x1, 0, 0, 0, 0, 0);
        heap(list(flags(17)), listOf(all17, none), 0, 2, 0xff, 0xff, 0x3, 0, 0, 0, 0, 0);
        heap(list(flags(32)), listOf(new FlagsValue(0xFFFF_FFFFL), none), 0, 2, 0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0);
    }

    @Test
    void listRangesAreChecked() {
        heapTraps(list(U32), "list pointer 4 + 8 bytes is outside memory (8 bytes)", 4, 2, 0, 0, 0, 0, 0, 0, 0, 0);
        heapTraps(list(U64), "list of 33554432 elements of 8 bytes exceeds the maximum of 268435455 bytes",
                0, 1 << 25, 0);
        heapTraps(list(U8), "list pointer 4294967295 + 2 bytes is outside memory (1 bytes)", 0xFFFF_FFFFL, 2, 0);
        // an empty list may point anywhere in memory, even at its end
        heap(list(U32), ints(), 4, 0, 0, 0, 0, 0);
    }
}
