package dev.wharf.runtime.internal.guest.component;

import dev.wharf.api.WitCase;
import dev.wharf.api.WitResource;
import dev.wharf.runtime.internal.component.SourceString;
import dev.wharf.runtime.internal.component.WitNumbers;
import dev.wharf.runtime.internal.component.WitText;
import dev.wharf.runtime.internal.component.WitType;
import dev.wharf.runtime.internal.component.WitType.Primitive;
import dev.wharf.runtime.internal.component.WitValue;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The Java mapping of component values (docs/components.md): {@code Boolean}; {@code Integer}
 * for s8 to s32 and u8, u16; {@code Long} for u32, s64 and u64 (u64 in its two's complement
 * bits); {@code Float}, {@code Double}; a one-code-point {@code String} for char; {@code String};
 * {@code List} for list and tuple, {@code byte[]} for list&lt;u8&gt;; {@code Map} of field names
 * for record; {@link WitCase} for variant and result; the case's name for enum; {@code Optional}
 * for option; {@code Set} of names for flags; {@link WitResource} for own and borrow. Arguments
 * may be any {@code Number} in range, a {@code Character} for char, any {@code List} for
 * list&lt;u8&gt;. A value that does not fit is an {@code IllegalArgumentException} saying where.
 */
final class JavaValues {

    private JavaValues() {}

    static WitValue toWit(WitType type, Object value) {
        if (value == null) {
            throw new IllegalArgumentException("null is no " + WitText.of(type) + " (an option's none is Optional.empty())");
        }
        if (type instanceof Primitive p) {
            return primitive(p, value);
        }
        if (type instanceof WitType.ListType l) {
            return list(l, value);
        }
        if (type instanceof WitType.RecordType r) {
            return record(r, as(Map.class, value, type));
        }
        if (type instanceof WitType.TupleType t) {
            List<?> values = as(List.class, value, type);
            if (values.size() != t.types().size()) {
                throw new IllegalArgumentException("a " + WitText.of(type) + " has " + t.types().size()
                        + " values, got " + values.size());
            }
            List<WitValue> out = new ArrayList<>(values.size());
            for (int i = 0; i < values.size(); i++) {
                out.add(inside("value " + i, t.types().get(i), values.get(i)));
            }
            return new WitValue.TupleValue(out);
        }
        return compound(type, value);
    }

    private static WitValue compound(WitType type, Object value) {
        if (type instanceof WitType.VariantType v) {
            WitCase c = as(WitCase.class, value, type);
            List<String> names = v.cases().stream().map(WitType.Case::name).toList();
            int i = index(names, c.name(), type);
            return new WitValue.VariantValue(i, payload(v.cases().get(i).payload(), c, type));
        }
        if (type instanceof WitType.EnumType e) {
            return new WitValue.EnumValue(index(e.names(), as(String.class, value, type), type));
        }
        if (type instanceof WitType.OptionType o) {
            Optional<?> opt = as(Optional.class, value, type);
            return opt.isEmpty() ? WitValue.OptionValue.NONE : new WitValue.OptionValue(inside("some", o.type(), opt.get()));
        }
        if (type instanceof WitType.ResultType r) {
            WitCase c = as(WitCase.class, value, type);
            int i = index(List.of("ok", "err"), c.name(), type);
            return new WitValue.ResultValue(i == 0, payload(i == 0 ? r.ok() : r.err(), c, type));
        }
        if (type instanceof WitType.FlagsType f) {
            long bits = 0;
            for (Object name : as(Set.class, value, type)) {
                bits |= 1L << index(f.names(), as(String.class, name, type), type);
            }
            return new WitValue.FlagsValue(bits);
        }
        return handle(type, value);
    }

    private static WitValue handle(WitType type, Object value) {
        WitType.ResourceType resource = type instanceof WitType.Own o ? o.resource() : ((WitType.Borrow) type).resource();
        WitResource r = as(WitResource.class, value, type);
        if (!r.type().equals(resource.name())) {
            throw new IllegalArgumentException(r + " is a " + r.type() + ", not a " + resource.name());
        }
        return new WitValue.Handle(r.handle());
    }

