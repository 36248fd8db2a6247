package dev.wharf.runtime.internal.component.link;

import com.dylibso.chicory.runtime.GlobalInstance;
import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.ImportGlobal;
import com.dylibso.chicory.runtime.ImportMemory;
import com.dylibso.chicory.runtime.ImportTable;
import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.runtime.TableInstance;
import com.dylibso.chicory.wasm.types.ExternalType;
import com.dylibso.chicory.wasm.types.FunctionImport;
import com.dylibso.chicory.wasm.types.Import;
import dev.wharf.runtime.internal.component.binary.Ast;
import dev.wharf.runtime.internal.component.binary.Ast.Definition;
import dev.wharf.runtime.internal.component.binary.Ast.Sort;
import dev.wharf.runtime.internal.component.binary.MalformedComponentException;
import dev.wharf.runtime.internal.component.binary.TypeSpace;
import dev.wharf.runtime.internal.engine.CompiledModule;
import dev.wharf.runtime.internal.engine.GuestInstance;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Instantiates one component (the outermost, or one nested in it): walks its definitions in
 * order, keeping every index space with what is real at run time — core modules compiled once,
 * core instances on Chicory linked to the definitions before them, functions lifted out of core
 * code and lowered into it, nested components instantiated with their arguments — and answers
 * its exports. What the canonical ABI does on each call is {@link Functions}' business.
 */
public final class Linker {

    private final Linking linking;
    private final Linker parent;
    private final Function<String, Object> imports;
    private final TypeSpace types;
    private final List<CompiledModule> modules = new ArrayList<>();
    private final List<CoreInstance> coreInstances = new ArrayList<>();
    private final List<CoreFunction> coreFuncs = new ArrayList<>();
    private final List<Memory> memories = new ArrayList<>();
    private final List<TableInstance> tables = new ArrayList<>();
    private final List<GlobalInstance> globals = new ArrayList<>();
    private final List<ComponentFunction> funcs = new ArrayList<>();
    private final List<Map<String, Object>> instances = new ArrayList<>();
    private final List<Ast.Component> components = new ArrayList<>();
    private final Map<String, Object> exports = new LinkedHashMap<>();

    private Linker(Linking linking, Linker parent, Function<String, Object> imports, TypeSpace types) {
        this.linking = linking;
        this.parent = parent;
        this.imports = imports;
        this.types = types;
    }

    /**
     * Instantiates {@code component} with what {@code imports} gives for each import name: a
     * {@link ComponentFunction}, or an instance as a map of its exports (functions, and resource
     * types for the resources it defines); {@code null} for an import it does not provide.
     *
     * @return its exports by name: functions, instances (maps), types
     * @throws MalformedComponentException when it is not well-formed or asks for an import not given
     */
    public static Map<String, Object> instantiate(Ast.Component component, Function<String, Object> imports,
            Linking linking) {
        return new Linker(linking, null, imports, TypeSpace.root()).walk(component);
    }

    private Map<String, Object> walk(Ast.Component component) {
        for (Definition d : component.definitions()) {
            define(d);
        }
        return exports;
    }

    private void define(Definition d) {
        if (d instanceof Ast.CoreModule m) {
            modules.add(linking.compile(m.bytes(), modules.size()));
        } else if (d instanceof Ast.CoreInstantiate ci) {
            coreInstances.add(instantiateCore(ci));
        } else if (d instanceof Ast.CoreFromExports ce) {
            coreInstances.add(coreBundle(ce));
        } else if (d instanceof Ast.CoreTypeDef t) {
            types.addCore(t.type());
        } else if (d instanceof Ast.TypeDef t) {
            int index = types.define(t.type());
            if (t.type() instanceof Ast.ResourceDef r) {
                linking.functions().defines((dev.wharf.runtime.internal.component.WitType.ResourceType) types.get(index),
                        r.destructor() < 0 ? null : at(coreFuncs, r.destructor(), "core func"));
            }
        } else if (d instanceof Ast.Alias a) {
            alias(a);
        } else if (d instanceof Ast.Canon c) {
            canon(c.function());
        } else if (d instanceof Ast.Import i) {
            importDefinition(i);
        } else if (d instanceof Ast.Nested n) {
            components.add(n.component());
        } else if (d instanceof Ast.Instantiate in) {
            instances.add(instantiateNested(in));
        } else if (d instanceof Ast.FromExports fe) {
            instances.add(bundle(fe.exports()));
        } else {
            export((Ast.Export) d);
        }
    }

    private void export(Ast.Export e) {
        Object entry = entry(e.sort(), e.index());
        if (exports.putIfAbsent(e.name(), entry) != null) {
            throw new MalformedComponentException("'" + e.name() + "' is exported twice");
        }
        add(e.sort(), entry);
    }

