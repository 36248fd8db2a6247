package dev.wharf.runtime.internal.component;

import static dev.wharf.runtime.internal.component.CanonicalFixtures.cas;
import static dev.wharf.runtime.internal.component.CanonicalFixtures.ch;
import static dev.wharf.runtime.internal.component.CanonicalFixtures.enumOf;
import static dev.wharf.runtime.internal.component.CanonicalFixtures.err;
import static dev.wharf.runtime.internal.component.CanonicalFixtures.flags;
import static dev.wharf.runtime.internal.component.CanonicalFixtures.i;
import static dev.wharf.runtime.internal.component.CanonicalFixtures.ok;
import static dev.wharf.runtime.internal.component.CanonicalFixtures.option;
import static dev.wharf.runtime.internal.component.CanonicalFixtures.rec;
import static dev.wharf.runtime.internal.component.CanonicalFixtures.record;
import static dev.wharf.runtime.internal.component.CanonicalFixtures.result;
import static dev.wharf.runtime.internal.component.CanonicalFixtures.some;
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
import org.junit.jupiter.api.Test;

/**
 * {@code lift_flat} and {@code lower_flat} on the cases of the spec's {@code run_tests.py}
 * ({@code test} and {@code test_pairs}, {@code test_nan32/64}): each core value list lifts to
 * the expected value (or traps where it expects {@code None}), and the value lowers and lifts
 * back to itself.
 */
class CanonicalFlatTest {

    private static final long F32_314 = Float.floatToRawIntBits(3.14f) & 0xFFFF_FFFFL;

    /** The spec's {@code test(t, vals_to_lift, v)}. */
    private static void check(WitType t, WitValue expected, long... flat) {
        CanonicalContext cx = new TestHeap(0).context(StringEncoding.UTF8);
        FlatReader vi = new FlatReader(flat);
        assertThat(CanonicalFlatLift.liftFlat(cx, vi, t)).as("lift of %s", t).isEqualTo(expected);
        assertThat(vi.done()).as("every flat value consumed").isTrue();
        CanonicalContext again = new TestHeap(64).context(StringEncoding.UTF8);
        long[] lowered = CanonicalFlatLower.lowerFlat(again, expected, t);
        assertThat(lowered).hasSameSizeAs(flat);
        assertThat(CanonicalFlatLift.liftFlat(again, new FlatReader(lowered), t)).isEqualTo(expected);
    }

    private static void traps(WitType t, String message, long... flat) {
        CanonicalContext cx = new TestHeap(0).context(StringEncoding.UTF8);
        assertThatThrownBy(() -> CanonicalFlatLift.liftFlat(cx, new FlatReader(flat), t))
                .isInstanceOf(CanonicalAbiTrap.class)
                .hasMessageContaining(message);
    }

    @Test
    void recordsAndTuples() {
        check(record(U8, U16, U32), rec(i(1), i(2), i(3)), 1, 2, 3);
        check(tuple(tuple(U8, U8), U8), tup(tup(i(1), i(2)), i(3)), 1, 2, 3);
    }

    @Test
    void flagsIgnoreBitsPastTheLastFlag() {
        check(flags(2), new FlagsValue(0), 0);
        check(flags(2), new FlagsValue(2), 2);
        check(flags(2), new FlagsValue(3), 3);
        assertThat(CanonicalFlatLift.liftFlat(CanonicalContext.of(CanonicalOptions.scalarsOnly()), new FlatReader(4), flags(2)))
                .isEqualTo(new FlagsValue(0));
        check(flags(32), new FlagsValue(0xFFFF_FFFFL), 0xFFFF_FFFFL);
    }

    @Test
    void variantsReadTheirPayloadFromTheJoinedSlots() {
        WitType t = variant(U8, F32, null);
        check(t, cas(0, i(42)), 0, 42);
        assertThat(lift(t, 0, 256)).isEqualTo(cas(0, i(0)));
        check(t, cas(1, new WitValue.F32(3.14f)), 1, 0x4048f5c3L);
        assertThat(lift(t, 2, 0xFFFF_FFFFL)).isEqualTo(cas(2, null));
        check(variant(U8, U8), cas(1, i(42)), 1, 42);
    }

    @Test
    void optionsAndResults() {
        assertThat(lift(option(F32), 0, F32_314)).isEqualTo(OptionValue.NONE);
        check(option(F32), some(new WitValue.F32(3.14f)), 1, F32_314);
        check(result(U8, U32), ok(i(42)), 0, 42);
        check(result(U8, U32), err(i(1000)), 1, 1000);
    }