    private static WitValue payload(WitType payload, WitCase c, WitType type) {
        if (payload == null) {
            if (c.value() != null) {
                throw new IllegalArgumentException("case " + c.name() + " of " + WitText.of(type) + " has no payload");
            }
            return null;
        }
        return inside(c.name(), payload, c.value());
    }

    private static WitValue record(WitType.RecordType type, Map<?, ?> map) {
        List<WitValue> out = new ArrayList<>(type.fields().size());
        for (WitType.Field f : type.fields()) {
            if (!map.containsKey(f.name())) {
                throw new IllegalArgumentException("missing field " + f.name() + " of " + WitText.of(type));
            }
            out.add(inside("field " + f.name(), f.type(), map.get(f.name())));
        }
        if (map.size() != type.fields().size()) {
            List<String> names = type.fields().stream().map(WitType.Field::name).toList();
            Object extra = map.keySet().stream().filter(k -> !names.contains(k)).map(Object.class::cast).findFirst().orElse("?");
            throw new IllegalArgumentException("no field " + extra + " in " + WitText.of(type));
        }
        return new WitValue.RecordValue(out);
    }

    private static WitValue list(WitType.ListType type, Object value) {
        if (value instanceof byte[] bytes && type.element() == Primitive.U8) {
            return WitValue.ListValue.ofBytes(bytes);
        }
        Collection<?> values = as(List.class, value, type);
        List<WitValue> out = new ArrayList<>(values.size());
        int i = 0;
        for (Object v : values) {
            out.add(inside("element " + i++, type.element(), v));
        }
        return new WitValue.ListValue(out);
    }

