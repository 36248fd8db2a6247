package dev.wharf.runtime.internal.component.wasi;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.wasm.types.FunctionType;
import dev.wharf.runtime.internal.component.WitValue.ResultValue;
import dev.wharf.runtime.internal.engine.CompiledModule;
import dev.wharf.runtime.internal.engine.GuestInstance;
import dev.wharf.runtime.internal.engine.WasmEngine;
import java.util.List;
import org.junit.jupiter.api.Test;

/** wasi:cli/exit called from guest code: the exit reaches the caller of the guest as it was thrown. */
class WasiExitTest {

    /** (module (import "env" "exit" (func $exit)) (func (export "run") call $exit)) */
    static final byte[] CALLS_EXIT = {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
        0x01, 0x04, 0x01, 0x60, 0x00, 0x00,
        0x02, 0x0c, 0x01, 0x03, 'e', 'n', 'v', 0x04, 'e', 'x', 'i', 't', 0x00, 0x00,
        0x03, 0x02, 0x01, 0x00,
        0x07, 0x07, 0x01, 0x03, 'r', 'u', 'n', 0x00, 0x01,
        0x0a, 0x06, 0x01, 0x04, 0x00, 0x10, 0x00, 0x0b};

    @Test
    void anExitGoesThroughTheGuestsFramesUnwrapped() {
        WasiFixtures f = new WasiFixtures();
        for (boolean compiled : List.of(true, false)) {
            WasmEngine engine = new WasmEngine(compiled, 1000);
            CompiledModule module = engine.compile(CALLS_EXIT, "calls-exit.wasm", m -> null);
            HostFunction exit = new HostFunction("env", "exit", FunctionType.empty(), (instance, args) -> {
                f.call("wasi:cli/exit", "exit", new ResultValue(false, null));
                return null;
            });
            GuestInstance guest = GuestInstance.link(
                    new GuestInstance.Blueprint(module, null, engine.memoryBudget(), false),
                    ImportValues.builder().addFunction(exit).build());
            try {
                assertThatThrownBy(() -> guest.call("run")).as(compiled ? "compiled" : "interpreted")
                        .isExactlyInstanceOf(WasiExit.class).hasMessage("the guest exited with status 1");
            } finally {
                guest.close();
            }
        }
    }
}