    // ---- core definitions ----------------------------------------------------------------------

    private CoreInstance instantiateCore(Ast.CoreInstantiate ci) {
        CompiledModule module = at(modules, ci.module(), "core module");
        Map<String, CoreInstance> args = new LinkedHashMap<>();
        for (Ast.CoreArg a : ci.args()) {
            args.put(a.name(), at(coreInstances, a.instance(), "core instance"));
        }
        ImportValues.Builder values = ImportValues.builder();
        var section = module.module().importSection();
        for (int i = 0; i < section.importCount(); i++) {
            link(module, section.getImport(i), args, values);
        }
        GuestInstance g = linking.instantiate(module, values.build());
        return new CoreInstance.Module(g);
    }

    private void link(CompiledModule module, Import imp, Map<String, CoreInstance> args, ImportValues.Builder values) {
        CoreInstance from = args.get(imp.module());
        if (from == null) {
            throw new MalformedComponentException("a core module imports '" + imp.module() + "." + imp.name()
                    + "', but its instantiation gives no instance '" + imp.module() + "'");
        }
        ExternalType kind = imp.importType();
        switch (kind) {
            case FUNCTION -> {
                CoreFunction f = (CoreFunction) from.export(imp.name(), Sort.CORE_FUNC);
                values.addFunction(new HostFunction(imp.module(), imp.name(),
                        module.module().typeSection().getType(((FunctionImport) imp).typeIndex()), (inst, a) -> f.call(a)));
            }
            case MEMORY -> values.addMemory(new ImportMemory(imp.module(), imp.name(),
                    (Memory) from.export(imp.name(), Sort.CORE_MEMORY)));
            case TABLE -> values.addTable(new ImportTable(imp.module(), imp.name(),
                    (TableInstance) from.export(imp.name(), Sort.CORE_TABLE)));
            case GLOBAL -> values.addGlobal(new ImportGlobal(imp.module(), imp.name(),
                    (GlobalInstance) from.export(imp.name(), Sort.CORE_GLOBAL)));
            default -> throw new MalformedComponentException("a core module imports a " + kind + ", which components cannot give");
        }
    }

    private CoreInstance coreBundle(Ast.CoreFromExports ce) {
        Map<String, Object> byName = new LinkedHashMap<>();
        for (Ast.CoreExport e : ce.exports()) {
            byName.put(e.name(), coreEntry(e.sort(), e.index()));
        }
        return new CoreInstance.Exports(byName);
    }

    private Object coreEntry(Sort sort, int index) {
        return switch (sort) {
            case CORE_FUNC -> at(coreFuncs, index, "core func");
            case CORE_MEMORY -> at(memories, index, "core memory");
            case CORE_TABLE -> at(tables, index, "core table");
            case CORE_GLOBAL -> at(globals, index, "core global");
            default -> throw new MalformedComponentException("a core instance cannot hold a " + sort);
        };
    }

    private void addCore(Sort sort, Object entry) {
        switch (sort) {
            case CORE_FUNC -> coreFuncs.add((CoreFunction) entry);
            case CORE_MEMORY -> memories.add((Memory) entry);
            case CORE_TABLE -> tables.add((TableInstance) entry);
            case CORE_GLOBAL -> globals.add((GlobalInstance) entry);
            default -> throw new MalformedComponentException("an alias of a core " + sort + " export");
        }
    }

    // ---- aliases, canonical functions, imports ---------------------------------------------------

    private void alias(Ast.Alias a) {
        if (a.target() instanceof Ast.CoreInstanceExport ce) {
            addCore(a.sort(), at(coreInstances, ce.instance(), "core instance").export(ce.name(), a.sort()));
        } else if (a.target() instanceof Ast.InstanceExport ie) {
            Object entry = at(instances, ie.instance(), "instance").get(ie.name());
            if (entry == null) {
                throw new MalformedComponentException("instance " + ie.instance() + " exports nothing named '"
                        + ie.name() + "'");
            }
            add(a.sort(), entry);
        } else {
            outer(a.sort(), (Ast.Outer) a.target());
        }
    }

    private void outer(Sort sort, Ast.Outer o) {
        Linker scope = this;
        for (int i = 0; i < o.count(); i++) {
            if (scope.parent == null) {
                throw new MalformedComponentException("outer alias of " + o.count() + " scopes from a depth of " + i);
            }
            scope = scope.parent;
        }
        switch (sort) {
            case TYPE -> types.add(scope.types.get(o.index()));
            case CORE_TYPE -> types.addCoreEntry(scope.types.getCore(o.index()));
            case COMPONENT -> components.add(at(scope.components, o.index(), "component"));
            case CORE_MODULE -> modules.add(at(scope.modules, o.index(), "core module"));
            default -> throw new MalformedComponentException("an outer alias of a " + sort);
        }
    }