    private static WitValue inside(String where, WitType type, Object value) {
        try {
            return toWit(type, value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
        }
    }

    private static WitValue primitive(Primitive type, Object value) {
        switch (type) {
            case BOOL -> {
                return new WitValue.Bool(as(Boolean.class, value, type));
            }
            case F32 -> {
                double d = as(Number.class, value, type).doubleValue();
                if (Double.isFinite(d) && Float.isInfinite((float) d)) {
                    throw new IllegalArgumentException(d + " is out of the range of an f32");
                }
                return new WitValue.F32(value instanceof Float f ? f : (float) d);
            }
            case F64 -> {
                return new WitValue.F64(as(Number.class, value, type).doubleValue());
            }
            case CHAR -> {
                return charOf(value instanceof Character c ? String.valueOf(c) : as(String.class, value, type));
            }
            case STRING -> {
                String text = as(String.class, value, type);
                SourceString.requireScalarValues(text);
                return new WitValue.Str(text);
            }
            default -> {
                return integer(type, as(Number.class, value, type));
            }
        }
    }

    private static WitValue integer(Primitive type, Number n) {
        BigInteger value;
        if (n instanceof Integer || n instanceof Long || n instanceof Short || n instanceof Byte) {
            long v = n.longValue();
            // a negative Long for a u64 is its two's complement bits, as a u64 result comes back
            value = type == Primitive.U64 && v < 0 ? BigInteger.valueOf(v).add(BigInteger.ONE.shiftLeft(64)) : BigInteger.valueOf(v);
        } else if (n instanceof BigInteger b) {
            value = b;
        } else {
            throw new IllegalArgumentException("a " + n.getClass().getSimpleName() + " is no " + type.wit()
                    + " (an Integer, a Long, a Short, a Byte or a BigInteger is)");
        }
        WitValue.Int out = WitNumbers.of(type, value);
        if (out == null) {
            throw new IllegalArgumentException(n + " is not " + WitNumbers.expected(type));
        }
        return out;
    }

    /** The char {@code s} holds: exactly one Unicode scalar value (JSON and CBOR give chars as strings too). */
    static WitValue.Char charOf(String s) {
        if (s.isEmpty() || s.codePointCount(0, s.length()) != 1 || Character.getType(s.codePointAt(0)) == Character.SURROGATE) {
            throw new IllegalArgumentException("a char is one Unicode scalar value, not \"" + s + "\"");
        }
        return new WitValue.Char(s.codePointAt(0));
    }

    /** The index of case (or name) {@code name} of {@code type}'s {@code names}. */
    static int index(List<String> names, String name, WitType type) {
        int i = names.indexOf(name);
        if (i < 0) {
            throw new IllegalArgumentException("no case " + name + " in " + WitText.of(type));
        }
        return i;
    }

    private static <T> T as(Class<T> expected, Object value, WitType type) {
        if (!expected.isInstance(value)) {
            throw new IllegalArgumentException("a " + value.getClass().getSimpleName() + " is no " + WitText.of(type)
                    + " (a " + expected.getSimpleName() + " is)");
        }
        return expected.cast(value);
    }

    /** {@code value}, of type {@code type}, as a Java value. */
    static Object fromWit(WitType type, WitValue value) {
        if (type instanceof Primitive p) {
            return primitive(p, value);
        }
        if (type instanceof WitType.ListType l) {
            WitValue.ListValue list = (WitValue.ListValue) value;
            return l.element() == Primitive.U8 ? list.toBytes() : each(l.element(), list.elements());
        }
        if (type instanceof WitType.RecordType r) {
            List<WitValue> fields = ((WitValue.RecordValue) value).fields();
            Map<String, Object> out = new LinkedHashMap<>();
            for (int i = 0; i < fields.size(); i++) {
                out.put(r.fields().get(i).name(), fromWit(r.fields().get(i).type(), fields.get(i)));
            }
            return out;
        }
        if (type instanceof WitType.TupleType t) {
            List<WitValue> values = ((WitValue.TupleValue) value).values();
            List<Object> out = new ArrayList<>(values.size());
            for (int i = 0; i < values.size(); i++) {
                out.add(fromWit(t.types().get(i), values.get(i)));
            }
            return out;
        }
        return compoundOf(type, value);
    }

    private static Object compoundOf(WitType type, WitValue value) {
        if (type instanceof WitType.VariantType v) {
            WitValue.VariantValue c = (WitValue.VariantValue) value;
            WitType.Case ct = v.cases().get(c.index());
            return new WitCase(ct.name(), ct.hasPayload() ? fromWit(ct.payload(), c.payload()) : null);
        }
        if (type instanceof WitType.EnumType e) {
            return e.names().get(((WitValue.EnumValue) value).index());
        }
        if (type instanceof WitType.OptionType o) {
            WitValue some = ((WitValue.OptionValue) value).value();
            return some == null ? Optional.empty() : Optional.of(fromWit(o.type(), some));
        }
        if (type instanceof WitType.ResultType r) {
            WitValue.ResultValue res = (WitValue.ResultValue) value;
            WitType side = res.ok() ? r.ok() : r.err();
            return new WitCase(res.ok() ? "ok" : "err", side == null ? null : fromWit(side, res.value()));
        }
        if (type instanceof WitType.FlagsType f) {
            long bits = ((WitValue.FlagsValue) value).bits();
            Set<String> out = new LinkedHashSet<>();
            for (int i = 0; i < f.names().size(); i++) {
                if ((bits & (1L << i)) != 0) {
                    out.add(f.names().get(i));
                }
            }
            return out;
        }
        WitType.ResourceType resource = type instanceof WitType.Own o ? o.resource() : ((WitType.Borrow) type).resource();
        return new WitResource(resource.name(), ((WitValue.Handle) value).index());
    }

    private static List<Object> each(WitType element, List<WitValue> values) {
        List<Object> out = new ArrayList<>(values.size());
        for (WitValue v : values) {
            out.add(fromWit(element, v));
        }
        return out;
    }

    private static Object primitive(Primitive type, WitValue value) {
        return switch (type) {
            case BOOL -> ((WitValue.Bool) value).value();
            case F32 -> ((WitValue.F32) value).value();
            case F64 -> ((WitValue.F64) value).value();
            case CHAR -> new String(Character.toChars(((WitValue.Char) value).codePoint()));
            case STRING -> ((WitValue.Str) value).value();
            case U32, S64, U64 -> ((WitValue.Int) value).value();
            default -> (int) ((WitValue.Int) value).value();
        };
    }
}
