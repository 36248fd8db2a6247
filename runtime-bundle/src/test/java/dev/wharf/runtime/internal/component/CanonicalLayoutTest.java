package dev.wharf.runtime.internal.component;

import static dev.wharf.runtime.internal.component.CanonicalFixtures.enumOf;
import static dev.wharf.runtime.internal.component.CanonicalFixtures.flags;
import static dev.wharf.runtime.internal.component.CanonicalFixtures.list;
import static dev.wharf.runtime.internal.component.CanonicalFixtures.option;
import static dev.wharf.runtime.internal.component.CanonicalFixtures.record;
import static dev.wharf.runtime.internal.component.CanonicalFixtures.result;
import static dev.wharf.runtime.internal.component.CanonicalFixtures.tuple;
import static dev.wharf.runtime.internal.component.CanonicalFixtures.variant;
import static dev.wharf.runtime.internal.component.CoreType.F32;
import static dev.wharf.runtime.internal.component.CoreType.F64;
import static dev.wharf.runtime.internal.component.CoreType.I32;
import static dev.wharf.runtime.internal.component.CoreType.I64;
import static dev.wharf.runtime.internal.component.WitType.Primitive.BOOL;
import static dev.wharf.runtime.internal.component.WitType.Primitive.CHAR;
import static dev.wharf.runtime.internal.component.WitType.Primitive.STRING;
import static dev.wharf.runtime.internal.component.WitType.Primitive.U16;
import static dev.wharf.runtime.internal.component.WitType.Primitive.U32;
import static dev.wharf.runtime.internal.component.WitType.Primitive.U64;
import static dev.wharf.runtime.internal.component.WitType.Primitive.U8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wharf.runtime.internal.component.CanonicalLayout.Context;
import dev.wharf.runtime.internal.component.CanonicalLayout.FlatFuncType;
import dev.wharf.runtime.internal.component.WitType.Borrow;
import dev.wharf.runtime.internal.component.WitType.FuncType;
import dev.wharf.runtime.internal.component.WitType.Own;
import dev.wharf.runtime.internal.component.WitType.Param;
import dev.wharf.runtime.internal.component.WitType.Primitive;
import dev.wharf.runtime.internal.component.WitType.ResourceType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Alignment, size and flattening against the numbers the spec's {@code definitions.py} computes
 * for the same types (printed by running its {@code alignment}, {@code elem_size} and
 * {@code flatten_type} with a 32-bit memory), and {@code flatten_functype} against the cases of
 * its {@code run_tests.py}.
 */
class CanonicalLayoutTest {

    private static final ResourceType FILE = new ResourceType("file", 1);

    static Stream<Arguments> reference() {
        return Stream.of(
                ref("bool", BOOL, 1, 1, I32),
                ref("s8", Primitive.S8, 1, 1, I32),
                ref("u16", U16, 2, 2, I32),
                ref("u32", U32, 4, 4, I32),
                ref("u64", U64, 8, 8, I64),
                ref("f32", Primitive.F32, 4, 4, F32),
                ref("f64", Primitive.F64, 8, 8, F64),
                ref("char", CHAR, 4, 4, I32),
                ref("string", STRING, 4, 8, I32, I32),
                ref("list<u8>", list(U8), 4, 8, I32, I32),
                ref("record{u8,u16,u32}", record(U8, U16, U32), 4, 8, I32, I32, I32),
                ref("record{u8,u64,u8}", record(U8, U64, U8), 8, 24, I32, I64, I32),
                ref("tuple<u8,string>", tuple(U8, STRING), 4, 12, I32, I32, I32),
                ref("tuple<tuple<u16,u8>,u8>", tuple(tuple(U16, U8), U8), 2, 6, I32, I32, I32),
                ref("variant{u8,f32,_}", variant(U8, Primitive.F32, null), 4, 8, I32, I32),
                ref("variant{f32,f64}", variant(Primitive.F32, Primitive.F64), 8, 16, I32, I64),
                ref("variant{u32,f32}", variant(U32, Primitive.F32), 4, 8, I32, I32),
                ref("variant{f32,u64}", variant(Primitive.F32, U64), 8, 16, I32, I64),
                ref("variant{tuple<f32,u32>,tuple<u64,f64>,string}",
                        variant(tuple(Primitive.F32, U32), tuple(U64, Primitive.F64), STRING), 8, 24, I32, I64, I64),
                ref("enum3", enumOf(3), 1, 1, I32),
                ref("enum256", enumOf(256), 1, 1, I32),
                ref("enum257", enumOf(257), 2, 2, I32),
                ref("variant257 with u64", variant257(), 8, 16, I32, I64),
                ref("option<f32>", option(Primitive.F32), 4, 8, I32, F32),
                ref("option<string>", option(STRING), 4, 12, I32, I32, I32),
                ref("option<option<u8>>", option(option(U8)), 1, 3, I32, I32, I32),
                ref("result<u8,u32>", result(U8, U32), 4, 8, I32, I32),
                ref("result<_,string>", result(null, STRING), 4, 12, I32, I32, I32),
                ref("result", result(null, null), 1, 1, I32),
                ref("result<f64,f32>", result(Primitive.F64, Primitive.F32), 8, 16, I32, I64),
                ref("flags8", flags(8), 1, 1, I32),
                ref("flags9", flags(9), 2, 2, I32),
                ref("flags17", flags(17), 4, 4, I32),
                ref("flags32", flags(32), 4, 4, I32),
                ref("own", new Own(FILE), 4, 4, I32),
                ref("borrow", new Borrow(FILE), 4, 4, I32),
                ref("list<record{string,option<u64>}>", list(record(STRING, option(U64))), 4, 8, I32, I32),
                ref("record{u8,variant{u8,u64},char}", record(U8, variant(U8, U64), CHAR), 8, 32, I32, I32, I64, I32));
    }