    @Test
    void joinedSlotsReinterpretBetweenIntegersAndFloats() {
        WitType t = variant(F32, U64, F64, null);
        long[] f32 = CanonicalFlatLower.lowerFlat(ctx(), cas(0, new WitValue.F32(1.5f)), t);
        assertThat(f32).containsExactly(0, 0x3fc00000L);
        long[] f64 = CanonicalFlatLower.lowerFlat(ctx(), cas(2, new WitValue.F64(-2.0)), t);
        assertThat(f64).containsExactly(2, Double.doubleToRawLongBits(-2.0));
        assertThat(CanonicalFlatLower.lowerFlat(ctx(), cas(3, null), t)).containsExactly(3, 0);
        // an i64 slot holding an f32: only its low 32 bits count
        assertThat(lift(t, 0, 0xDEAD_BEEF_3fc0_0000L)).isEqualTo(cas(0, new WitValue.F32(1.5f)));
        assertThat(lift(t, 2, Double.doubleToRawLongBits(-2.0))).isEqualTo(cas(2, new WitValue.F64(-2.0)));
        // an i32 slot shared by u32 and f32
        WitType mixed = variant(U32, F32);
        assertThat(CanonicalLayout.flattenType(mixed)).containsExactly(CoreType.I32, CoreType.I32);
        assertThat(CanonicalFlatLower.lowerFlat(ctx(), cas(1, new WitValue.F32(-0.0f)), mixed)).containsExactly(1, 0x8000_0000L);
    }

    @Test
    void unusedSlotsAreZeroAndSkipped() {
        WitType t = tuple(variant(tuple(U32, U32, U32), null), U8);
        assertThat(CanonicalFlatLower.lowerFlat(ctx(), tup(cas(1, null), i(9)), t)).containsExactly(1, 0, 0, 0, 9);
        assertThat(lift(t, 1, 7, 7, 7, 9)).isEqualTo(tup(cas(1, null), i(9)));
    }

    @Test
    void boolIsTrueForAnyNonZero() {
        check(BOOL, new Bool(false), 0);
        check(BOOL, new Bool(true), 1);
        assertThat(lift(BOOL, 2)).isEqualTo(new Bool(true));
        assertThat(lift(BOOL, 4294967295L)).isEqualTo(new Bool(true));
    }

    @Test
    void integersWrapToTheirWidth() {
        pairs(U8, 127, 127, 128, 128, 255, 255, 256, 0, 4294967295L, 255, 4294967168L, 128, 4294967167L, 127);
        pairs(S8, 127, 127, 128, -128, 255, -1, 256, 0, 4294967295L, -1, 4294967168L, -128, 4294967167L, 127);
        pairs(U16, 32767, 32767, 32768, 32768, 65535, 65535, 65536, 0,
                (1L << 32) - 1, 65535, (1L << 32) - 32768, 32768, (1L << 32) - 32769, 32767);
        pairs(S16, 32767, 32767, 32768, -32768, 65535, -1, 65536, 0,
                (1L << 32) - 1, -1, (1L << 32) - 32768, -32768, (1L << 32) - 32769, 32767);
        pairs(U32, (1L << 31) - 1, (1L << 31) - 1, 1L << 31, 1L << 31, (1L << 32) - 1, (1L << 32) - 1);
        pairs(S32, (1L << 31) - 1, (1L << 31) - 1, 1L << 31, -(1L << 31), (1L << 32) - 1, -1);
        pairs(U64, Long.MAX_VALUE, Long.MAX_VALUE, Long.MIN_VALUE, Long.MIN_VALUE, -1, -1);
        pairs(S64, Long.MAX_VALUE, Long.MAX_VALUE, Long.MIN_VALUE, Long.MIN_VALUE, -1, -1);
        // Chicory may hand an i32 over sign-extended: the same 32 bits, the same value
        assertThat(lift(U32, -1L)).isEqualTo(i(0xFFFF_FFFFL));
        assertThat(lift(U8, -1L)).isEqualTo(i(255));
    }

    /** The spec's {@code test_pairs}: each core value and the value it lifts to. */
    private static void pairs(WitType t, long... coreAndValue) {
        for (int k = 0; k < coreAndValue.length; k += 2) {
            assertThat(lift(t, coreAndValue[k])).as("%s from %d", t, coreAndValue[k]).isEqualTo(i(coreAndValue[k + 1]));
            long[] lowered = CanonicalFlatLower.lowerFlat(ctx(), i(coreAndValue[k + 1]), t);
            assertThat(lift(t, lowered)).isEqualTo(i(coreAndValue[k + 1]));
        }
    }

    @Test
    void floats() {
        check(F32, new WitValue.F32(3.14f), F32_314);
        check(F64, new WitValue.F64(3.14), Double.doubleToRawLongBits(3.14));
    }

