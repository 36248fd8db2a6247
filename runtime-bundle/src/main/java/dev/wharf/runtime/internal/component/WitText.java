package dev.wharf.runtime.internal.component;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Writes types as WIT does, with every type spelled out where it is used (a component's binary
 * names types only through its exports, so a record is written as its fields): what
 * {@code wasm:info} shows of a component's functions.
 */
public final class WitText {

    private WitText() {}

    /** {@code func(a: s32, b: s32) -> s32}. */
    public static String of(WitType.FuncType f) {
        String params = f.params().stream().map(p -> p.name() + ": " + of(p.type())).collect(Collectors.joining(", "));
        String results;
        if (f.results().isEmpty()) {
            results = "";
        } else if (f.results().size() == 1 && f.results().get(0).name().isEmpty()) {
            results = " -> " + of(f.results().get(0).type());
        } else {
            results = " -> (" + f.results().stream().map(p -> p.name() + ": " + of(p.type()))
                    .collect(Collectors.joining(", ")) + ")";
        }
        return "func(" + params + ")" + results;
    }

    public static String of(WitType t) {
        if (t instanceof WitType.Primitive p) {
            return p.wit();
        }
        if (t instanceof WitType.ListType l) {
            return "list<" + of(l.element()) + ">";
        }
        if (t instanceof WitType.RecordType r) {
            return "record { " + r.fields().stream().map(f -> f.name() + ": " + of(f.type()))
                    .collect(Collectors.joining(", ")) + " }";
        }
        if (t instanceof WitType.TupleType tu) {
            return "tuple<" + join(tu.types()) + ">";
        }
        if (t instanceof WitType.VariantType v) {
            return "variant { " + v.cases().stream().map(c -> c.hasPayload() ? c.name() + "(" + of(c.payload()) + ")" : c.name())
                    .collect(Collectors.joining(", ")) + " }";
        }
        if (t instanceof WitType.EnumType e) {
            return "enum { " + String.join(", ", e.names()) + " }";
        }
        if (t instanceof WitType.OptionType o) {
            return "option<" + of(o.type()) + ">";
        }
        if (t instanceof WitType.ResultType r) {
            if (r.ok() == null && r.err() == null) {
                return "result";
            }
            return "result<" + (r.ok() == null ? "_" : of(r.ok())) + (r.err() == null ? "" : ", " + of(r.err())) + ">";
        }
        if (t instanceof WitType.FlagsType f) {
            return "flags { " + String.join(", ", f.names()) + " }";
        }
        if (t instanceof WitType.Own o) {
            return o.resource().name();
        }
        if (t instanceof WitType.Borrow b) {
            return "borrow<" + b.resource().name() + ">";
        }
        return "resource " + ((WitType.ResourceType) t).name();
    }

    private static String join(List<WitType> types) {
        return types.stream().map(WitText::of).collect(Collectors.joining(", "));
    }
}
