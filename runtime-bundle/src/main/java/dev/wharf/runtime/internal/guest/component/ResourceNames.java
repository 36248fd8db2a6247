package dev.wharf.runtime.internal.guest.component;

import dev.wharf.runtime.internal.component.WitType;
import java.util.List;
import java.util.Map;

/**
 * Gives the resource types in a component's function types the names its WIT gives them. A
 * component's binary declares a resource under a name of the tool that made it
 * ({@code import-type-counter}) and exports it from its interface as {@code counter}: the
 * exported name is the one users know, for handles in Java, in WAVE and in {@code wasm:info}.
 */
final class ResourceNames {

    private ResourceNames() {}

    /** {@code type} with each resource type that {@code names} names renamed (its identity kept). */
    static WitType rename(WitType type, Map<WitType.ResourceType, String> names) {
        if (names.isEmpty() || type instanceof WitType.Primitive) {
            return type;
        }
        if (type instanceof WitType.Own o) {
            return new WitType.Own(renamed(o.resource(), names));
        }
        if (type instanceof WitType.Borrow b) {
            return new WitType.Borrow(renamed(b.resource(), names));
        }
        if (type instanceof WitType.ListType l) {
            return new WitType.ListType(rename(l.element(), names));
        }
        if (type instanceof WitType.RecordType r) {
            return new WitType.RecordType(r.fields().stream()
                    .map(f -> new WitType.Field(f.name(), rename(f.type(), names))).toList());
        }
        if (type instanceof WitType.TupleType t) {
            return new WitType.TupleType(t.types().stream().map(x -> rename(x, names)).toList());
        }
        if (type instanceof WitType.VariantType v) {
            return new WitType.VariantType(v.cases().stream().map(c ->
                    new WitType.Case(c.name(), c.hasPayload() ? rename(c.payload(), names) : null)).toList());
        }
        if (type instanceof WitType.OptionType o) {
            return new WitType.OptionType(rename(o.type(), names));
        }
        if (type instanceof WitType.ResultType r) {
            return new WitType.ResultType(r.ok() == null ? null : rename(r.ok(), names),
                    r.err() == null ? null : rename(r.err(), names));
        }
        return type; // enum, flags: no resources inside
    }

    static WitType.FuncType rename(WitType.FuncType f, Map<WitType.ResourceType, String> names) {
        return new WitType.FuncType(params(f.params(), names), params(f.results(), names));
    }

    private static List<WitType.Param> params(List<WitType.Param> params, Map<WitType.ResourceType, String> names) {
        return params.stream().map(p -> new WitType.Param(p.name(), rename(p.type(), names))).toList();
    }

    private static WitType.ResourceType renamed(WitType.ResourceType r, Map<WitType.ResourceType, String> names) {
        String name = names.get(r);
        return name == null ? r : new WitType.ResourceType(name, r.id());
    }
}
