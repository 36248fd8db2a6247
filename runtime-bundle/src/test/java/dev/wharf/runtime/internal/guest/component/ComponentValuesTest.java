package dev.wharf.runtime.internal.guest.component;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wharf.api.Codec;
import dev.wharf.api.InvalidArgumentsException;
import dev.wharf.api.UnknownExportException;
import dev.wharf.api.WitCase;
import dev.wharf.api.WitResource;
import dev.wharf.runtime.internal.component.binary.ComponentWorldTest;
import dev.wharf.runtime.internal.engine.WasmEngine;
import dev.wharf.runtime.internal.guest.Guest;
import dev.wharf.runtime.internal.guest.TestHost;
import dev.wharf.runtime.internal.guest.ValueForm;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A component's functions called with Java values, JSON and CBOR: each value goes into the real
 * values component (hand-written canonical-ABI glue on Chicory) and comes back through it.
 */
class ComponentValuesTest {

    static final String VALUES = "wharf:test/values#";
    static final String COUNTERS = "wharf:test/counters#";

    final WasmEngine engine = new WasmEngine(false, 1000);
    Guest guest;

    Guest start(String name) {
        ComponentModule module = ComponentModule.load(engine, ComponentWorldTest.component(name), 64, name + ".wasm", n -> false);
        guest = module.instantiate(new TestHost(name));
        guest.initialize(TestHost.NO_DEADLINE);
        return guest;
    }

    @AfterEach
    void close() {
        guest.close();
    }

    Object java(String function, Object... args) {
        List<?> results = (List<?>) guest.call(TestHost.NO_DEADLINE, function, ValueForm.JAVA, args);
        assertThat(results).hasSize(1);
        return results.get(0);
    }

    String json(String function, String args) {
        byte[] out = (byte[]) codec(function, Codec.JSON.encode(args.getBytes(StandardCharsets.UTF_8))).get(0);
        return new String(out, Codec.JSON.prefixLength(), out.length - Codec.JSON.prefixLength(), StandardCharsets.UTF_8);
    }

    /** The payload of the results and, when they are all numbers, the same as Java numbers. */
    List<?> codec(String function, byte[] payload) {
        return (List<?>) guest.call(TestHost.NO_DEADLINE, function, ValueForm.CODEC, payload);
    }

    @Test
    void everyValueTypeGoesInAndComesBackAsJavaValues() {
        start("values");
        assertThat(java(VALUES + "id-bool", true)).isEqualTo(true);
        assertThat(java(VALUES + "id-s8", -128)).isEqualTo(-128);
        assertThat(java(VALUES + "id-u8", (byte) 7)).isEqualTo(7);
        assertThat(java(VALUES + "id-u16", 65535)).isEqualTo(65535);
        assertThat(java(VALUES + "id-s32", Integer.MIN_VALUE)).isEqualTo(Integer.MIN_VALUE);
        assertThat(java(VALUES + "id-u32", 4294967295L)).isEqualTo(4294967295L);
        assertThat(java(VALUES + "id-s64", Long.MIN_VALUE)).isEqualTo(Long.MIN_VALUE);
        assertThat(java(VALUES + "id-u64", new BigInteger("18446744073709551615"))).as("its two's complement bits")
                .isEqualTo(-1L);
        assertThat(java(VALUES + "id-f32", 1.5f)).isEqualTo(1.5f);
        assertThat(java(VALUES + "id-f64", Double.NaN)).isEqualTo(Double.NaN);
        assertThat(java(VALUES + "id-char", "😀")).isEqualTo("😀");
        assertThat(java(VALUES + "id-char", 'x')).isEqualTo("x");
        assertThat(java(VALUES + "id-string", "héllo")).isEqualTo("héllo");
        assertThat(java(VALUES + "id-bytes", new byte[] {1, (byte) 255})).isEqualTo(new byte[] {1, (byte) 255});
        assertThat(java(VALUES + "id-bytes", List.of(1, 2))).isEqualTo(new byte[] {1, 2});
        assertThat(java(VALUES + "id-strings", List.of("a", "b"))).isEqualTo(List.of("a", "b"));
        assertThat(java(VALUES + "id-point", Map.of("x", 1.0, "y", -2.5))).isEqualTo(point(1.0, -2.5));
        assertThat(java(VALUES + "id-tuple", List.of(7L, "seven"))).isEqualTo(List.of(7L, "seven"));
        assertThat(java(VALUES + "id-shape", new WitCase("circle", 2.0))).isEqualTo(new WitCase("circle", 2.0));
        assertThat(java(VALUES + "id-shape", WitCase.of("none"))).isEqualTo(WitCase.of("none"));
        assertThat(java(VALUES + "id-color", "green")).isEqualTo("green");
        assertThat(java(VALUES + "id-option", Optional.of(5L))).isEqualTo(Optional.of(5L));
        assertThat(java(VALUES + "id-option", Optional.empty())).isEqualTo(Optional.empty());
        assertThat(java(VALUES + "id-result", WitCase.ok(42L))).isEqualTo(WitCase.ok(42L));
        assertThat(java(VALUES + "id-result", WitCase.err("bad"))).isEqualTo(WitCase.err("bad"));
        assertThat(java(VALUES + "id-perms", Set.of("read", "exec"))).isEqualTo(Set.of("read", "exec"));
        assertThat(java("mid", point(0.0, 0.0), point(2.0, 4.0))).isEqualTo(point(1.0, 2.0));
    }

