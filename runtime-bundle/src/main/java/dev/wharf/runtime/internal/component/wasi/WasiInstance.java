package dev.wharf.runtime.internal.component.wasi;

import dev.wharf.runtime.internal.component.WitType;
import dev.wharf.runtime.internal.component.WitType.FuncType;
import dev.wharf.runtime.internal.component.WitValue;
import dev.wharf.runtime.internal.component.link.ComponentFunction;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Builds the instance a component imports for one WASI interface, as the {@code Linker} takes it:
 * a map of its exports by name, the types it defines or uses (the component aliases them out)
 * and its functions, each a {@link ComponentFunction} of the exact WIT type.
 */
public final class WasiInstance {

    /**
     * A host function of a WASI interface: its body gets the lifted arguments and answers its one
     * result, or {@code null} when it has none.
     */
    record Func(String name, FuncType type, Function<List<WitValue>, WitValue> body) implements ComponentFunction {

        @Override
        public List<WitValue> call(List<WitValue> args) {
            if (args.size() != type.params().size()) {
                throw new IllegalArgumentException(name + " takes " + type.params().size() + " arguments, not "
                        + args.size());
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

    /** @param name the interface, for messages: {@code wasi:io/streams} */
    public WasiInstance(String name) {
        this.name = name;
    }

    /** Exports a type under {@code typeName}: a resource type or a value type. */
    public WasiInstance type(String typeName, WitType type) {
        exports.put(typeName, type);
        return this;
    }

    /** Exports resource type {@code resource} under its name. */
    public WasiInstance resource(WitType.ResourceType resource) {
        return type(resource.name(), resource);
    }

    /** Exports function {@code funcName}. */
    public WasiInstance func(String funcName, FuncType type, Function<List<WitValue>, WitValue> body) {
        exports.put(funcName, new Func(name + "#" + funcName, type, body));
        return this;
    }

    /** The instance, unmodifiable. */
    public Map<String, Object> build() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(exports));
    }
}