    private static Arguments ref(String name, WitType t, int alignment, int size, CoreType... flat) {
        return Arguments.of(name, t, alignment, size, List.of(flat));
    }

    private static WitType variant257() {
        List<WitType> payloads = new ArrayList<>(Collections.nCopies(257, null));
        payloads.set(0, U64);
        return variant(payloads.toArray(WitType[]::new));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("reference")
    void matchesTheSpecsDefinitions(String name, WitType t, int alignment, int size, List<CoreType> flat) {
        assertThat(CanonicalLayout.alignment(t)).as("alignment").isEqualTo(alignment);
        assertThat(CanonicalLayout.elemSize(t)).as("elem_size").isEqualTo(size);
        assertThat(CanonicalLayout.flattenType(t)).as("flatten_type").isEqualTo(flat);
    }

    @Test
    void discriminantGrowsWithTheNumberOfCases() {
        assertThat(CanonicalLayout.discriminantSize(1)).isEqualTo(1);
        assertThat(CanonicalLayout.discriminantSize(256)).isEqualTo(1);
        assertThat(CanonicalLayout.discriminantSize(257)).isEqualTo(2);
        assertThat(CanonicalLayout.discriminantSize(65536)).isEqualTo(2);
        assertThat(CanonicalLayout.discriminantSize(65537)).isEqualTo(4);
    }

    @Test
    void joinKeepsEqualTypesAndWidensMixes() {
        assertThat(CoreType.join(F32, F32)).isEqualTo(F32);
        assertThat(CoreType.join(I32, F32)).isEqualTo(I32);
        assertThat(CoreType.join(F32, I32)).isEqualTo(I32);
        assertThat(CoreType.join(F32, F64)).isEqualTo(I64);
        assertThat(CoreType.join(I32, I64)).isEqualTo(I64);
        assertThat(CoreType.join(F64, F64)).isEqualTo(F64);
    }

    @Test
    void aResourceTypeItselfHasNoLayout() {
        assertThatThrownBy(() -> CanonicalLayout.alignment(FILE)).isInstanceOf(IllegalArgumentException.class);
    }

    // run_tests.py: test_flatten

    @Test
    void flattensFunctionTypesLikeTheSpecsTests() {
        List<WitType> three = List.of(U8, Primitive.F32, Primitive.F64);
        List<CoreType> threeFlat = List.of(I32, F32, F64);
        flatten(three, List.of(), threeFlat, List.of());
        flatten(three, List.of(Primitive.F32), threeFlat, List.of(F32));
        flatten(three, List.of(U8), threeFlat, List.of(I32));
        flatten(three, List.of(tuple(Primitive.F32)), threeFlat, List.of(F32));
        flatten(three, List.of(tuple(Primitive.F32, Primitive.F32)), threeFlat, List.of(F32, F32));
        flatten(three, List.of(Primitive.F32, Primitive.F32), threeFlat, List.of(F32, F32));
        List<WitType> seventeen = Collections.nCopies(17, U8);
        flatten(seventeen, List.of(), Collections.nCopies(17, I32), List.of());
        flatten(seventeen, List.of(tuple(U8, U8)), Collections.nCopies(17, I32), List.of(I32, I32));
    }

    /** As {@code test_flatten}: the unbounded flattening, then the limits applied per context. */
    private static void flatten(List<WitType> params, List<WitType> results, List<CoreType> flatParams,
            List<CoreType> flatResults) {
        FuncType ft = new FuncType(named(params), named(results));
        List<CoreType> expectParams = flatParams.size() > CanonicalLayout.MAX_FLAT_PARAMS ? List.of(I32) : flatParams;
        boolean spill = flatResults.size() > CanonicalLayout.MAX_FLAT_RESULTS;
        assertThat(CanonicalLayout.flattenFunctype(ft, Context.LIFT))
                .isEqualTo(new FlatFuncType(expectParams, spill ? List.of(I32) : flatResults));
        List<CoreType> lowerParams = new ArrayList<>(expectParams);
        if (spill) {
            lowerParams.add(I32);
        }
        assertThat(CanonicalLayout.flattenFunctype(ft, Context.LOWER))
                .isEqualTo(new FlatFuncType(lowerParams, spill ? List.of() : flatResults));
    }

    static List<Param> named(List<WitType> types) {
        List<Param> params = new ArrayList<>();
        for (int i = 0; i < types.size(); i++) {
            params.add(new Param("p" + i, types.get(i)));
        }
        return params;
    }
}
