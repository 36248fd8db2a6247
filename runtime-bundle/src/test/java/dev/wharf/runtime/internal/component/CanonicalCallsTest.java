package dev.wharf.runtime.internal.component;

import static dev.wharf.runtime.internal.component.CanonicalFixtures.cas;
import static dev.wharf.runtime.internal.component.CanonicalFixtures.i;
import static dev.wharf.runtime.internal.component.CanonicalFixtures.list;
import static dev.wharf.runtime.internal.component.CanonicalFixtures.listOf;
import static dev.wharf.runtime.internal.component.CanonicalFixtures.option;
import static dev.wharf.runtime.internal.component.CanonicalFixtures.some;
import static dev.wharf.runtime.internal.component.CanonicalFixtures.str;
import static dev.wharf.runtime.internal.component.CanonicalFixtures.tup;
import static dev.wharf.runtime.internal.component.CanonicalFixtures.tuple;
import static dev.wharf.runtime.internal.component.CanonicalFixtures.variant;
import static dev.wharf.runtime.internal.component.WitType.Primitive.F64;
import static dev.wharf.runtime.internal.component.WitType.Primitive.S8;
import static dev.wharf.runtime.internal.component.WitType.Primitive.STRING;
import static dev.wharf.runtime.internal.component.WitType.Primitive.U16;
import static dev.wharf.runtime.internal.component.WitType.Primitive.U32;
import static dev.wharf.runtime.internal.component.WitType.Primitive.U8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wharf.runtime.internal.component.WitType.FuncType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Parameters and results of whole functions: flat while they fit, through memory past
 * {@code MAX_FLAT_PARAMS} and {@code MAX_FLAT_RESULTS}, with the spec's {@code test_roundtrips}.
 */
class CanonicalCallsTest {

    private static FuncType func(List<WitType> params, List<WitType> results) {
        return new FuncType(CanonicalLayoutTest.named(params), CanonicalLayoutTest.named(results));
    }

    private static List<WitValue> ints(int count) {
        List<WitValue> values = new ArrayList<>();
        for (int k = 0; k < count; k++) {
            values.add(i(k + 1));
        }
        return values;
    }

    @Test
    void sixteenFlatParametersStayFlat() {
        FuncType ft = func(Collections.nCopies(16, U8), List.of());
        CanonicalContext cx = CanonicalContext.of(CanonicalOptions.scalarsOnly());
        long[] flat = CanonicalCalls.lowerArguments(cx, ft, ints(16));
        assertThat(flat).hasSize(16).startsWith(1, 2, 3);
        assertThat(CanonicalCalls.liftArguments(cx, ft, flat)).isEqualTo(ints(16));
    }

    @Test
    void seventeenParametersGoThroughMemory() {
        FuncType ft = func(Collections.nCopies(17, U8), List.of());
        TestHeap heap = new TestHeap(64);
        heap.lastAlloc = 5;
        CanonicalContext cx = heap.context(StringEncoding.UTF8);
        long[] flat = CanonicalCalls.lowerArguments(cx, ft, ints(17));
        assertThat(flat).containsExactly(5); // a tuple of u8s is 1-aligned
        assertThat(heap.reallocCalls).containsExactly(List.of(0L, 0L, 1L, 17L));
        assertThat(heap.read(5, 3)).containsExactly(1, 2, 3);
        assertThat(CanonicalCalls.liftArguments(cx, ft, flat)).isEqualTo(ints(17));
    }

    @Test
    void spilledParametersAreChecked() {
        FuncType ft = func(Collections.nCopies(17, U32), List.of());
        CanonicalContext cx = new TestHeap(64).context(StringEncoding.UTF8);
        assertThatThrownBy(() -> CanonicalCalls.liftArguments(cx, ft, new long[] {2}))
                .isInstanceOf(CanonicalAbiTrap.class)
                .hasMessage("unaligned parameter or result tuple pointer 2 for alignment 4");
        assertThatThrownBy(() -> CanonicalCalls.liftArguments(cx, ft, new long[] {4}))
                .isInstanceOf(CanonicalAbiTrap.class)
                .hasMessage("parameter or result tuple pointer 4 + 68 bytes is outside memory (64 bytes)");
    }

    @Test
    void oneFlatResultIsReturnedDirectly() {
        FuncType ft = func(List.of(), List.of(F64));
        CanonicalContext cx = CanonicalContext.of(CanonicalOptions.scalarsOnly());
        assertThat(CanonicalCalls.liftResults(cx, ft, new long[] {Double.doubleToRawLongBits(0.25)}))
                .containsExactly(new WitValue.F64(0.25));
        assertThat(CanonicalCalls.lowerResults(cx, ft, List.of(new WitValue.F64(0.25)), new long[0]))
                .containsExactly(Double.doubleToRawLongBits(0.25));
    }

