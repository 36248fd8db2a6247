package dev.wharf.runtime.internal.component.link;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wharf.runtime.internal.component.CanonicalAbiTrap;
import dev.wharf.runtime.internal.component.WitType;
import dev.wharf.runtime.internal.component.WitValue;
import dev.wharf.runtime.internal.component.WitValue.Int;
import dev.wharf.runtime.internal.component.WitValue.Str;
import dev.wharf.runtime.internal.component.binary.ComponentParser;
import dev.wharf.runtime.internal.component.binary.ComponentWorldTest;
import dev.wharf.runtime.internal.engine.WasmEngine;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A hostile component ({@code liar} of wasm-components) lies through the canonical ABI, one way
 * per function: each call traps with a {@link CanonicalAbiTrap} naming the lie, never another
 * exception, and the host goes on: an honest call on a fresh instance works. Interpreted and
 * compiled core code alike.
 */
class ComponentTrapsTest {

    static final String LIES = "wharf:test/lies@0.1.0";
    static final WitType.FuncType REPORT = new WitType.FuncType(List.of(new WitType.Param("s", WitType.Primitive.STRING),
            new WitType.Param("c", WitType.Primitive.CHAR)), List.of());

    final List<Linking> linkings = new ArrayList<>();
    final List<List<WitValue>> reported = new ArrayList<>();

    @AfterEach
    void close() {
        linkings.forEach(Linking::close);
    }

    /** A fresh instance of the liar, its import {@code report} recording what it is given. */
    Map<String, Object> liar(WasmEngine engine) {
        Linking l = new Linking(engine, 64, "liar.wasm", new CanonicalFunctions());
        linkings.add(l);
        ComponentFunction report = new ComponentFunction() {
            @Override
            public WitType.FuncType type() {
                return REPORT;
            }

            @Override
            public List<WitValue> call(List<WitValue> args) {
                reported.add(args);
                return List.of();
            }
        };
        return Linker.instantiate(ComponentParser.parse(ComponentWorldTest.component("liar")),
                n -> n.equals("report") ? report : null, l);
    }

    static List<WitValue> call(Map<String, Object> liar, String function, WitValue... args) {
        return LinkerTest.func(liar, LIES, function).call(List.of(args));
    }

    /** After a trap the host is intact: a fresh instance of the same component answers honestly. */
    void hostStillWorks(WasmEngine engine) {
        assertThat(call(liar(engine), "echo", new Str("still here ✓"))).containsExactly(new Str("still here ✓"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "char-surrogate       | char 0xD800 is a surrogate",
        "char-too-big         | char 1114112 (0x110000) is beyond U+10FFFF",
        "option-bad           | option discriminant 2 out of range for 2 cases",
        "result-bad           | result discriminant 2 out of range for 2 cases",
        "variant-bad          | variant discriminant 7 out of range for 3 cases",
        "enum-bad             | enum discriminant 5 out of range for 3 cases",
        "string-past-memory   | string pointer 65530 + 100 bytes is outside memory (65536 bytes)",
        "string-not-utf8      | string at pointer 200 is not valid UTF-8",
        "list-overflow        | list of 536870912 elements of 8 bytes exceeds the maximum",
        "retptr-out-of-bounds | result tuple pointer 4294967288 + 8 bytes is outside memory",
        "retptr-unaligned     | unaligned parameter or result tuple pointer 9 for alignment 4",
        "forged-thing         | handle index 77 is not in the table"})
    void aLyingResultTrapsNamingTheLie(String function, String message) {
        for (boolean compiled : new boolean[] {false, true}) {
            WasmEngine engine = new WasmEngine(compiled, 1000);
            Map<String, Object> liar = liar(engine);
            assertThatThrownBy(() -> call(liar, function)).as(function + (compiled ? ", compiled" : ""))
                    .isExactlyInstanceOf(CanonicalAbiTrap.class).hasMessageContaining(message);
            hostStillWorks(engine);
        }
    }

    @Test
    void boolAndFlagsLiftAsTheSpecSaysRatherThanTrap() {
        Map<String, Object> liar = liar(new WasmEngine(false, 1000));
        // the spec's convert_int_to_bool: any non-zero value is true
        assertThat(call(liar, "bool-two")).containsExactly(new WitValue.Bool(true));
        // the spec's unpacking reads only the defined flags: the bits past them are dropped
        assertThat(call(liar, "flags-extra")).containsExactly(new WitValue.FlagsValue(0b111));
    }

    @Test
    void aReallocThatReturnsAPointerPastMemoryTrapsWhenTheHostLowersAString() {
        WasmEngine engine = new WasmEngine(false, 1000);
        Map<String, Object> liar = liar(engine);
        call(liar, "set-realloc-mode", new Int(1));
        assertThatThrownBy(() -> call(liar, "take-string", new Str("hello"))).isExactlyInstanceOf(CanonicalAbiTrap.class)
                .hasMessageContaining("string pointer 4294967040 + 5 bytes is outside memory");
        hostStillWorks(engine);
    }

    @Test
    void aReallocThatReturnsAMisalignedPointerTrapsWhenTheHostLowersAList() {
        WasmEngine engine = new WasmEngine(false, 1000);
        Map<String, Object> liar = liar(engine);
        call(liar, "set-realloc-mode", new Int(2));
        assertThatThrownBy(() -> call(liar, "take-list", new WitValue.ListValue(List.of(new Int(1), new Int(2)))))
                .isExactlyInstanceOf(CanonicalAbiTrap.class).hasMessageContaining("unaligned list pointer 1025 for alignment 4");
        call(liar, "set-realloc-mode", new Int(0));
        assertThat(call(liar, "take-string", new Str("honest again"))).containsExactly(new Int(12));
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void aHostImportCalledWithABadStringOrCharTrapsBeforeTheHostSeesIt(boolean compiled) {
        WasmEngine engine = new WasmEngine(compiled, 1000);
        assertThatThrownBy(() -> call(liar(engine), "call-report", new Int(1))).isExactlyInstanceOf(CanonicalAbiTrap.class)
                .hasMessageContaining("string pointer 65000 + 1000 bytes is outside memory");
        assertThatThrownBy(() -> call(liar(engine), "call-report", new Int(2))).isExactlyInstanceOf(CanonicalAbiTrap.class)
                .hasMessageContaining("char 0xDC00 is a surrogate");
        assertThat(reported).as("the host function never ran with a lie").isEmpty();
        call(liar(engine), "call-report", new Int(0));
        assertThat(reported).containsExactly(List.of(new Str("hi"), new WitValue.Char('x')));
    }
}
