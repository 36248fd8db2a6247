package dev.wharf.runtime.internal.component.binary;

import dev.wharf.runtime.internal.component.WitType;
import dev.wharf.runtime.internal.component.binary.Ast.Decl;
import dev.wharf.runtime.internal.component.binary.Ast.ExternType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Resolves the declarators of an instance type or a component type into the shape they
 * describe: the exports (and, for a component type, the imports) by name, each resolved to a
 * function type, a value or resource type, or an instance or component shape. Each scope has its
 * own type index space, reaching out to enclosing ones through outer aliases.
 */
final class Declarations {

    private final TypeSpace space;
    private final List<TypeSpace.InstanceShape> instances = new ArrayList<>();
    private final Map<String, Object> imports = new LinkedHashMap<>();
    private final Map<String, Object> exports = new LinkedHashMap<>();

    private Declarations(TypeSpace space) {
        this.space = space;
    }

    static TypeSpace.InstanceShape instance(TypeSpace space, List<Decl> decls) {
        Declarations d = new Declarations(space);
        d.read(decls);
        return new TypeSpace.InstanceShape(d.exports);
    }

    static TypeSpace.ComponentShape component(TypeSpace space, List<Decl> decls) {
        Declarations d = new Declarations(space);
        d.read(decls);
        return new TypeSpace.ComponentShape(d.imports, d.exports);
    }

    private void read(List<Decl> decls) {
        for (Decl decl : decls) {
            if (decl instanceof Ast.CoreTypeDecl c) {
                space.addCore(c.type());
            } else if (decl instanceof Ast.TypeDecl t) {
                space.define(t.type());
            } else if (decl instanceof Ast.AliasDecl a) {
                alias(a.alias());
            } else if (decl instanceof Ast.ImportDecl i) {
                imports.put(unique(imports, i.name()), extern(i.name(), i.type()));
            } else {
                Ast.ExportDecl e = (Ast.ExportDecl) decl;
                exports.put(unique(exports, e.name()), extern(e.name(), e.type()));
            }
        }
    }

    private static String unique(Map<String, Object> names, String name) {
        if (names.containsKey(name)) {
            throw new MalformedComponentException("'" + name + "' is declared twice");
        }
        return name;
    }

    private void alias(Ast.Alias alias) {
        if (alias.target() instanceof Ast.Outer o) {
            TypeSpace target = space.outer(o.count());
            if (alias.sort() == Ast.Sort.TYPE) {
                space.add(target.get(o.index()));
            } else if (alias.sort() == Ast.Sort.CORE_TYPE) {
                space.addCoreEntry(target.getCore(o.index()));
            } else {
                throw new MalformedComponentException("an outer alias in a type declares a " + alias.sort());
            }
            return;
        }
        if (alias.target() instanceof Ast.InstanceExport ie && alias.sort() == Ast.Sort.TYPE) {
            if (ie.instance() < 0 || ie.instance() >= instances.size()) {
                throw new MalformedComponentException("instance index " + ie.instance() + " out of range");
            }
            Object t = instances.get(ie.instance()).exports().get(ie.name());
            if (t == null) {
                throw new MalformedComponentException("instance " + ie.instance() + " exports no type '" + ie.name() + "'");
            }
            space.add(t);
            return;
        }
        throw new MalformedComponentException("a type declares an alias of a " + alias.sort() + " export");
    }

    /** What an import or export declares; types and instances also enter their index spaces. */
    private Object extern(String name, ExternType type) {
        if (type instanceof Ast.FuncExtern f) {
            if (space.get(f.type()) instanceof WitType.FuncType ft) {
                return ft;
            }
            throw new MalformedComponentException("'" + name + "' is declared a func of type " + f.type() + ", not a function type");
        }
        if (type instanceof Ast.TypeExtern t) {
            Object declared = t.equalTo() < 0 ? space.freshResource(resourceName(name)) : space.get(t.equalTo());
            space.add(declared);
            return declared;
        }
        if (type instanceof Ast.InstanceExtern i) {
            if (space.get(i.type()) instanceof TypeSpace.InstanceShape shape) {
                instances.add(shape);
                return shape;
            }
            throw new MalformedComponentException("'" + name + "' is declared an instance of type " + i.type()
                    + ", not an instance type");
        }
        if (type instanceof Ast.ComponentExtern c) {
            return space.get(c.type());
        }
        return space.getCore(((Ast.CoreModuleExtern) type).coreType());
    }

    /** A resource's name for messages: the last part of its import or export name. */
    static String resourceName(String name) {
        int at = Math.max(name.lastIndexOf('/'), name.lastIndexOf(':'));
        return name.substring(at + 1);
    }
}
