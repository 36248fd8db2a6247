package dev.wharf.runtime.internal.component.binary;

import dev.wharf.runtime.internal.component.WitType;
import dev.wharf.runtime.internal.component.binary.Ast.Definition;
import dev.wharf.runtime.internal.component.binary.Ast.Sort;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a component imports and exports, with resolved types: the world it implements. Built by
 * walking its definitions with the index spaces the shape depends on (types, functions,
 * instances, components), so every index is checked on the way; core definitions only count.
 *
 * @param imports by name: a {@link WitType.FuncType}, a {@link TypeSpace.InstanceShape}, a type
 * @param exports by name, the same
 */
public record ComponentWorld(Map<String, Object> imports, Map<String, Object> exports) {

    public ComponentWorld {
        imports = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(imports));
        exports = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(exports));
    }

    /**
     * The world of {@code component}.
     *
     * @throws MalformedComponentException naming an index out of range or of the wrong kind
     */
    public static ComponentWorld of(Ast.Component component) {
        return new Walk(TypeSpace.root(), new CoreSpaces(null)).walk(component);
    }

    /** The index spaces of one component as its definitions are walked. */
    private static final class Walk {
        final TypeSpace types;
        final CoreSpaces core;
        final List<WitType.FuncType> funcs = new ArrayList<>();
        final List<TypeSpace.InstanceShape> instances = new ArrayList<>();
        final List<TypeSpace.ComponentShape> components = new ArrayList<>();
        final Map<String, Object> imports = new LinkedHashMap<>();
        final Map<String, Object> exports = new LinkedHashMap<>();

        Walk(TypeSpace types, CoreSpaces core) {
            this.types = types;
            this.core = core;
        }

        ComponentWorld walk(Ast.Component component) {
            List<Definition> definitions = component.definitions();
            for (int i = 0; i < definitions.size(); i++) {
                try {
                    definition(definitions.get(i));
                } catch (MalformedComponentException e) {
                    // the AST keeps no offsets: the definition's place in its component says where
                    throw e.in("definition " + i + " (" + kind(definitions.get(i)) + ")");
                }
            }
            return new ComponentWorld(imports, exports);
        }

        private static String kind(Definition d) {
            if (d instanceof Ast.CoreInstantiate || d instanceof Ast.CoreFromExports) {
                return "core instance";
            }
            if (d instanceof Ast.Instantiate || d instanceof Ast.FromExports) {
                return "instance";
            }
            if (d instanceof Ast.Canon c) {
                return "canon " + c.function().getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT);
            }
            return d instanceof Ast.Nested ? "component"
                    : d.getClass().getSimpleName().replace("Def", "").replaceAll("([a-z])([A-Z])", "$1 $2")
                            .toLowerCase(java.util.Locale.ROOT);
        }

        void definition(Definition d) {
            if (d instanceof Ast.TypeDef t) {
                if (t.type() instanceof Ast.ResourceDef r && r.destructor() >= 0) {
                    core.check(Sort.CORE_FUNC, r.destructor());
                }
                types.define(t.type());
            } else if (d instanceof Ast.CoreTypeDef c) {
                types.addCore(c.type());
            } else if (d instanceof Ast.Import i) {
                Object shape = extern(i.name(), i.type());
                put(imports, i.name(), shape);
            } else if (d instanceof Ast.Canon c) {
                canon(c.function());
            } else if (d instanceof Ast.Alias a) {
                alias(a);
            } else if (d instanceof Ast.Nested n) {
                ComponentWorld inner = new Walk(types.nested(), new CoreSpaces(core)).walk(n.component());
                components.add(new TypeSpace.ComponentShape(inner.imports(), inner.exports()));
            } else if (d instanceof Ast.Instantiate in) {
                instances.add(instantiate(in));
            } else if (d instanceof Ast.FromExports fe) {
                Map<String, Object> shape = new LinkedHashMap<>();
                fe.exports().forEach(a -> put(shape, a.name(), sortEntry(a.sort(), a.index())));
                instances.add(new TypeSpace.InstanceShape(shape));
            } else if (d instanceof Ast.Export e) {
                Object entry = sortEntry(e.sort(), e.index());
                put(exports, e.name(), entry);
                reindex(e.sort(), entry);
            } else {
                coreDefinition(d);
            }
        }

        /** Core modules and instances: only checked, they do not shape the world. */
        private void coreDefinition(Definition d) {
            if (d instanceof Ast.CoreModule m) {
                core.module(m);
            } else if (d instanceof Ast.CoreInstantiate ci) {
                core.instantiate(ci);
            } else if (d instanceof Ast.CoreFromExports ce) {
                core.fromExports(ce);
            }
        }

        /** A canonical function: its indices checked, its result added to its index space. */
        private void canon(Ast.CanonFunc c) {
            if (c instanceof Ast.Lift lift) {
                core.check(Sort.CORE_FUNC, lift.coreFunc());
                core.options(lift.options());
                funcs.add(funcType(lift.type()));
                return;
            }
            if (c instanceof Ast.Lower lower) {
                at(funcs, lower.func(), "func");
                core.options(lower.options());
            } else {
                int type = c instanceof Ast.ResourceNew r ? r.type()
                        : c instanceof Ast.ResourceDrop r ? r.type() : ((Ast.ResourceRep) c).type();
                if (!(types.get(type) instanceof WitType.ResourceType)) {
                    throw new MalformedComponentException("type " + type + " is not a resource type (resource built-ins need one)");
                }
            }
            core.add(Sort.CORE_FUNC);
        }

        /** A nested component's instance: every function, instance or component it imports must be given. */
        private TypeSpace.InstanceShape instantiate(Ast.Instantiate in) {
            TypeSpace.ComponentShape shape = at(components, in.component(), "component");
            Map<String, Sort> given = new LinkedHashMap<>();
            for (Ast.Arg a : in.args()) {
                argument(a.sort(), a.index());
                put(given, a.name(), a.sort());
            }
            shape.imports().forEach((name, type) -> {
                Sort wanted = type instanceof WitType.FuncType ? Sort.FUNC
                        : type instanceof TypeSpace.InstanceShape ? Sort.INSTANCE
                        : type instanceof TypeSpace.ComponentShape ? Sort.COMPONENT : null;
                Sort got = given.get(name);
                if (wanted != null && got != wanted) {
                    throw new MalformedComponentException("component " + in.component() + " imports the " + CoreSpaces.describe(wanted)
                            + " '" + name + "', but its instantiation gives " + (got == null ? "nothing of that name"
                            : "a " + CoreSpaces.describe(got)));
                }
            });
            return new TypeSpace.InstanceShape(shape.exports());
        }

        /** An argument of a nested component's instantiation: an index into its sort's space. */
        private void argument(Sort sort, int index) {
            if (sort == Sort.CORE_MODULE || sort == Sort.CORE_INSTANCE || sort == Sort.CORE_TYPE) {
                return; // core definitions given to a nested component are checked when it is linked
            }
            sortEntry(sort, index);
        }

        private static <T> void put(Map<String, T> names, String name, T value) {
            if (names.putIfAbsent(name, value) != null) {
                throw new MalformedComponentException("'" + name + "' appears twice");
            }
        }

        /** An import: enters its index space, and is what the component asks for. */
        private Object extern(String name, Ast.ExternType type) {
            if (type instanceof Ast.FuncExtern f) {
                WitType.FuncType ft = funcType(f.type());
                funcs.add(ft);
                return ft;
            }
            if (type instanceof Ast.InstanceExtern i) {
                if (types.get(i.type()) instanceof TypeSpace.InstanceShape shape) {
                    instances.add(shape);
                    return shape;
                }
                throw new MalformedComponentException("import '" + name + "': type " + i.type() + " is not an instance type");
            }
            if (type instanceof Ast.TypeExtern t) {
                Object declared = t.equalTo() < 0 ? types.freshResource(Declarations.resourceName(name)) : types.get(t.equalTo());
                types.add(declared);
                return declared;
            }
            if (type instanceof Ast.ComponentExtern c && types.get(c.type()) instanceof TypeSpace.ComponentShape shape) {
                components.add(shape);
                return shape;
            }
            throw new MalformedComponentException("import '" + name + "' of a core module or of a mistyped component");
        }

        private WitType.FuncType funcType(int index) {
            if (types.get(index) instanceof WitType.FuncType ft) {
                return ft;
            }
            throw new MalformedComponentException("type " + index + " is not a function type");
        }

        private void alias(Ast.Alias a) {
            if (a.sort().core()) {
                coreAlias(a);
                return;
            }
            if (a.target() instanceof Ast.Outer o) {
                if (a.sort() != Sort.TYPE) {
                    throw new MalformedComponentException("an outer alias of a " + a.sort() + " (only types)");
                }
                types.add(types.outer(o.count()).get(o.index()));
                return;
            }
            if (!(a.target() instanceof Ast.InstanceExport ie)) {
                throw new MalformedComponentException("a " + a.sort() + " alias of a core instance's export");
            }
            Object entry = at(instances, ie.instance(), "instance").exports().get(ie.name());
            if (entry == null) {
                throw new MalformedComponentException("instance " + ie.instance() + " exports nothing named '" + ie.name() + "'");
            }
            reindex(a.sort(), entry);
        }

        private void coreAlias(Ast.Alias a) {
            if (a.target() instanceof Ast.CoreInstanceExport ce) {
                core.aliasExport(a.sort(), ce.instance(), ce.name());
            } else if (a.target() instanceof Ast.Outer o && a.sort() == Sort.CORE_TYPE) {
                types.addCoreEntry(types.outer(o.count()).getCore(o.index()));
            } else if (a.target() instanceof Ast.Outer o) {
                core.aliasOuter(a.sort(), o);
            }
        }

        /** Adds {@code entry} to the index space of {@code sort}, checking it is of that sort. */
        private void reindex(Sort sort, Object entry) {
            switch (sort) {
                case FUNC -> funcs.add(cast(entry, WitType.FuncType.class, sort));
                case INSTANCE -> instances.add(cast(entry, TypeSpace.InstanceShape.class, sort));
                case COMPONENT -> components.add(cast(entry, TypeSpace.ComponentShape.class, sort));
                case TYPE -> types.add(entry);
                default -> throw new MalformedComponentException("a " + sort + " cannot be exported or aliased here");
            }
        }

        private Object sortEntry(Sort sort, int index) {
            return switch (sort) {
                case FUNC -> at(funcs, index, "func");
                case INSTANCE -> at(instances, index, "instance");
                case COMPONENT -> at(components, index, "component");
                case TYPE -> types.get(index);
                default -> throw new MalformedComponentException("a " + sort + " cannot be exported");
            };
        }

        private static <T> T cast(Object entry, Class<T> type, Sort sort) {
            if (type.isInstance(entry)) {
                return type.cast(entry);
            }
            throw new MalformedComponentException("a " + sort + " alias names something of another sort");
        }

        private static <T> T at(List<T> space, int index, String what) {
            if (index < 0 || index >= space.size()) {
                throw new MalformedComponentException(what + " index " + Integer.toUnsignedString(index)
                        + " out of range (" + space.size() + ")");
            }
            return space.get(index);
        }
    }
}