    private void canon(Ast.CanonFunc c) {
        Functions f = linking.functions();
        if (c instanceof Ast.Lift lift) {
            funcs.add(f.lift(funcType(lift.type()), at(coreFuncs, lift.coreFunc(), "core func"), options(lift.options())));
        } else if (c instanceof Ast.Lower lower) {
            coreFuncs.add(f.lower(at(funcs, lower.func(), "func"), options(lower.options())));
        } else if (c instanceof Ast.ResourceNew r) {
            coreFuncs.add(f.resourceNew(resource(r.type())));
        } else if (c instanceof Ast.ResourceDrop r) {
            coreFuncs.add(f.resourceDrop(resource(r.type())));
        } else {
            coreFuncs.add(f.resourceRep(resource(((Ast.ResourceRep) c).type())));
        }
    }

    private Functions.Options options(Ast.CanonOptions o) {
        return new Functions.Options(o.encoding(), o.memory() < 0 ? null : at(memories, o.memory(), "core memory"),
                o.realloc() < 0 ? null : at(coreFuncs, o.realloc(), "core func"),
                o.postReturn() < 0 ? null : at(coreFuncs, o.postReturn(), "core func"));
    }

    private dev.wharf.runtime.internal.component.WitType.FuncType funcType(int index) {
        if (types.get(index) instanceof dev.wharf.runtime.internal.component.WitType.FuncType ft) {
            return ft;
        }
        throw new MalformedComponentException("type " + index + " is not a function type");
    }

    private dev.wharf.runtime.internal.component.WitType.ResourceType resource(int index) {
        if (types.get(index) instanceof dev.wharf.runtime.internal.component.WitType.ResourceType r) {
            return r;
        }
        throw new MalformedComponentException("type " + index + " is not a resource type");
    }

    private void importDefinition(Ast.Import i) {
        if (i.type() instanceof Ast.TypeExtern t) {
            types.add(t.equalTo() < 0 ? types.freshResource(i.name()) : types.get(t.equalTo()));
            return;
        }
        Object given = imports.apply(i.name());
        if (given == null) {
            throw new MalformedComponentException("the component imports '" + i.name() + "', which is not provided");
        }
        if (i.type() instanceof Ast.FuncExtern) {
            funcs.add(cast(given, ComponentFunction.class, i.name()));
        } else if (i.type() instanceof Ast.InstanceExtern) {
            instances.add(castMap(given, i.name()));
        } else {
            throw new MalformedComponentException("import '" + i.name() + "' of a component or core module");
        }
    }

    // ---- component-level definitions ------------------------------------------------------------

    private Map<String, Object> instantiateNested(Ast.Instantiate in) {
        Ast.Component c = at(components, in.component(), "component");
        Map<String, Object> args = new LinkedHashMap<>();
        for (Ast.Arg a : in.args()) {
            args.put(a.name(), entry(a.sort(), a.index()));
        }
        return new Linker(linking, this, args::get, types.nested()).walk(c);
    }

    private Map<String, Object> bundle(List<Ast.Arg> exports) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Ast.Arg a : exports) {
            out.put(a.name(), entry(a.sort(), a.index()));
        }
        return out;
    }

    private Object entry(Sort sort, int index) {
        return switch (sort) {
            case FUNC -> at(funcs, index, "func");
            case INSTANCE -> at(instances, index, "instance");
            case COMPONENT -> at(components, index, "component");
            case TYPE -> types.get(index);
            default -> throw new MalformedComponentException("a " + sort + " cannot be exported or passed");
        };
    }

    private void add(Sort sort, Object entry) {
        switch (sort) {
            case FUNC -> funcs.add(cast(entry, ComponentFunction.class, "func"));
            case INSTANCE -> instances.add(castMap(entry, "instance"));
            case COMPONENT -> components.add(cast(entry, Ast.Component.class, "component"));
            case TYPE -> types.add(entry);
            default -> throw new MalformedComponentException("a " + sort + " cannot be aliased here");
        }
    }

    private static <T> T cast(Object entry, Class<T> type, String what) {
        if (type.isInstance(entry)) {
            return type.cast(entry);
        }
        throw new MalformedComponentException("'" + what + "' is not a " + type.getSimpleName());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> castMap(Object entry, String what) {
        if (entry instanceof Map<?, ?> m) {
            return (Map<String, Object>) m;
        }
        throw new MalformedComponentException("'" + what + "' is not an instance");
    }

    private static <T> T at(List<T> space, int index, String what) {
        if (index < 0 || index >= space.size()) {
            throw new MalformedComponentException(what + " index " + index + " out of range (" + space.size() + ")");
        }
        return space.get(index);
    }
}
