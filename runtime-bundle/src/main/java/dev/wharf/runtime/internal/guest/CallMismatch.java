package dev.wharf.runtime.internal.guest;

import dev.wharf.api.ComponentId;
import dev.wharf.api.InvalidArgumentsException;

/**
 * The errors of a call in the wrong convention for its component's kind: numbers (Invoke) to a
 * kind whose functions take bytes, bytes to one whose exports take numbers. Each says how to call.
 */
public final class CallMismatch {

    private CallMismatch() {}

    /** Numbers (an Invoke) for {@code id}, of kind {@code kind}, whose functions take bytes or values. */
    public static InvalidArgumentsException numbers(ComponentId id, String kind) {
        if ("component".equals(kind)) {
            return new InvalidArgumentsException(0, "component '" + id + "' is a WebAssembly component: call its "
                    + "functions with values in WAVE (wasm:invoke <id> <function> [value ...], docs/components.md)");
        }
        return new InvalidArgumentsException(0, "component '" + id + "' is an Extism plugin: call its functions with "
                + "bytes (wasm:call <id> <function> <input>, WasmComponent.call(String, byte[]))");
    }

    /** Bytes for {@code id}, whose exports take numbers. */
    public static InvalidArgumentsException bytes(ComponentId id) {
        return new InvalidArgumentsException(0, "component '" + id + "' is a Wharf component, not an Extism plugin: "
                + "call its exports with numbers (wasm:invoke, WasmComponent.call(String, Number...)) and send it "
                + "messages (wasm:ask, WasmComponent.ask)");
    }

    /** Typed values (a component function's call) for {@code id}, a core module of kind {@code kind}. */
    public static InvalidArgumentsException values(ComponentId id, String kind) {
        if ("extism".equals(kind)) {
            return numbers(id, kind);
        }
        return new InvalidArgumentsException(0, "component '" + id + "' is a core WebAssembly module, not a "
                + "WebAssembly component: call its exports with numbers (wasm:invoke, WasmComponent.call(String, "
                + "Number...)) and send it messages (wasm:ask, WasmComponent.ask)");
    }
}
