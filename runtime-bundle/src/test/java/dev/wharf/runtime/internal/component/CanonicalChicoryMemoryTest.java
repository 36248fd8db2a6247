package dev.wharf.runtime.internal.component;

import static dev.wharf.runtime.internal.component.CanonicalFixtures.i;
import static dev.wharf.runtime.internal.component.CanonicalFixtures.str;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.dylibso.chicory.runtime.ExportFunction;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.wabt.Wat2Wasm;
import com.dylibso.chicory.wasm.Parser;
import dev.wharf.runtime.internal.component.WitType.FuncType;
import dev.wharf.runtime.internal.component.WitType.Primitive;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The conversions against a real Chicory instance: its memory through
 * {@link ChicoryCanonicalMemory}, its {@code cabi_realloc} (a bump allocator that grows the
 * memory) as the realloc, and core functions called with the flat values the conversions make.
 */
class CanonicalChicoryMemoryTest {

    private static final String WAT = """
            (module
              (memory (export "memory") 1)
              (global $next (mut i32) (i32.const 1024))
              ;; a bump allocator: shrinking keeps the block, growing copies it; grows the memory as needed
              (func (export "cabi_realloc") (param $old i32) (param $old_size i32) (param $align i32) (param $size i32)
                  (result i32)
                (local $ret i32) (local $end i32)
                (if (i32.and (i32.ne (local.get $old) (i32.const 0)) (i32.le_u (local.get $size) (local.get $old_size)))
                  (then (return (local.get $old))))
                (local.set $ret (i32.and (i32.add (global.get $next) (i32.sub (local.get $align) (i32.const 1)))
                                         (i32.sub (i32.const 0) (local.get $align))))
                (local.set $end (i32.add (local.get $ret) (local.get $size)))
                (if (i32.gt_u (local.get $end) (i32.shl (memory.size) (i32.const 16)))
                  (then (drop (memory.grow (i32.add (i32.shr_u (i32.sub (local.get $end) (i32.shl (memory.size) (i32.const 16)))
                                                               (i32.const 16))
                                                    (i32.const 1))))))
                (memory.copy (local.get $ret) (local.get $old) (local.get $old_size))
                (global.set $next (local.get $end))
                (local.get $ret))
              ;; echo: func(s: string) -> string, its result through the return area at 16
              (func (export "echo") (param i32 i32) (result i32)
                (i32.store (i32.const 16) (local.get 0))
                (i32.store (i32.const 20) (local.get 1))
                (i32.const 16))
              ;; pack: func(x: u32, y: f32) -> u64, y's bits above x's
              (func (export "pack") (param i32 f32) (result i64)
                (i64.or (i64.extend_i32_u (local.get 0))
                        (i64.shl (i64.extend_i32_u (i32.reinterpret_f32 (local.get 1))) (i64.const 32)))))
            """;

    private Instance instance;
    private CanonicalContext cx;

    @BeforeEach
    void instantiate() {
        instance = Instance.builder(Parser.parse(Wat2Wasm.parse(WAT))).build();
        CanonicalOptions options = CanonicalOptions.utf8(new ChicoryCanonicalMemory(instance),
                ChicoryCanonicalMemory.realloc(instance.export("cabi_realloc")));
        cx = CanonicalContext.of(options);
    }

    private static FuncType func(List<WitType> params, List<WitType> results) {
        return new FuncType(CanonicalLayoutTest.named(params), CanonicalLayoutTest.named(results));
    }

    @Test
    void aStringThereAndBack() {
        FuncType ft = func(List.of(Primitive.STRING), List.of(Primitive.STRING));
        long[] args = CanonicalCalls.lowerArguments(cx, ft, List.of(str("héllo, wörld €")));
        assertThat(args).containsExactly(1024, 18);
        long[] results = instance.export("echo").apply(args);
        assertThat(CanonicalCalls.liftResults(cx, ft, results)).containsExactly(str("héllo, wörld €"));
    }

    @Test
    void reallocMayGrowTheMemory() {
        String big = "ab€".repeat(40_000); // 200,000 bytes of UTF-8: four pages
        FuncType ft = func(List.of(Primitive.STRING), List.of(Primitive.STRING));
        CanonicalContext fromUtf16 = cx.withHostStrings(StringEncoding.UTF16);
        long[] args = CanonicalCalls.lowerArguments(fromUtf16, ft, List.of(str(big)));
        assertThat(cx.options().memory().size()).isGreaterThan(200_000);
        ExportFunction echo = instance.export("echo");
        assertThat(CanonicalCalls.liftResults(cx, ft, echo.apply(args))).containsExactly(str(big));
    }

    @Test
    void narrowFlatValuesAreWhatChicoryExpects() {
        FuncType ft = func(List.of(Primitive.U32, Primitive.F32), List.of(Primitive.U64));
        long[] args = CanonicalCalls.lowerArguments(cx, ft, List.of(i(0xFFFF_FFFFL), new WitValue.F32(1.5f)));
        long[] results = instance.export("pack").apply(args);
        assertThat(CanonicalCalls.liftResults(cx, ft, results)).containsExactly(i(0x3fc0_0000_FFFF_FFFFL));
    }

    @Test
    void accessesOutsideTheMemoryTrap() {
        CanonicalMemory memory = cx.options().memory();
        assertThat(memory.size()).isEqualTo(65536);
        assertThatThrownBy(() -> CanonicalStrings.load(cx, 65530, 12))
                .isInstanceOf(CanonicalAbiTrap.class)
                .hasMessage("string pointer 65530 + 12 bytes is outside memory (65536 bytes)");
        assertThatThrownBy(() -> memory.read32(65534))
                .isInstanceOf(CanonicalAbiTrap.class)
                .hasMessage("memory access at 65534 + 4 bytes is outside memory (65536 bytes)");
        memory.write64(65528, 0x0102030405060708L);
        assertThat(memory.read64(65528)).isEqualTo(0x0102030405060708L);
        assertThat(memory.read16(65528)).isEqualTo((short) 0x0708);
    }
}
