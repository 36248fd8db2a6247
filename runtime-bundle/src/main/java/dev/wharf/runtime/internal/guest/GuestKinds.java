package dev.wharf.runtime.internal.guest;

import dev.wharf.runtime.internal.engine.CompiledModule;
import dev.wharf.runtime.internal.engine.ModuleShape;
import dev.wharf.runtime.internal.engine.WasmEngine;
import dev.wharf.runtime.internal.guest.component.ComponentImports;
import dev.wharf.runtime.internal.guest.component.ComponentModule;
import dev.wharf.runtime.internal.guest.extism.ExtismModule;
import dev.wharf.runtime.internal.guest.wharf.WharfModule;

/**
 * Decides which kind of guest a module is, from its shape, and loads it as that kind: the one
 * place that knows the kinds. A Component Model binary is a WebAssembly component; a core
 * module importing from Extism's namespaces
 * ({@code extism:host/env}, {@code extism:host/user}) is an Extism plugin; any other core module
 * is written for Wharf's own ABI. A new kind is one more branch here and one more
 * {@link GuestModule} implementation; nothing else in the runtime changes.
 */
public final class GuestKinds implements GuestLoader {

    private final WasmEngine engine;

    public GuestKinds(WasmEngine engine) {
        this.engine = engine;
    }

    @Override
    public GuestModule load(byte[] bytes, int memoryMaxPages, String origin) {
        if (ModuleShape.isComponentModelBinary(bytes)) {
            return ComponentModule.load(engine, bytes, memoryMaxPages, origin, ComponentImports::provides);
        }
        // the kind is decided on the parsed module, before it is compiled; its analysis is kept with the compiled module
        CompiledModule code = engine.compile(bytes, origin, m -> ExtismModule.isPlugin(m)
                ? ExtismModule.analyse(m, engine, origin) : WharfModule.analyse(m, engine, origin));
        return WharfModule.analysed(code.analysis()) ? WharfModule.of(engine, code, memoryMaxPages, origin)
                : ExtismModule.of(engine, code, memoryMaxPages, origin);
    }
}
