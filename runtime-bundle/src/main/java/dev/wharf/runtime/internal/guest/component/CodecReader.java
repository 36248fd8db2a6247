package dev.wharf.runtime.internal.guest.component;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.cbor.CBORParser;
import dev.wharf.runtime.internal.component.SourceString;
import dev.wharf.runtime.internal.component.WitNumbers;
import dev.wharf.runtime.internal.component.WitText;
import dev.wharf.runtime.internal.component.WitType;
import dev.wharf.runtime.internal.component.WitType.Primitive;
import dev.wharf.runtime.internal.component.WitValue;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads one value of a WIT type from JSON or CBOR tokens, led by the type (so never deeper than
 * it), in the JSON mapping of docs/components.md: a variant or a result is an object whose
 * {@code tag} (the case) comes before its {@code val} (the payload); an option is {@code null} or
 * its value, an option directly inside an option an object as a variant's with {@code some} and
 * {@code none}; flags are an array of names; a resource is the host's handle number. A value that
 * does not fit is an {@code IllegalArgumentException} saying where.
 */
final class CodecReader {

    private final JsonParser p;

    CodecReader(JsonParser p) {
        this.p = p;
    }

    /** The value at the current token. */
    WitValue value(WitType type) throws IOException {
        JsonToken t = p.currentToken();
        if (type instanceof Primitive prim) {
            return primitive(prim, t);
        }
        if (type instanceof WitType.ListType l) {
            return list(l, t);
        }
        if (type instanceof WitType.RecordType r) {
            return record(r, t);
        }
        if (type instanceof WitType.TupleType tuple) {
            expect(t == JsonToken.START_ARRAY, type, t);
            List<WitValue> out = new ArrayList<>();
            for (JsonToken e = p.nextToken(); e != JsonToken.END_ARRAY; e = p.nextToken()) {
                if (out.size() == tuple.types().size()) {
                    throw new IllegalArgumentException("a " + WitText.of(type) + " has " + tuple.types().size() + " values");
                }
                out.add(inside("value " + out.size(), tuple.types().get(out.size())));
            }
            if (out.size() != tuple.types().size()) {
                throw new IllegalArgumentException("a " + WitText.of(type) + " has " + tuple.types().size()
                        + " values, got " + out.size());
            }
            return new WitValue.TupleValue(out);
        }
        return compound(type, t);
    }

    private WitValue compound(WitType type, JsonToken t) throws IOException {
        if (type instanceof WitType.VariantType v) {
            List<String> names = v.cases().stream().map(WitType.Case::name).toList();
            int i = tag(type, t, names);
            return new WitValue.VariantValue(i, payload(v.cases().get(i).payload(), names.get(i), type));
        }
        if (type instanceof WitType.EnumType e) {
            expect(t == JsonToken.VALUE_STRING, type, t);
            return new WitValue.EnumValue(JavaValues.index(e.names(), p.getText(), type));
        }
        if (type instanceof WitType.OptionType o) {
            return option(o, t);
        }
        if (type instanceof WitType.ResultType r) {
            int i = tag(type, t, List.of("ok", "err"));
            return new WitValue.ResultValue(i == 0, payload(i == 0 ? r.ok() : r.err(), i == 0 ? "ok" : "err", type));
        }
        if (type instanceof WitType.FlagsType f) {
            expect(t == JsonToken.START_ARRAY, type, t);
            long bits = 0;
            for (JsonToken e = p.nextToken(); e != JsonToken.END_ARRAY; e = p.nextToken()) {
                expect(e == JsonToken.VALUE_STRING, type, e);
                bits |= 1L << JavaValues.index(f.names(), p.getText(), type);
            }
            return new WitValue.FlagsValue(bits);
        }
        expect(t == JsonToken.VALUE_NUMBER_INT && p.getNumberType() == JsonParser.NumberType.INT, type, t);
        return new WitValue.Handle(p.getIntValue());
    }

    private WitValue option(WitType.OptionType o, JsonToken t) throws IOException {
        if (!(o.type() instanceof WitType.OptionType)) {
            return t == JsonToken.VALUE_NULL ? WitValue.OptionValue.NONE : new WitValue.OptionValue(inside("some", o.type()));
        }
        // an option of an option: null alone could not tell none from some(none)
        int i = tag(o, t, List.of("none", "some"));
        return i == 0 ? payloadless(o, "none") : new WitValue.OptionValue(payload(o.type(), "some", o));
    }

    private WitValue payloadless(WitType type, String name) throws IOException {
        payload(null, name, type);
        return WitValue.OptionValue.NONE;
    }

    /** Reads {@code {"tag": name}} up to its name; answers the name's index in {@code names}. */
    private int tag(WitType type, JsonToken t, List<String> names) throws IOException {
        expect(t == JsonToken.START_OBJECT, type, t);
        if (p.nextToken() != JsonToken.FIELD_NAME || !"tag".equals(p.currentName())) {
            throw new IllegalArgumentException("a " + WitText.of(type) + " is an object whose first member is \"tag\"");
        }
        JsonToken name = p.nextToken();
        expect(name == JsonToken.VALUE_STRING, type, name);
        return JavaValues.index(names, p.getText(), type);
    }

