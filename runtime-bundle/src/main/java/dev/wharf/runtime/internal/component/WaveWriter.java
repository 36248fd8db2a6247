package dev.wharf.runtime.internal.component;

import dev.wharf.runtime.internal.component.WitType.Case;
import dev.wharf.runtime.internal.component.WitType.EnumType;
import dev.wharf.runtime.internal.component.WitType.Field;
import dev.wharf.runtime.internal.component.WitType.FlagsType;
import dev.wharf.runtime.internal.component.WitType.ListType;
import dev.wharf.runtime.internal.component.WitType.OptionType;
import dev.wharf.runtime.internal.component.WitType.Primitive;
import dev.wharf.runtime.internal.component.WitType.RecordType;
import dev.wharf.runtime.internal.component.WitType.ResultType;
import dev.wharf.runtime.internal.component.WitType.TupleType;
import dev.wharf.runtime.internal.component.WitType.VariantType;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Writes a {@link WitValue} of a {@link WitType} as WAVE text, in the form wasm-tools' writer
 * (and so {@code wasmtime run --invoke}) prints: {@code ", "} between items, options and results
 * always in their variant form, record fields that are {@code none} left out ({@code {:}} if none
 * is left), cases named like keywords prefixed with {@code %}. {@link WaveParser} reads every
 * output back to the same value (a NaN loses its payload bits: WAVE has one {@code nan}).
 *
 * <p>A resource handle has no WAVE form (the spec leaves it "TBD"); it is written
 * {@code <handle N>}, which no WAVE parser reads as a value, so it cannot be passed back by
 * mistake.
 */
public final class WaveWriter {

    private final StringBuilder out = new StringBuilder();

    private WaveWriter() {}

    /**
     * The WAVE text of {@code value}, a value of {@code type}.
     *
     * @throws IllegalArgumentException if the value does not fit the type (a wrong kind, an integer
     *     out of range, a case index past the cases, a payload missing or extra, a lone surrogate)
     */
    public static String write(WitType type, WitValue value) {
        WaveWriter writer = new WaveWriter();
        writer.value(Objects.requireNonNull(type, "type"), value);
        return writer.out.toString();
    }

    private void value(WitType type, WitValue value) {
        Objects.requireNonNull(value, () -> "a null value for " + typeName(type));
        if (type instanceof Primitive p) {
            primitive(p, value);
        } else if (type instanceof ListType t) {
            items("[", as(WitValue.ListValue.class, value, type).elements(), i -> t.element(), "]");
        } else if (type instanceof RecordType t) {
            record(t, as(WitValue.RecordValue.class, value, type).fields());
        } else if (type instanceof TupleType t) {
            List<WitValue> values = as(WitValue.TupleValue.class, value, type).values();
            check(values.size() == t.types().size(), value, type);
            items("(", values, t.types()::get, ")");
        } else if (type instanceof VariantType t) {
            WitValue.VariantValue v = as(WitValue.VariantValue.class, value, type);
            check(v.index() >= 0 && v.index() < t.cases().size(), value, type);
            Case c = t.cases().get(v.index());
            label(c.name());
            payload(c.payload(), v.payload(), value, type);
        } else if (type instanceof EnumType t) {
            int index = as(WitValue.EnumValue.class, value, type).index();
            check(index >= 0 && index < t.names().size(), value, type);
            label(t.names().get(index));
        } else if (type instanceof OptionType t) {
            WitValue some = as(WitValue.OptionValue.class, value, type).value();
            out.append(some == null ? "none" : "some");
            payload(some == null ? null : t.type(), some, value, type);
        } else if (type instanceof ResultType t) {
            WitValue.ResultValue r = as(WitValue.ResultValue.class, value, type);
            out.append(r.ok() ? "ok" : "err");
            payload(r.ok() ? t.ok() : t.err(), r.value(), value, type);
        } else if (type instanceof FlagsType t) {
            flags(t, as(WitValue.FlagsValue.class, value, type).bits(), value);
        } else if (type instanceof WitType.Own || type instanceof WitType.Borrow) {
            out.append("<handle ").append(as(WitValue.Handle.class, value, type).index()).append('>');
        } else {
            throw new IllegalArgumentException(typeName(type) + " is not a value type");
        }
    }

    private void primitive(Primitive type, WitValue value) {
        switch (type) {
            case BOOL -> out.append(as(WitValue.Bool.class, value, type).value());
            case F32 -> out.append(floatText(as(WitValue.F32.class, value, type).value(), true));
            case F64 -> out.append(floatText(as(WitValue.F64.class, value, type).value(), false));
            case CHAR -> {
                int c = as(WitValue.Char.class, value, type).codePoint();
                check(Character.isValidCodePoint(c) && Character.getType(c) != Character.SURROGATE, value, type);
                out.append('\'');
                escaped(c);
                out.append('\'');
            }
            case STRING -> string(as(WitValue.Str.class, value, type).value(), value);
            default -> {
                long v = as(WitValue.Int.class, value, type).value();
                check(WitNumbers.inRange(type, v), value, type);
                out.append(type == Primitive.U64 ? Long.toUnsignedString(v) : Long.toString(v));
            }
        }
    }

    /**
     * The fewest significant digits that read back as the same float, without an exponent, as
     * Rust's {@code Display} prints floats: 3.4028235e38f is {@code 340282350000000000000000000000000000000},
     * -0.0 is {@code -0}. Not {@code Float.toString}: Java 17's is not always the shortest.
     */
    static String floatText(double value, boolean single) {
        if (Double.isNaN(value)) {
            return "nan";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "inf" : "-inf";
        }
        if (value == 0) {
            return Double.doubleToRawLongBits(value) == 0 ? "0" : "-0";
        }
        BigDecimal exact = new BigDecimal(value);
        for (int digits = 1; ; digits++) {
            BigDecimal rounded = exact.round(new MathContext(digits, RoundingMode.HALF_EVEN));
            String text = rounded.toString();
            if (single ? Float.parseFloat(text) == (float) value : Double.parseDouble(text) == value) {
                return rounded.stripTrailingZeros().toPlainString();
            }
        }
    }