    @Test
    void charsAreUnicodeScalarValues() {
        check(CHAR, ch(0), 0);
        check(CHAR, ch(65), 65);
        check(CHAR, ch(0xD7FF), 0xD7FF);
        check(CHAR, ch(0xE000), 0xE000);
        check(CHAR, ch(0x10FFFF), 0x10FFFF);
        traps(CHAR, "char 0xD800 is a surrogate", 0xD800);
        traps(CHAR, "char 0xDFFF is a surrogate", 0xDFFF);
        traps(CHAR, "char 1114112 (0x110000) is beyond U+10FFFF", 0x110000);
        traps(CHAR, "char 4294967295 (0xFFFFFFFF) is beyond U+10FFFF", 0xFFFF_FFFFL);
        traps(CHAR, "beyond U+10FFFF", -1L);
    }

    @Test
    void enumsTrapOnADiscriminantPastTheLastName() {
        check(enumOf(2), new EnumValue(0), 0);
        check(enumOf(2), new EnumValue(1), 1);
        traps(enumOf(2), "enum discriminant 2 out of range for 2 cases", 2);
        traps(variant(U8, null, null), "variant discriminant 7 out of range for 3 cases", 7, 0);
        traps(option(U8), "option discriminant 4294967295 out of range for 2 cases", -1L, 0);
        traps(result(null, null), "result discriminant 2 out of range for 2 cases", 2);
    }

    // run_tests.py: test_nan32, test_nan64

    @Test
    void nansLiftAsTheCanonicalNan() {
        nan32(0x7fc00000, 0x7fc00000);
        nan32(0x7fc00001, 0x7fc00000);
        nan32(0x7fe00000, 0x7fc00000);
        nan32(0x7fffffff, 0x7fc00000);
        nan32(0xffffffff, 0x7fc00000);
        nan32(0x7f800000, 0x7f800000);
        nan32(0x3fc00000, 0x3fc00000);
        nan64(0x7ff8000000000000L, 0x7ff8000000000000L);
        nan64(0x7ff8000000000001L, 0x7ff8000000000000L);
        nan64(0x7ffc000000000000L, 0x7ff8000000000000L);
        nan64(0x7fffffffffffffffL, 0x7ff8000000000000L);
        nan64(0xffffffffffffffffL, 0x7ff8000000000000L);
        nan64(0x7ff0000000000000L, 0x7ff0000000000000L);
        nan64(0x3ff0000000000000L, 0x3ff0000000000000L);
    }

    private static void nan32(int in, int out) {
        WitValue lifted = lift(F32, in & 0xFFFF_FFFFL);
        assertThat(CanonicalFlatLower.lowerFlat(ctx(), lifted, F32)).containsExactly(out & 0xFFFF_FFFFL);
        TestHeap heap = new TestHeap(4);
        heap.write32(0, in);
        WitValue loaded = CanonicalLoad.load(heap.context(StringEncoding.UTF8), 0, F32);
        assertThat(CanonicalFlatLower.lowerFlat(ctx(), loaded, F32)).containsExactly(out & 0xFFFF_FFFFL);
    }

    private static void nan64(long in, long out) {
        WitValue lifted = lift(F64, in);
        assertThat(CanonicalFlatLower.lowerFlat(ctx(), lifted, F64)).containsExactly(out);
        TestHeap heap = new TestHeap(8);
        heap.write64(0, in);
        WitValue loaded = CanonicalLoad.load(heap.context(StringEncoding.UTF8), 0, F64);
        assertThat(CanonicalFlatLower.lowerFlat(ctx(), loaded, F64)).containsExactly(out);
    }

    @Test
    void lowerRejectsHostValuesThatDoNotFitTheType() {
        assertThatThrownBy(() -> CanonicalFlatLower.lowerFlat(ctx(), i(256), U8))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("out of range for u8");
        assertThatThrownBy(() -> CanonicalFlatLower.lowerFlat(ctx(), i(-1), U32))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CanonicalFlatLower.lowerFlat(ctx(), ch(0xD800), CHAR))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CanonicalFlatLower.lowerFlat(ctx(), new FlagsValue(4), flags(2)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CanonicalFlatLower.lowerFlat(ctx(), new Bool(true), U8))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not match type");
        assertThatThrownBy(() -> CanonicalFlatLower.lowerFlat(ctx(), cas(0, null), variant(U8)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void tooFewFlatValuesIsTheHostsMistake() {
        assertThatThrownBy(() -> lift(tuple(U8, U8), 1)).isInstanceOf(IllegalArgumentException.class);
    }

    private static CanonicalContext ctx() {
        return CanonicalContext.of(CanonicalOptions.scalarsOnly());
    }

    private static WitValue lift(WitType t, long... flat) {
        return CanonicalFlatLift.liftFlat(ctx(), new FlatReader(flat), t);
    }
}