    /** Reads the rest of a tagged object: {@code "val"} with the payload, or nothing when the case has none. */
    private WitValue payload(WitType payload, String name, WitType type) throws IOException {
        JsonToken t = p.nextToken();
        WitValue out = null;
        if (t == JsonToken.FIELD_NAME && "val".equals(p.currentName())) {
            p.nextToken();
            if (payload == null) {
                if (p.currentToken() != JsonToken.VALUE_NULL) {
                    throw new IllegalArgumentException("case " + name + " of " + WitText.of(type) + " has no payload");
                }
            } else {
                out = inside(name, payload);
            }
            t = p.nextToken();
        } else if (payload != null) {
            throw new IllegalArgumentException("case " + name + " of " + WitText.of(type) + " needs its \"val\"");
        }
        if (t != JsonToken.END_OBJECT) {
            throw new IllegalArgumentException("a " + WitText.of(type) + " has only \"tag\" and \"val\"");
        }
        return out;
    }

    private WitValue record(WitType.RecordType type, JsonToken t) throws IOException {
        expect(t == JsonToken.START_OBJECT, type, t);
        WitValue[] fields = new WitValue[type.fields().size()];
        for (JsonToken e = p.nextToken(); e != JsonToken.END_OBJECT; e = p.nextToken()) {
            String name = p.currentName();
            int i = 0;
            while (i < fields.length && !type.fields().get(i).name().equals(name)) {
                i++;
            }
            if (i == fields.length || fields[i] != null) {
                throw new IllegalArgumentException((i == fields.length ? "no field " : "field twice: ") + name
                        + " in " + WitText.of(type));
            }
            p.nextToken();
            fields[i] = inside("field " + name, type.fields().get(i).type());
        }
        for (int i = 0; i < fields.length; i++) {
            if (fields[i] == null) {
                throw new IllegalArgumentException("missing field " + type.fields().get(i).name() + " of " + WitText.of(type));
            }
        }
        return new WitValue.RecordValue(List.of(fields));
    }

    private WitValue list(WitType.ListType type, JsonToken t) throws IOException {
        if (t == JsonToken.VALUE_EMBEDDED_OBJECT && type.element() == Primitive.U8) {
            return WitValue.ListValue.ofBytes(p.getBinaryValue()); // a CBOR byte string
        }
        expect(t == JsonToken.START_ARRAY, type, t);
        List<WitValue> out = new ArrayList<>();
        for (JsonToken e = p.nextToken(); e != JsonToken.END_ARRAY; e = p.nextToken()) {
            out.add(inside("element " + out.size(), type.element()));
        }
        return new WitValue.ListValue(out);
    }

    private WitValue inside(String where, WitType type) throws IOException {
        try {
            return value(type);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
        }
    }

    private WitValue primitive(Primitive type, JsonToken t) throws IOException {
        switch (type) {
            case BOOL -> {
                expect(t == JsonToken.VALUE_TRUE || t == JsonToken.VALUE_FALSE, type, t);
                return new WitValue.Bool(t == JsonToken.VALUE_TRUE);
            }
            case F32, F64 -> {
                return floating(type, t);
            }
            case CHAR -> {
                expect(t == JsonToken.VALUE_STRING, type, t);
                return JavaValues.charOf(p.getText());
            }
            case STRING -> {
                expect(t == JsonToken.VALUE_STRING, type, t);
                String text = p.getText();
                SourceString.requireScalarValues(text);
                return new WitValue.Str(text);
            }
            default -> {
                expect(t == JsonToken.VALUE_NUMBER_INT, type, t);
                WitValue.Int v = WitNumbers.of(type, p.getBigIntegerValue());
                if (v == null) {
                    throw new IllegalArgumentException(p.getText() + " is not " + WitNumbers.expected(type));
                }
                return v;
            }
        }
    }

    /**
     * A number, or NaN, Infinity, -Infinity (bare in JSON, or as strings). A JSON literal beyond
     * the type's range is refused, never a silent infinity; CBOR's floats are taken as they are
     * (an infinity there is one), its doubles rounded to an f32 only when finite there too.
     */
    private WitValue floating(Primitive type, JsonToken t) throws IOException {
        boolean number = t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT;
        String text = p.getText();
        boolean named = "NaN".equals(text) || "Infinity".equals(text) || "-Infinity".equals(text);
        expect(number || t == JsonToken.VALUE_STRING && named, type, t);
        boolean binary = p instanceof CBORParser && !named;
        if (type == Primitive.F32) {
            float f = !binary ? Float.parseFloat(text)
                    : p.getNumberType() == JsonParser.NumberType.FLOAT ? p.getFloatValue() : (float) p.getDoubleValue();
            if (Float.isInfinite(f) && !named && !(binary && Double.isInfinite(p.getDoubleValue()))) {
                throw new IllegalArgumentException(text + " is out of the range of an f32");
            }
            return new WitValue.F32(f);
        }
        double d = binary ? p.getDoubleValue() : Double.parseDouble(text);
        if (Double.isInfinite(d) && !named && !binary) {
            throw new IllegalArgumentException(text + " is out of the range of an f64");
        }
        return new WitValue.F64(d);
    }

    private void expect(boolean ok, WitType type, JsonToken t) throws IOException {
        if (!ok) {
            throw new IllegalArgumentException("expected " + WitText.of(type) + ", got " + describe(t));
        }
    }

    private String describe(JsonToken t) throws IOException {
        if (t == null) {
            return "the end";
        }
        return switch (t) {
            case VALUE_STRING -> "the string \"" + p.getText() + "\"";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            case START_ARRAY -> "an array";
            case START_OBJECT -> "an object";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "the number " + p.getText();
            case VALUE_EMBEDDED_OBJECT -> "a byte string";
            default -> t.name().toLowerCase(java.util.Locale.ROOT);
        };
    }
}
