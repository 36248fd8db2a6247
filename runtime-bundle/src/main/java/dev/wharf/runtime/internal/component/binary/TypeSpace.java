package dev.wharf.runtime.internal.component.binary;

import dev.wharf.runtime.internal.component.WitType;
import dev.wharf.runtime.internal.component.binary.Ast.DefType;
import dev.wharf.runtime.internal.component.binary.Ast.DefValType;
import dev.wharf.runtime.internal.component.binary.Ast.Labelled;
import dev.wharf.runtime.internal.component.binary.Ast.ValRef;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The type index space of one scope (a component, a component type or an instance type), its
 * entries resolved: value types to {@link WitType}, function types to {@link WitType.FuncType},
 * instance types to {@link InstanceShape}, resource types to fresh {@link WitType.ResourceType}s.
 * An outer alias reads an enclosing scope's space. An index out of range, or one of the wrong
 * kind, is a {@link MalformedComponentException} naming it.
 */
public final class TypeSpace {

    /** The exports of an instance type, by name: a function type, a value type, or an instance type. */
    public record InstanceShape(Map<String, Object> exports) {
        public InstanceShape {
            exports = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(exports));
        }
    }

    /** The imports and exports of a component type, by name. */
    public record ComponentShape(Map<String, Object> imports, Map<String, Object> exports) {
        public ComponentShape {
            imports = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(imports));
            exports = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(exports));
        }
    }

    /** A core type: kept as parsed. */
    public record CoreTypeEntry(Ast.CoreType type) {}

    private final TypeSpace parent;
    private final AtomicInteger resourceIds;
    private final List<Object> types = new ArrayList<>();
    private final List<Object> coreTypes = new ArrayList<>();

    private TypeSpace(TypeSpace parent, AtomicInteger resourceIds) {
        this.parent = parent;
        this.resourceIds = resourceIds;
    }

    /** The space of a component at the top. */
    public static TypeSpace root() {
        return new TypeSpace(null, new AtomicInteger());
    }

    /** The space of a scope nested in this one. */
    public TypeSpace nested() {
        return new TypeSpace(this, resourceIds);
    }

    public int size() {
        return types.size();
    }

    /** Type {@code index}: a WitType, a FuncType, an InstanceShape, a ComponentShape. */
    public Object get(int index) {
        if (index < 0 || index >= types.size()) {
            throw new MalformedComponentException("type index " + index + " out of range (" + types.size() + " types)");
        }
        return types.get(index);
    }

    /** Adds an entry (an alias, an import or export of a type) and returns its index. */
    public int add(Object entry) {
        types.add(entry);
        return types.size() - 1;
    }

    public void addCore(Ast.CoreType type) {
        coreTypes.add(new CoreTypeEntry(type));
    }

    public Object getCore(int index) {
        if (index < 0 || index >= coreTypes.size()) {
            throw new MalformedComponentException("core type index " + index + " out of range (" + coreTypes.size() + ")");
        }
        return coreTypes.get(index);
    }

    public void addCoreEntry(Object entry) {
        coreTypes.add(entry);
    }

    /** The space {@code count} scopes out (0 is this one). */
    public TypeSpace outer(int count) {
        TypeSpace s = this;
        for (int i = 0; i < count; i++) {
            if (s.parent == null) {
                throw new MalformedComponentException("outer alias of " + count + " scopes from a depth of " + i);
            }
            s = s.parent;
        }
        return s;
    }

    /** A fresh resource type, unequal to every other. */
    public WitType.ResourceType freshResource(String name) {
        return new WitType.ResourceType(name, resourceIds.incrementAndGet());
    }

    /** Resolves a type definition and adds it; returns its index. */
    public int define(DefType def) {
        return add(resolve(def));
    }

    private Object resolve(DefType def) {
        if (def instanceof DefValType v) {
            return value(v);
        }
        if (def instanceof Ast.FuncDef f) {
            return new WitType.FuncType(params(f.params()), params(f.results()));
        }
        if (def instanceof Ast.ResourceDef) {
            return freshResource("resource");
        }
        if (def instanceof Ast.InstanceTypeDef i) {
            return Declarations.instance(nested(), i.decls());
        }
        return Declarations.component(nested(), ((Ast.ComponentTypeDef) def).decls());
    }

    private List<WitType.Param> params(List<Labelled> labelled) {
        List<WitType.Param> out = new ArrayList<>();
        for (Labelled l : labelled) {
            out.add(new WitType.Param(l.label(), valType(l.type())));
        }
        return out;
    }

    /** The value type {@code ref} names. */
    public WitType valType(ValRef ref) {
        if (ref instanceof Ast.Prim p) {
            return p.primitive();
        }
        int index = ((Ast.Index) ref).index();
        Object t = get(index);
        if (t instanceof WitType w && !(t instanceof WitType.ResourceType)) {
            return w;
        }
        throw new MalformedComponentException("type " + index + " is not a value type");
    }

    private WitType value(DefValType v) {
        if (v instanceof Ast.Prim p) {
            return p.primitive();
        }
        if (v instanceof Ast.RecordDef r) {
            return new WitType.RecordType(r.fields().stream().map(f -> new WitType.Field(f.label(), valType(f.type()))).toList());
        }
        if (v instanceof Ast.VariantDef d) {
            return new WitType.VariantType(d.cases().stream()
                    .map(c -> new WitType.Case(c.label(), c.type() == null ? null : valType(c.type()))).toList());
        }
        if (v instanceof Ast.ListDef l) {
            return new WitType.ListType(valType(l.element()));
        }
        if (v instanceof Ast.TupleDef t) {
            return new WitType.TupleType(t.types().stream().map(this::valType).toList());
        }
        if (v instanceof Ast.FlagsDef f) {
            return new WitType.FlagsType(f.names());
        }
        if (v instanceof Ast.EnumDef e) {
            return new WitType.EnumType(e.names());
        }
        if (v instanceof Ast.OptionDef o) {
            return new WitType.OptionType(valType(o.type()));
        }
        if (v instanceof Ast.ResultDef r) {
            return new WitType.ResultType(r.ok() == null ? null : valType(r.ok()), r.err() == null ? null : valType(r.err()));
        }
        if (v instanceof Ast.OwnDef o) {
            return new WitType.Own(resource(o.resource()));
        }
        return new WitType.Borrow(resource(((Ast.BorrowDef) v).resource()));
    }

    private WitType.ResourceType resource(int index) {
        if (get(index) instanceof WitType.ResourceType r) {
            return r;
        }
        throw new MalformedComponentException("type " + index + " is not a resource type (own and borrow need one)");
    }
}