    @Test
    void moreResultsComeBackThroughAReturnPointer() {
        FuncType ft = func(List.of(U8), List.of(STRING));
        TestHeap heap = new TestHeap(64);
        heap.write(40, "héj".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        heap.write32(8, 40);
        heap.write32(12, 4);
        CanonicalContext cx = heap.context(StringEncoding.UTF8);
        assertThat(CanonicalCalls.liftResults(cx, ft, new long[] {8})).containsExactly(str("héj"));
        assertThatThrownBy(() -> CanonicalCalls.liftResults(cx, ft, new long[] {6}))
                .isInstanceOf(CanonicalAbiTrap.class)
                .hasMessage("unaligned parameter or result tuple pointer 6 for alignment 4");
    }

    @Test
    void stringsThatPointAtTheSameBytesOverAndOverTrapBeforeTheHostBuildsMoreThanTheMemory() {
        FuncType ft = func(List.of(), List.of(new WitType.ListType(STRING)));
        TestHeap heap = new TestHeap(131_072);
        heap.write(65_536, new byte[60_000]); // one string of 60,000 bytes, lent to every element
        for (int k = 0; k < 100; k++) {
            heap.write32(16 + 8 * k, 65_536);
            heap.write32(20 + 8 * k, k < 2 ? 60_000 : 0);
        }
        heap.write32(8, 16);
        heap.write32(12, 100);
        CanonicalContext cx = heap.context(StringEncoding.UTF8);
        assertThat(CanonicalCalls.liftResults(cx, ft, new long[] {8})).as("twice still fits the memory").hasSize(1);
        heap.write32(36, 60_000);
        assertThatThrownBy(() -> CanonicalCalls.liftResults(cx, ft, new long[] {8}))
                .isInstanceOf(CanonicalAbiTrap.class)
                .hasMessageContaining("take 180800 bytes, more than the guest's memory of 131072 bytes");
        heap.write32(36, 0);
        assertThat(CanonicalCalls.liftResults(cx, ft, new long[] {8})).as("each lift counts anew").hasSize(1);
    }

    @Test
    void importResultsGoToTheOutParam() {
        FuncType ft = func(List.of(U8, U8), List.of(U32, U32));
        TestHeap heap = new TestHeap(64);
        CanonicalContext cx = heap.context(StringEncoding.UTF8);
        long[] flatArgs = {1, 2, 24};
        assertThat(CanonicalCalls.liftArguments(cx, ft, flatArgs)).containsExactly(i(1), i(2));
        assertThat(CanonicalCalls.lowerResults(cx, ft, List.of(i(7), i(0xFFFF_FFFFL)), flatArgs)).isEmpty();
        assertThat(heap.read32(24)).isEqualTo(7);
        assertThat(heap.read32(28)).isEqualTo(-1);
        assertThat(heap.reallocCalls).isEmpty();
        assertThatThrownBy(() -> CanonicalCalls.lowerResults(cx, ft, List.of(i(7), i(8)), new long[] {1, 2, 62}))
                .isInstanceOf(CanonicalAbiTrap.class)
                .hasMessage("unaligned parameter or result tuple pointer 62 for alignment 4");
        assertThatThrownBy(() -> CanonicalCalls.lowerResults(cx, ft, List.of(i(7), i(8)), new long[] {1, 2, 60}))
                .isInstanceOf(CanonicalAbiTrap.class)
                .hasMessage("parameter or result tuple pointer 60 + 8 bytes is outside memory (64 bytes)");
    }

    @Test
    void theNumberOfFlatValuesIsTheHostsToGetRight() {
        FuncType ft = func(List.of(U8, U8), List.of());
        CanonicalContext cx = CanonicalContext.of(CanonicalOptions.scalarsOnly());
        assertThatThrownBy(() -> CanonicalCalls.liftArguments(cx, ft, new long[] {1}))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("expected 2 flat arguments, got 1");
        assertThatThrownBy(() -> CanonicalCalls.lowerArguments(cx, ft, List.of(i(1))))
                .isInstanceOf(IllegalArgumentException.class);
    }

    // run_tests.py: test_roundtrips, a function (t) -> t that returns its argument

    @Test
    void theSpecsRoundTrips() {
        List<WitType> sixteen = new ArrayList<>(Collections.nCopies(16, U32));
        sixteen.add(STRING);
        List<WitValue> sixteenValues = ints(16);
        sixteenValues.add(str("wat"));
        roundTrip(S8, i(-1));
        roundTrip(tuple(U16, U16), tup(i(3), i(4)));
        roundTrip(list(STRING), listOf(str("hello there")));
        roundTrip(list(list(STRING)), listOf(listOf(str("one"), str("two")), listOf(str("three"))));
        roundTrip(list(option(tuple(STRING, U16))), listOf(some(tup(str("answer"), i(42)))));
        roundTrip(variant(new WitType.TupleType(sixteen)), cas(0, new WitValue.TupleValue(sixteenValues)));
    }

    /** As the spec's test, with {@code MAX_FLAT_RESULTS} raised to 16 so results spill as params do. */
    private static void roundTrip(WitType t, WitValue v) {
        TestHeap heap = new TestHeap(1000);
        CanonicalContext cx = heap.context(StringEncoding.UTF8);
        long[] flat = CanonicalCalls.lowerFlatValues(cx, CanonicalLayout.MAX_FLAT_PARAMS, List.of(v), List.of(t), null);
        assertThat(flat.length).isLessThanOrEqualTo(16);
        assertThat(CanonicalCalls.liftFlatValues(cx, 16, new FlatReader(flat), List.of(t))).containsExactly(v);
    }
}
