package dev.wharf.runtime.internal.guest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.dylibso.chicory.wabt.Wat2Wasm;
import dev.wharf.api.InvalidComponentException;
import dev.wharf.runtime.internal.engine.WasmEngine;
import org.junit.jupiter.api.Test;

/** The kind a module's shape decides; modules built for something Wharf does not run are refused with what to change. */
class GuestKindsTest {

    final GuestLoader engine = new GuestKinds(new WasmEngine(false, 1000));

    @Test
    void aComponentModelBinaryIsAComponentAndAMalformedOneIsRefusedSayingWhy() {
        byte[] empty = {0, 'a', 's', 'm', 0x0d, 0, 0x01, 0};
        assertThat(engine.load(empty, 16, "c.wasm").kind()).isEqualTo("component");
        byte[] truncated = {0, 'a', 's', 'm', 0x0d, 0, 0x01, 0, 7, 5, 1};
        assertThatThrownBy(() -> engine.load(truncated, 16, "c.wasm")).isInstanceOf(InvalidComponentException.class)
                .hasMessageContaining("c.wasm is not a valid WebAssembly component").hasMessageContaining("runs past the end");
    }

    @Test
    void anAssemblyScriptAbortImportSaysWhichSettingAvoidsIt() {
        byte[] module = {0, 'a', 's', 'm', 1, 0, 0, 0,
            // type section: (func (param i32 i32 i32 i32))
            1, 8, 1, 0x60, 4, 0x7f, 0x7f, 0x7f, 0x7f, 0,
            // import section: env.abort of type 0
            2, 13, 1, 3, 'e', 'n', 'v', 5, 'a', 'b', 'o', 'r', 't', 0, 0};
        assertThatThrownBy(() -> engine.load(module, 16, "as.wasm")).isInstanceOf(InvalidComponentException.class)
                .hasMessageContaining("imports 'env.abort' from an unknown module")
                .hasMessageContaining("AssemblyScript's default abort").hasMessageContaining("--use abort=");
    }

    @Test
    void aModuleOfWharfsAbiKeepsStateWhenItExportsAStateFunction() {
        GuestModule both = engine.load(Wat2Wasm.parse("(module (memory (export \"memory\") 1)"
                + " (func (export \"_save_state\") (result i64) i64.const 0)"
                + " (func (export \"_restore_state\") (param i32 i32) (result i32) i32.const 0))"), 16, "both.wasm");
        assertThat(both.kind()).isEqualTo("wasm");
        assertThat(both.keepsState()).isTrue();
        assertThat(both.stateFunctions()).containsExactly("_save_state", "_restore_state");
        GuestModule restoring = engine.load(Wat2Wasm.parse("(module (memory (export \"memory\") 1)"
                + " (func (export \"_restore_state\") (param i32 i32) (result i32) i32.const 0))"), 16, "restoring.wasm");
        assertThat(restoring.keepsState()).isTrue();
        assertThat(restoring.stateFunctions()).containsExactly("_restore_state");
        GuestModule stateless = engine.load(Wat2Wasm.parse("(module (memory (export \"memory\") 1)"
                + " (func (export \"add\") (param i32 i32) (result i32) local.get 0 local.get 1 i32.add))"), 16, "add.wasm");
        assertThat(stateless.keepsState()).isFalse();
        assertThat(stateless.stateFunctions()).isEmpty();
    }
}
