package dev.wharf.runtime.internal.guest.component;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.wharf.runtime.internal.component.WitType;
import dev.wharf.runtime.internal.component.WitType.Primitive;
import dev.wharf.runtime.internal.component.WitValue;
import java.io.IOException;
import java.util.List;

/**
 * Writes a value of a WIT type as JSON or CBOR in the mapping {@link CodecReader} reads; in CBOR a
 * {@code list<u8>} is a byte string.
 */
final class CodecWriter {

    private final JsonGenerator g;
    private final boolean cbor;

    CodecWriter(JsonGenerator g, boolean cbor) {
        this.g = g;
        this.cbor = cbor;
    }

    void value(WitType type, WitValue value) throws IOException {
        if (type instanceof Primitive p) {
            primitive(p, value);
        } else if (type instanceof WitType.ListType l) {
            list(l, (WitValue.ListValue) value);
        } else if (type instanceof WitType.RecordType r) {
            List<WitValue> fields = ((WitValue.RecordValue) value).fields();
            g.writeStartObject();
            for (int i = 0; i < fields.size(); i++) {
                g.writeFieldName(r.fields().get(i).name());
                value(r.fields().get(i).type(), fields.get(i));
            }
            g.writeEndObject();
        } else if (type instanceof WitType.TupleType t) {
            List<WitValue> values = ((WitValue.TupleValue) value).values();
            g.writeStartArray();
            for (int i = 0; i < values.size(); i++) {
                value(t.types().get(i), values.get(i));
            }
            g.writeEndArray();
        } else {
            compound(type, value);
        }
    }

    private void compound(WitType type, WitValue value) throws IOException {
        if (type instanceof WitType.VariantType v) {
            WitValue.VariantValue c = (WitValue.VariantValue) value;
            WitType.Case ct = v.cases().get(c.index());
            tagged(ct.name(), ct.payload(), c.payload());
        } else if (type instanceof WitType.EnumType e) {
            g.writeString(e.names().get(((WitValue.EnumValue) value).index()));
        } else if (type instanceof WitType.OptionType o) {
            WitValue some = ((WitValue.OptionValue) value).value();
            if (o.type() instanceof WitType.OptionType) {
                tagged(some == null ? "none" : "some", some == null ? null : o.type(), some);
            } else if (some == null) {
                g.writeNull();
            } else {
                value(o.type(), some);
            }
        } else if (type instanceof WitType.ResultType r) {
            WitValue.ResultValue res = (WitValue.ResultValue) value;
            tagged(res.ok() ? "ok" : "err", res.ok() ? r.ok() : r.err(), res.value());
        } else if (type instanceof WitType.FlagsType f) {
            long bits = ((WitValue.FlagsValue) value).bits();
            g.writeStartArray();
            for (int i = 0; i < f.names().size(); i++) {
                if ((bits & (1L << i)) != 0) {
                    g.writeString(f.names().get(i));
                }
            }
            g.writeEndArray();
        } else {
            g.writeNumber(((WitValue.Handle) value).index());
        }
    }

    private void tagged(String name, WitType payloadType, WitValue payload) throws IOException {
        g.writeStartObject();
        g.writeStringField("tag", name);
        if (payloadType != null) {
            g.writeFieldName("val");
            value(payloadType, payload);
        }
        g.writeEndObject();
    }

    private void list(WitType.ListType type, WitValue.ListValue list) throws IOException {
        if (cbor && type.element() == Primitive.U8) {
            g.writeBinary(list.toBytes());
            return;
        }
        g.writeStartArray();
        for (WitValue e : list.elements()) {
            value(type.element(), e);
        }
        g.writeEndArray();
    }

    private void primitive(Primitive type, WitValue value) throws IOException {
        switch (type) {
            case BOOL -> g.writeBoolean(((WitValue.Bool) value).value());
            case F32 -> g.writeNumber(((WitValue.F32) value).value());
            case F64 -> g.writeNumber(((WitValue.F64) value).value());
            case CHAR -> g.writeString(new String(Character.toChars(((WitValue.Char) value).codePoint())));
            case STRING -> g.writeString(((WitValue.Str) value).value());
            case U64 -> {
                long v = ((WitValue.Int) value).value();
                if (v < 0) {
                    g.writeNumber(new java.math.BigInteger(Long.toUnsignedString(v)));
                } else {
                    g.writeNumber(v);
                }
            }
            default -> g.writeNumber(((WitValue.Int) value).value());
        }
    }
}
