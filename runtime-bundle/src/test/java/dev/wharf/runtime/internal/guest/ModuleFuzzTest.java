package dev.wharf.runtime.internal.guest;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.wharf.api.InvalidComponentException;
import dev.wharf.runtime.internal.engine.ModuleShape;
import dev.wharf.runtime.internal.engine.WasmEngine;

/**
 * A deployed {@code .wasm}, whatever its bytes: {@link GuestKinds} loads it as a core module
 * (Wharf's ABI), an Extism plugin or a component, or refuses it with an
 * {@link InvalidComponentException} naming the module (the deployer reports that as the bundle's
 * problem); nothing else escapes Chicory's parser or Wharf's analysis of the kinds. Loading only
 * parses, validates and analyses (the interpreter: nothing is compiled to bytecode per input);
 * no instance is made.
 */
class ModuleFuzzTest {

    private static final String ORIGIN = "fuzz.wasm in bundle 1 (fuzz)";
    private static final GuestKinds LOADER = new GuestKinds(new WasmEngine(false, 30_000));

    @FuzzTest
    void load(byte[] bytes) {
        GuestModule module;
        try {
            module = LOADER.load(bytes, 16, ORIGIN);
        } catch (InvalidComponentException refused) {
            assertThat(refused.getMessage()).contains(ORIGIN);
            return;
        }
        // what was accepted is of the kind its bytes say
        if (ModuleShape.isComponentModelBinary(bytes)) {
            assertThat(module.kind()).isEqualTo("component");
        } else {
            assertThat(module.kind()).isIn("wasm", "extism");
        }
        assertThat(module.sha256()).isEqualTo(WasmEngine.sha256(bytes));
    }
}