    private void string(String s, WitValue value) {
        out.append('"');
        for (int i = 0; i < s.length(); ) {
            int c = s.codePointAt(i);
            check(Character.getType(c) != Character.SURROGATE, value, Primitive.STRING);
            escaped(c);
            i += Character.charCount(c);
        }
        out.append('"');
    }

    /**
     * The escapes the spec requires in chars and strings alike (both quotes are escaped in both, as
     * wasm-tools does), and <code>&#92;u{…}</code> for what would not show: controls, format characters,
     * separators other than space, combining marks, unassigned and private-use code points.
     */
    private void escaped(int c) {
        switch (c) {
            case '\\' -> out.append("\\\\");
            case '\'' -> out.append("\\'");
            case '"' -> out.append("\\\"");
            case '\t' -> out.append("\\t");
            case '\n' -> out.append("\\n");
            case '\r' -> out.append("\\r");
            default -> {
                if (invisible(c)) {
                    out.append("\\u{").append(Integer.toHexString(c)).append('}');
                } else {
                    out.appendCodePoint(c);
                }
            }
        }
    }

    private static boolean invisible(int c) {
        return switch (Character.getType(c)) {
            case Character.CONTROL, Character.FORMAT, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR,
                    Character.NON_SPACING_MARK, Character.ENCLOSING_MARK, Character.UNASSIGNED,
                    Character.PRIVATE_USE -> true;
            case Character.SPACE_SEPARATOR -> c != ' ';
            default -> false;
        };
    }

    private void record(RecordType type, List<WitValue> values) {
        List<Field> fields = type.fields();
        check(values.size() == fields.size(), new WitValue.RecordValue(values), type);
        out.append('{');
        boolean written = false;
        for (int i = 0; i < fields.size(); i++) {
            WitValue value = values.get(i);
            if (fields.get(i).type() instanceof OptionType && value instanceof WitValue.OptionValue o && o.value() == null) {
                continue;
            }
            out.append(written ? ", " : "").append(fields.get(i).name()).append(": ");
            value(fields.get(i).type(), value);
            written = true;
        }
        // {} would read as flags: a record with every field left out is {:}.
        out.append(written ? "}" : ":}");
    }

    private void flags(FlagsType type, long bits, WitValue value) {
        int count = type.names().size();
        check(count >= 64 || bits >>> count == 0, value, type);
        out.append('{');
        String separator = "";
        for (int i = 0; i < count; i++) {
            if ((bits & 1L << i) != 0) {
                out.append(separator).append(type.names().get(i));
                separator = ", ";
            }
        }
        out.append('}');
    }

    private void items(String open, List<WitValue> values, Function<Integer, WitType> types, String close) {
        out.append(open);
        for (int i = 0; i < values.size(); i++) {
            out.append(i == 0 ? "" : ", ");
            value(types.apply(i), values.get(i));
        }
        out.append(close);
    }

    /** {@code (payload)} if the case has a payload type; the value must have one exactly then. */
    private void payload(WitType payloadType, WitValue payload, WitValue value, WitType type) {
        check((payloadType == null) == (payload == null), value, type);
        if (payloadType != null) {
            out.append('(');
            value(payloadType, payload);
            out.append(')');
        }
    }

    private void label(String name) {
        out.append(WaveLexer.isKeyword(name) ? "%" : "").append(name);
    }

    private static <V extends WitValue> V as(Class<V> kind, WitValue value, WitType type) {
        check(kind.isInstance(value), value, type);
        return kind.cast(value);
    }

    private static void check(boolean fits, WitValue value, WitType type) {
        if (!fits) {
            throw new IllegalArgumentException(value + " is not a value of " + typeName(type));
        }
    }

    /** A type in WIT's syntax, for messages; records, variants and flags with their members inline. */
    static String typeName(WitType type) {
        if (type instanceof Primitive p) {
            return p.wit();
        } else if (type instanceof ListType t) {
            return "list<" + typeName(t.element()) + ">";
        } else if (type instanceof OptionType t) {
            return "option<" + typeName(t.type()) + ">";
        } else if (type instanceof ResultType t) {
            return t.ok() == null && t.err() == null ? "result"
                    : "result<" + (t.ok() == null ? "_" : typeName(t.ok())) + (t.err() == null ? "" : ", " + typeName(t.err())) + ">";
        } else if (type instanceof TupleType t) {
            return join("tuple<", t.types(), WaveWriter::typeName, ">");
        } else if (type instanceof RecordType t) {
            return join("record {", t.fields(), f -> f.name() + ": " + typeName(f.type()), "}");
        } else if (type instanceof VariantType t) {
            return join("variant {", t.cases(), c -> c.name() + (c.hasPayload() ? "(" + typeName(c.payload()) + ")" : ""), "}");
        } else if (type instanceof EnumType t) {
            return join("enum {", t.names(), n -> n, "}");
        } else if (type instanceof FlagsType t) {
            return join("flags {", t.names(), n -> n, "}");
        } else if (type instanceof WitType.Own t) {
            return "own<" + t.resource().name() + ">";
        } else if (type instanceof WitType.Borrow t) {
            return "borrow<" + t.resource().name() + ">";
        }
        return "resource " + ((WitType.ResourceType) type).name();
    }

    private static <T> String join(String open, List<T> items, Function<T, String> name, String close) {
        return items.stream().map(name).collect(Collectors.joining(", ", open, close));
    }
}
