package dev.wharf.runtime.internal.guest.component;

import dev.wharf.runtime.internal.component.WitText;
import dev.wharf.runtime.internal.component.WitType;
import dev.wharf.runtime.internal.component.binary.ComponentWorld;
import dev.wharf.runtime.internal.component.binary.TypeSpace;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A component's world as WIT text, for {@code wasm:info}: its imports and exports, each function
 * with its type, each interface with its resources and functions. Functions keep the names they
 * are called by ({@code [method]counter.get}), types are spelled out where used (the binary names
 * only what it exports).
 */
final class WorldText {

    private WorldText() {}

    static List<String> of(ComponentWorld world) {
        List<String> out = new ArrayList<>();
        out.add("world component {");
        world.imports().forEach((name, entry) -> item(out, "import", name, entry));
        world.exports().forEach((name, entry) -> item(out, "export", name, entry));
        out.add("}");
        return List.copyOf(out);
    }

    private static void item(List<String> out, String keyword, String name, Object entry) {
        if (entry instanceof WitType.FuncType f) {
            out.add("  " + keyword + " " + name + ": " + WitText.of(f) + ";");
        } else if (entry instanceof TypeSpace.InstanceShape shape) {
            Map<WitType.ResourceType, String> names = resourceNames(shape.exports());
            out.add("  " + keyword + " " + name + ": interface {");
            shape.exports().forEach((n, e) -> {
                if (e instanceof WitType.ResourceType) {
                    out.add("    resource " + n + ";");
                } else if (e instanceof WitType.FuncType f) {
                    out.add("    " + n + ": " + WitText.of(ResourceNames.rename(f, names)) + ";");
                } else if (e instanceof WitType t) {
                    out.add("    type " + n + " = " + WitText.of(t) + ";");
                }
            });
            out.add("  }");
        } else if (entry instanceof WitType.ResourceType) {
            out.add("  " + keyword + " " + name + ": resource;");
        } else if (entry instanceof WitType t) {
            out.add("  " + keyword + " type " + name + " = " + WitText.of(t) + ";");
        }
    }

    /** The resource types exported among {@code exports}, by the name they are exported as. */
    static Map<WitType.ResourceType, String> resourceNames(Map<String, Object> exports) {
        Map<WitType.ResourceType, String> names = new java.util.HashMap<>();
        exports.forEach((n, e) -> {
            if (e instanceof WitType.ResourceType r) {
                names.put(r, n);
            }
        });
        return names;
    }
}
