package dev.wharf.runtime.internal.guest.component.capability;

import dev.wharf.runtime.internal.component.WitType;
import dev.wharf.runtime.internal.component.WitType.FuncType;
import dev.wharf.runtime.internal.component.WitType.Param;
import dev.wharf.runtime.internal.component.WitValue;
import dev.wharf.runtime.internal.component.link.ComponentFunction;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The instance a component imports for one standard interface served over a capability, as the
 * {@code Linker} takes it: its types and functions by name, each function of the exact WIT type
 * of the interface's version (the linker lowers by the host's type, so a type that differs from
 * the guest's would misread its memory).
 */
final class HostInterface {

    /** One host function: its body gets the lifted arguments and answers its one result, or {@code null} for none. */
    record Func(String name, FuncType type, Function<List<WitValue>, WitValue> body) implements ComponentFunction {

        @Override
        public List<WitValue> call(List<WitValue> args) {
            if (args.size() != type.params().size()) {
                throw new IllegalArgumentException(name + " takes " + type.params().size() + " arguments, not " + args.size());
            }
            WitValue result = body.apply(args);
            if (type.results().isEmpty()) {
                return List.of();
            }
            if (result == null) {
                throw new IllegalStateException(name + " gave no result");
            }
            return List.of(result);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    private final String name;
    private final Map<String, Object> exports = new LinkedHashMap<>();

    /** @param name the interface with its version, for messages */
    HostInterface(String name) {
        this.name = name;
    }

    /** Exports a type: a resource's under its own name, any other under {@code typeName}. */
    HostInterface type(String typeName, WitType type) {
        exports.put(typeName, type);
        return this;
    }

    HostInterface resource(WitType.ResourceType resource) {
        return type(resource.name(), resource);
    }

    HostInterface func(String funcName, FuncType type, Function<List<WitValue>, WitValue> body) {
        exports.put(funcName, new Func(name + "#" + funcName, type, body));
        return this;
    }

    Map<String, Object> build() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(exports));
    }

    // ---- writing function types ---------------------------------------------------------------

    static Param param(String name, WitType type) {
        return new Param(name, type);
    }

    /** {@code func(params) -> result}; no result when {@code result} is {@code null}. */
    static FuncType func(WitType result, Param... params) {
        return new FuncType(List.of(params), result == null ? List.of() : List.of(new Param("", result)));
    }

    /** {@code [method]resource.name: func(self: borrow<resource>, params) -> result}. */
    static FuncType method(WitType.ResourceType self, WitType result, Param... params) {
        List<Param> all = new ArrayList<>(params.length + 1);
        all.add(new Param("self", new WitType.Borrow(self)));
        all.addAll(List.of(params));
        return new FuncType(all, result == null ? List.of() : List.of(new Param("", result)));
    }

    static String methodName(WitType.ResourceType resource, String method) {
        return "[method]" + resource.name() + "." + method;
    }

    static String staticName(WitType.ResourceType resource, String function) {
        return "[static]" + resource.name() + "." + function;
    }
}