    static Map<String, Object> point(double x, double y) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("x", x);
        p.put("y", y);
        return p;
    }

    @Test
    void aJavaValueThatDoesNotFitNamesTheParameterAndWhere() {
        start("values");
        assertThatThrownBy(() -> java(VALUES + "id-u8", 256)).isInstanceOf(InvalidArgumentsException.class)
                .hasMessageContaining("argument 1 (v: u8)").hasMessageContaining("256 is not a u8 (0 to 255)")
                .extracting(e -> ((InvalidArgumentsException) e).parameter()).isEqualTo(1);
        assertThatThrownBy(() -> java(VALUES + "id-point", Map.of("x", 1.0))).hasMessageContaining("missing field y");
        assertThatThrownBy(() -> java(VALUES + "id-point", Map.of("x", 1.0, "y", "2")))
                .hasMessageContaining("field y: a String is no f64");
        assertThatThrownBy(() -> java(VALUES + "id-shape", new WitCase("hexagon", null))).hasMessageContaining("no case hexagon");
        assertThatThrownBy(() -> java(VALUES + "id-option", (Object) null)).hasMessageContaining("Optional.empty()");
        assertThatThrownBy(() -> java(VALUES + "id-char", "ab")).hasMessageContaining("one Unicode scalar value");
        assertThatThrownBy(() -> java(VALUES + "id-string", "a\uD800b")).as("the caller's error, not a trap")
                .isInstanceOf(InvalidArgumentsException.class).hasMessageContaining("unpaired surrogate at index 1");
        assertThatThrownBy(() -> json(VALUES + "id-string", "[\"\\ud800\"]")).isInstanceOf(InvalidArgumentsException.class)
                .hasMessageContaining("unpaired surrogate");
        assertThatThrownBy(() -> java("add", 1)).isInstanceOf(InvalidArgumentsException.class)
                .hasMessageContaining("add takes 2 arguments, got 1");
        assertThatThrownBy(() -> java("nope")).isInstanceOf(UnknownExportException.class);
        assertThat(java("add", 2, 3)).as("the instance goes on").isEqualTo(5);
    }

    @Test
    void jsonArgumentsAndResultsFollowTheJsonMapping() {
        start("values");
        assertThat(json("add", "[2, 3]")).isEqualTo("[5]");
        assertThat(codec("add", Codec.JSON.encode("[2, 3]".getBytes(StandardCharsets.UTF_8))).get(1))
                .as("numbers as an Invoke's values").isEqualTo(List.of(5));
        assertThat(codec(VALUES + "id-string", Codec.JSON.encode("[\"x\"]".getBytes(StandardCharsets.UTF_8))).get(1))
                .as("no numbers for a string").isEqualTo(List.of());
        assertThat(json(VALUES + "id-point", "[{\"y\": 2.5, \"x\": 1.0}]")).isEqualTo("[{\"x\":1.0,\"y\":2.5}]");
        assertThat(json(VALUES + "id-shape", "[{\"tag\": \"square\", \"val\": 4}]")).isEqualTo("[{\"tag\":\"square\",\"val\":4}]");
        assertThat(json(VALUES + "id-shape", "[{\"tag\": \"none\"}]")).isEqualTo("[{\"tag\":\"none\"}]");
        assertThat(json(VALUES + "id-result", "[{\"tag\": \"err\", \"val\": \"e\"}]")).isEqualTo("[{\"tag\":\"err\",\"val\":\"e\"}]");
        assertThat(json(VALUES + "id-option", "[null]")).isEqualTo("[null]");
        assertThat(json(VALUES + "id-option", "[5]")).isEqualTo("[5]");
        assertThat(json(VALUES + "id-perms", "[[\"write\", \"read\"]]")).isEqualTo("[[\"read\",\"write\"]]");
        assertThat(json(VALUES + "id-color", "[\"blue\"]")).isEqualTo("[\"blue\"]");
        assertThat(json(VALUES + "id-tuple", "[[1, \"a\"]]")).isEqualTo("[[1,\"a\"]]");
        assertThat(json(VALUES + "id-u64", "[18446744073709551615]")).isEqualTo("[18446744073709551615]");
        assertThat(json(VALUES + "id-f64", "[NaN]")).isEqualTo("[\"NaN\"]");
        assertThat(json(VALUES + "id-char", "[\"é\"]")).isEqualTo("[\"é\"]");
        assertThat(json(VALUES + "id-bytes", "[[0, 255]]")).isEqualTo("[[0,255]]");
    }

    @Test
    void badJsonNamesTheParameterAndWhat() {
        start("values");
        assertThatThrownBy(() -> json("add", "[2]")).hasMessageContaining("add takes 2 arguments, got 1");
        assertThatThrownBy(() -> json("add", "[2, \"3\"]")).isInstanceOf(InvalidArgumentsException.class)
                .hasMessageContaining("argument 2 (b: s32): expected s32, got the string \"3\"");
        assertThatThrownBy(() -> json(VALUES + "id-f32", "[1e39]")).hasMessageContaining("out of the range of an f32");
        assertThatThrownBy(() -> json(VALUES + "id-shape", "[{\"val\": 4, \"tag\": \"square\"}]"))
                .hasMessageContaining("first member is \"tag\"");
        assertThatThrownBy(() -> json(VALUES + "id-point", "[{\"x\": 1, \"y\": 2, \"z\": 3}]")).hasMessageContaining("no field z");
        assertThatThrownBy(() -> json("add", "[2, 3")).hasMessageContaining("malformed JSON arguments of add");
        assertThatThrownBy(() -> guest.call(TestHost.NO_DEADLINE, "add", ValueForm.CODEC, Codec.BORSH.encode(new byte[8])))
                .hasMessageContaining("Borsh carries no component values");
    }

    @Test
    void cborCarriesTheSameValuesWithByteStringsForBytes() throws Exception {
        start("values");
        com.fasterxml.jackson.dataformat.cbor.CBORFactory cbor = new com.fasterxml.jackson.dataformat.cbor.CBORFactory();
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try (var g = cbor.createGenerator(out)) {
            g.writeStartArray();
            g.writeBinary(new byte[] {9, 8, 7});
            g.writeEndArray();
        }
        byte[] result = (byte[]) codec(VALUES + "id-bytes", Codec.CBOR.encode(out.toByteArray())).get(0);
        try (var p = cbor.createParser(result, Codec.CBOR.prefixLength(), result.length - Codec.CBOR.prefixLength())) {
            assertThat(p.nextToken()).isEqualTo(com.fasterxml.jackson.core.JsonToken.START_ARRAY);
            p.nextToken();
            assertThat(p.getBinaryValue()).containsExactly(9, 8, 7);
        }
    }

    @Test
    void aResourceIsHeldByTheHostLentPassedBackAndDropped() {
        start("counter");
        WitResource c = (WitResource) java(COUNTERS + "make", 5L);
        assertThat(c.type()).isEqualTo("counter");
        guest.call(TestHost.NO_DEADLINE, COUNTERS + "[method]counter.increment", ValueForm.JAVA, new Object[] {c});
        assertThat(java(COUNTERS + "[method]counter.get", c)).as("lent with a borrow").isEqualTo(6L);
        assertThat(java(COUNTERS + "live")).isEqualTo(1L);
        assertThat(java(COUNTERS + "finish", c)).as("passed back with an own").isEqualTo(6L);
        assertThat(java(COUNTERS + "live")).isEqualTo(0L);
        assertThatThrownBy(() -> java(COUNTERS + "[method]counter.get", c)).isInstanceOf(InvalidArgumentsException.class)
                .hasMessageContaining("no live counter " + c.handle());

        WitResource d = (WitResource) java(COUNTERS + "[constructor]counter", 1L);
        assertThat(java(COUNTERS + "live")).isEqualTo(1L);
        guest.call(TestHost.NO_DEADLINE, COUNTERS + "[resource-drop]counter", ValueForm.JAVA, new Object[] {d});
        assertThat(java(COUNTERS + "live")).as("its destructor ran").isEqualTo(0L);
        assertThatThrownBy(() -> guest.call(TestHost.NO_DEADLINE, COUNTERS + "[resource-drop]counter", ValueForm.JAVA,
                new Object[] {d})).isInstanceOf(InvalidArgumentsException.class).hasMessageContaining("no live counter");
        assertThatThrownBy(() -> java(COUNTERS + "finish", new WitResource("counter", 99)))
                .hasMessageContaining("no live counter 99");
    }

    @Test
    void theHostHoldsAtMost4096ResourcesAndOneMoreIsDroppedInTheGuest() {
        start("counter");
        for (int i = 0; i < HostResources.MAX; i++) {
            java(COUNTERS + "make", 0L);
        }
        assertThatThrownBy(() -> java(COUNTERS + "make", 0L)).isInstanceOf(dev.wharf.api.DeliveryRefusedException.class)
                .hasMessageContaining("at most 4096").extracting(e -> ((dev.wharf.api.WharfException) e).code())
                .isEqualTo(dev.wharf.api.ErrorCode.QUOTA_EXCEEDED);
        assertThat(java(COUNTERS + "live")).as("the refused one's destructor ran").isEqualTo(4096L);
        guest.call(TestHost.NO_DEADLINE, COUNTERS + "[resource-drop]counter", ValueForm.JAVA, new Object[] {new WitResource("counter", 1)});
        assertThat(java(COUNTERS + "make", 0L)).isInstanceOf(WitResource.class);
    }

    @Test
    void aResourceGoesAsItsHandleNumberInJson() {
        start("counter");
        assertThat(json(COUNTERS + "make", "[3]")).isEqualTo("[1]");
        assertThat(json(COUNTERS + "[method]counter.get", "[1]")).isEqualTo("[3]");
        assertThat(json(COUNTERS + "[resource-drop]counter", "[1]")).isEqualTo("[]");
        assertThat(json(COUNTERS + "live", "[]")).isEqualTo("[0]");
    }
}
