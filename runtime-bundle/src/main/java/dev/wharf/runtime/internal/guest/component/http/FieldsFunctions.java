package dev.wharf.runtime.internal.guest.component.http;

import static dev.wharf.runtime.internal.component.wasi.WasiTypes.BOOL;
import static dev.wharf.runtime.internal.component.wasi.WasiTypes.BYTES;
import static dev.wharf.runtime.internal.component.wasi.WasiTypes.STRING;
import static dev.wharf.runtime.internal.component.wasi.WasiTypes.func;
import static dev.wharf.runtime.internal.component.wasi.WasiTypes.list;
import static dev.wharf.runtime.internal.component.wasi.WasiTypes.method;
import static dev.wharf.runtime.internal.component.wasi.WasiTypes.methodName;
import static dev.wharf.runtime.internal.component.wasi.WasiTypes.own;
import static dev.wharf.runtime.internal.component.wasi.WasiTypes.param;
import static dev.wharf.runtime.internal.component.wasi.WasiTypes.result;
import static dev.wharf.runtime.internal.component.wasi.WasiTypes.tuple;
import static dev.wharf.runtime.internal.guest.component.http.HttpTypes.FIELDS;
import static dev.wharf.runtime.internal.guest.component.http.HttpTypes.HEADER_ERROR;

import dev.wharf.runtime.internal.component.WitType;
import dev.wharf.runtime.internal.component.WitType.Param;
import dev.wharf.runtime.internal.component.WitValue;
import dev.wharf.runtime.internal.component.WitValue.ListValue;
import dev.wharf.runtime.internal.component.WitValue.Str;
import dev.wharf.runtime.internal.component.WitValue.TupleValue;
import dev.wharf.runtime.internal.component.wasi.WasiInstance;
import dev.wharf.runtime.internal.component.wasi.WasiValues;
import dev.wharf.runtime.internal.guest.component.http.HttpObjects.FieldsRef;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code fields} resource of wasi:http/types: header and trailer fields a guest makes
 * (mutable) or gets from a message (immutable: set, append and delete answer
 * {@code header-error.immutable}). A name that is no HTTP token or a value with a control
 * character is {@code invalid-syntax}; a name of the connection's own ({@link Fields#FORBIDDEN})
 * is {@code forbidden}.
 */
final class FieldsFunctions {

    static final WitType ENTRY = tuple(STRING, BYTES);
    private static final WitValue OK = HttpState.ok(null);

    private final HttpState state;

    FieldsFunctions(HttpState state) {
        this.state = state;
    }

    void addTo(WasiInstance types) {
        Param name = param("name", STRING);
        types.func("[constructor]fields", func(own(FIELDS)), a -> state.add(FIELDS, new FieldsRef(
                        new Fields(state.objects), true)))
                .func("[static]fields.from-list", func(result(own(FIELDS), HEADER_ERROR),
                        param("entries", list(ENTRY))), this::fromList)
                .func(methodName(FIELDS, "get"), method(FIELDS, list(BYTES), name), a -> new ListValue(
                        fields(a).fields().get(HttpState.string(a, 1)).stream()
                                .map(v -> (WitValue) WasiValues.byteList(v)).toList()))
                .func(methodName(FIELDS, "has"), method(FIELDS, BOOL, name),
                        a -> new WitValue.Bool(fields(a).fields().has(HttpState.string(a, 1))))
                .func(methodName(FIELDS, "set"), method(FIELDS, result(null, HEADER_ERROR), name,
                        param("value", list(BYTES))), this::set)
                .func(methodName(FIELDS, "delete"), method(FIELDS, result(null, HEADER_ERROR), name), this::delete)
                .func(methodName(FIELDS, "append"), method(FIELDS, result(null, HEADER_ERROR), name,
                        param("value", BYTES)), this::append)
                .func(methodName(FIELDS, "entries"), method(FIELDS, list(ENTRY)), a -> entries(fields(a).fields()))
                .func(methodName(FIELDS, "clone"), method(FIELDS, own(FIELDS)),
                        a -> state.add(FIELDS, new FieldsRef(fields(a).fields().copy(), true)));
    }

    private FieldsRef fields(List<WitValue> a) {
        return state.arg(a, 0, FIELDS, FieldsRef.class);
    }

    private WitValue fromList(List<WitValue> a) {
        List<WitValue> entries = ((ListValue) a.get(0)).elements();
        for (WitValue e : entries) {
            List<WitValue> pair = ((TupleValue) e).values();
            int refusal = Fields.refusal(((Str) pair.get(0)).value(), WasiValues.bytes(pair.get(1)));
            if (refusal >= 0) {
                return HttpState.headerError(refusal);
            }
        }
        Fields f = new Fields(state.objects);
        for (WitValue e : entries) {
            List<WitValue> pair = ((TupleValue) e).values();
            f.add(((Str) pair.get(0)).value(), WasiValues.bytes(pair.get(1)));
        }
        return HttpState.ok(state.add(FIELDS, new FieldsRef(f, true)));
    }

    /** Why the field may not be changed: a header-error, or {@code null} when it may. */
    private static WitValue refusal(FieldsRef ref, String name, byte[] value) {
        if (!ref.mutable()) {
            return HttpState.headerError(HttpTypes.IMMUTABLE);
        }
        int refusal = Fields.refusal(name, value);
        return refusal < 0 ? null : HttpState.headerError(refusal);
    }

    private WitValue set(List<WitValue> a) {
        FieldsRef ref = fields(a);
        String name = HttpState.string(a, 1);
        List<byte[]> values = new ArrayList<>();
        for (WitValue v : ((ListValue) a.get(2)).elements()) {
            values.add(WasiValues.bytes(v));
        }
        for (byte[] v : values.isEmpty() ? List.of(new byte[0]) : values) {
            WitValue refused = refusal(ref, name, v);
            if (refused != null) {
                return refused;
            }
        }
        ref.fields().delete(name);
        values.forEach(v -> ref.fields().add(name, v));
        return OK;
    }

    private WitValue delete(List<WitValue> a) {
        FieldsRef ref = fields(a);
        String name = HttpState.string(a, 1);
        WitValue refused = refusal(ref, name, new byte[0]);
        if (refused != null) {
            return refused;
        }
        ref.fields().delete(name);
        return OK;
    }

    private WitValue append(List<WitValue> a) {
        FieldsRef ref = fields(a);
        String name = HttpState.string(a, 1);
        byte[] value = WasiValues.bytes(a.get(2));
        WitValue refused = refusal(ref, name, value);
        if (refused != null) {
            return refused;
        }
        ref.fields().add(name, value);
        return OK;
    }

    static ListValue entries(Fields fields) {
        List<WitValue> out = new ArrayList<>();
        for (Fields.Entry e : fields.entries()) {
            out.add(new TupleValue(List.of(new Str(e.name()), WasiValues.byteList(e.value()))));
        }
        return new ListValue(out);
    }
}
