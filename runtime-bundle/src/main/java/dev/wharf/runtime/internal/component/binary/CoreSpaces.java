package dev.wharf.runtime.internal.component.binary;

import dev.wharf.runtime.internal.component.binary.Ast.Sort;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The core index spaces of one component as its definitions are walked when it is loaded: its
 * core modules with their {@link CoreModuleShape}, its core instances with their exports, and how
 * many functions, tables, memories and globals there are. Every core index a definition names is
 * checked against them, and every import of an instantiated module against the instances given,
 * so a component that would fail to link is refused at deploy time, naming the index or the name.
 */
final class CoreSpaces {

    /** A core module's shape; {@code null} when only Chicory can tell (it refuses such a module). */
    private final List<CoreModuleShape> modules = new ArrayList<>();
    /** A core instance's exports by name; {@code null} when its module's shape is unknown. */
    private final List<Map<String, Sort>> instances = new ArrayList<>();
    private final Map<Sort, Integer> counts = new EnumMap<>(Sort.class);
    private final CoreSpaces parent;

    CoreSpaces(CoreSpaces parent) {
        this.parent = parent;
    }

    void module(Ast.CoreModule m) {
        modules.add(CoreModuleShape.of(m.bytes()));
    }

    void instantiate(Ast.CoreInstantiate ci) {
        CoreModuleShape module = at(modules, ci.module(), "core module");
        Map<String, Map<String, Sort>> args = new LinkedHashMap<>();
        for (Ast.CoreArg a : ci.args()) {
            if (args.put(a.name(), at(instances, a.instance(), "core instance")) != null) {
                throw new MalformedComponentException("core module " + ci.module() + " is given two instances named '"
                        + a.name() + "'");
            }
        }
        if (module == null) {
            instances.add(null);
            return;
        }
        for (CoreModuleShape.Import i : module.imports()) {
            if (!args.containsKey(i.module())) {
                throw new MalformedComponentException("core module " + ci.module() + " imports '" + i.module() + "."
                        + i.name() + "', but its instantiation gives no instance '" + i.module() + "'");
            }
            exported(args.get(i.module()), i.name(), i.sort(), "the instance given as '" + i.module() + "'");
        }
        instances.add(module.exports());
    }

    void fromExports(Ast.CoreFromExports ce) {
        Map<String, Sort> exports = new LinkedHashMap<>();
        for (Ast.CoreExport e : ce.exports()) {
            check(e.sort(), e.index());
            if (exports.put(e.name(), e.sort()) != null) {
                throw new MalformedComponentException("a core instance exports '" + e.name() + "' twice");
            }
        }
        instances.add(exports);
    }

    /** An alias of export {@code name} of core instance {@code instance}: it adds to the space of {@code sort}. */
    void aliasExport(Sort sort, int instance, String name) {
        exported(at(instances, instance, "core instance"), name, sort, "core instance " + instance);
        add(sort);
    }

    /** An outer alias of a core module (core types are the {@link TypeSpace}'s). */
    void aliasOuter(Sort sort, Ast.Outer o) {
        if (sort != Sort.CORE_MODULE) {
            return;
        }
        CoreSpaces scope = this;
        for (int i = 0; i < o.count(); i++) {
            if (scope.parent == null) {
                throw new MalformedComponentException("outer alias of " + o.count() + " scopes from a depth of " + i);
            }
            scope = scope.parent;
        }
        modules.add(at(scope.modules, o.index(), "core module"));
    }

    private static void exported(Map<String, Sort> exports, String name, Sort sort, String what) {
        if (exports == null) {
            return; // a module only Chicory can read: it is refused when it is compiled
        }
        Sort found = exports.get(name);
        if (found != sort) {
            throw new MalformedComponentException(what + " exports no " + describe(sort) + " named '" + name + "'"
                    + (found == null ? "" : " (it is a " + describe(found) + ")"));
        }
    }

    /** Checks that {@code index} names a core definition of {@code sort}. */
    void check(Sort sort, int index) {
        if (sort != Sort.CORE_FUNC && sort != Sort.CORE_TABLE && sort != Sort.CORE_MEMORY && sort != Sort.CORE_GLOBAL) {
            throw new MalformedComponentException("a core instance cannot export a " + describe(sort));
        }
        int size = counts.getOrDefault(sort, 0);
        if (index < 0 || index >= size) {
            throw new MalformedComponentException(describe(sort) + " index " + Integer.toUnsignedString(index)
                    + " out of range (" + size + ")");
        }
    }

    /** One more core definition of {@code sort} (a lowered function, a resource built-in, an alias). */
    void add(Sort sort) {
        counts.merge(sort, 1, Integer::sum);
    }

    /** The core functions and memory a lift's or lower's options name. */
    void options(Ast.CanonOptions o) {
        if (o.memory() >= 0) {
            check(Sort.CORE_MEMORY, o.memory());
        }
        if (o.realloc() >= 0) {
            check(Sort.CORE_FUNC, o.realloc());
        }
        if (o.postReturn() >= 0) {
            check(Sort.CORE_FUNC, o.postReturn());
        }
    }

    static String describe(Sort sort) {
        return sort.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
    }

    private static <T> T at(List<T> space, int index, String what) {
        if (index < 0 || index >= space.size()) {
            throw new MalformedComponentException(what + " index " + Integer.toUnsignedString(index)
                    + " out of range (" + space.size() + ")");
        }
        return space.get(index);
    }
}
