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
        return new Walk(TypeSpace.root()).walk(component);
    }

    /** The index spaces of one component as its definitions are walked. */
    private static final class Walk {
        final TypeSpace types;
        final List<WitType.FuncType> funcs = new ArrayList<>();
        final List<TypeSpace.InstanceShape> instances = new ArrayList<>();
        final List<TypeSpace.ComponentShape> components = new ArrayList<>();
        final Map<String, Object> imports = new LinkedHashMap<>();
        final Map<String, Object> exports = new LinkedHashMap<>();

        Walk(TypeSpace types) {
            this.types = types;
        }

        ComponentWorld walk(Ast.Component component) {
            for (Definition d : component.definitions()) {
                definition(d);
            }
            return new ComponentWorld(imports, exports);
        }

        void definition(Definition d) {
            if (d instanceof Ast.TypeDef t) {
                types.define(t.type());
            } else if (d instanceof Ast.CoreTypeDef c) {
                types.addCore(c.type());
            } else if (d instanceof Ast.Import i) {
                Object shape = extern(i.name(), i.type());
                put(imports, i.name(), shape);
            } else if (d instanceof Ast.Canon c && c.function() instanceof Ast.Lift lift) {
                funcs.add(funcType(lift.type()));
            } else if (d instanceof Ast.Alias a) {
                alias(a);
            } else if (d instanceof Ast.Nested n) {
                ComponentWorld inner = new Walk(types.nested()).walk(n.component());
                components.add(new TypeSpace.ComponentShape(inner.imports(), inner.exports()));
            } else if (d instanceof Ast.Instantiate in) {
                instances.add(new TypeSpace.InstanceShape(at(components, in.component(), "component").exports()));
            } else if (d instanceof Ast.FromExports fe) {
                Map<String, Object> shape = new LinkedHashMap<>();
                fe.exports().forEach(a -> put(shape, a.name(), sortEntry(a.sort(), a.index())));
                instances.add(new TypeSpace.InstanceShape(shape));
            } else if (d instanceof Ast.Export e) {
                Object entry = sortEntry(e.sort(), e.index());
                put(exports, e.name(), entry);
                reindex(e.sort(), entry);
            }
        }

        private static void put(Map<String, Object> names, String name, Object value) {
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
                return; // core index spaces do not shape the world
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
                throw new MalformedComponentException(what + " index " + index + " out of range (" + space.size() + ")");
            }
            return space.get(index);
        }
    }
}
