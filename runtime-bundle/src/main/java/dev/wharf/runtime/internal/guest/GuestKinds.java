package dev.wharf.runtime.internal.guest;

import dev.wharf.api.InvalidComponentException;
import dev.wharf.runtime.internal.engine.ModuleShape;
import dev.wharf.runtime.internal.engine.WasmEngine;
import dev.wharf.runtime.internal.guest.wharf.WharfModule;

/**
 * Decides which kind of guest a module is, from its shape, and loads it as that kind: the one
 * place that knows the kinds. A new kind (a guest written for another host) is one more branch
 * here and one more {@link GuestModule} implementation; nothing else in the runtime changes.
 */
public final class GuestKinds implements GuestLoader {

    private final WasmEngine engine;

    public GuestKinds(WasmEngine engine) {
        this.engine = engine;
    }

    @Override
    public GuestModule load(byte[] bytes, int memoryMaxPages, String origin) {
        if (ModuleShape.isComponentModelBinary(bytes)) {
            throw new InvalidComponentException(origin + " is a WebAssembly component (Component Model binary), not a "
                    + "core module; Wharf runs core modules: build for a core target (Rust: wasm32-unknown-unknown with "
                    + "guest/rust, not wasm32-wasip2 or cargo-component; C: wasm32 or wasm32-wasi), see docs/write-a-component.md");
        }
        return WharfModule.load(engine, bytes, memoryMaxPages, origin);
    }
}
