package dev.wharf.runtime.internal.guest.component.http;

import dev.wharf.runtime.internal.component.WitType.ResourceType;
import dev.wharf.runtime.internal.component.WitValue;
import dev.wharf.runtime.internal.component.WitValue.Handle;
import dev.wharf.runtime.internal.component.WitValue.OptionValue;
import dev.wharf.runtime.internal.component.WitValue.ResultValue;
import dev.wharf.runtime.internal.component.WitValue.Str;
import dev.wharf.runtime.internal.component.WitValue.VariantValue;
import dev.wharf.runtime.internal.component.wasi.HostObjects;
import dev.wharf.runtime.internal.component.wasi.Wasi;
import dev.wharf.runtime.internal.component.wasi.WasiValues;
import java.util.List;

/**
 * What the functions of wasi:http share for one component instance: its WASI (the streams and
 * pollables of bodies and futures), the host objects they are kept in, and the most bytes a body
 * the component writes may have. Helpers read arguments as objects and make handles of them.
 */
final class HttpState {

    static final ResultValue ERR_UNIT = new ResultValue(false, null);

    final Wasi wasi;
    final HostObjects objects;
    final long bodyCap;

    /** @param bodyCap the most bytes of a body the component writes (its memory cap) */
    HttpState(Wasi wasi, long bodyCap) {
        this.wasi = wasi;
        this.objects = wasi.objects();
        this.bodyCap = bodyCap;
    }

    /** A new own handle of {@code object} as a {@code type}. */
    Handle add(ResourceType type, Object object) {
        return new Handle(objects.add(type, object));
    }

    /** Argument {@code i}, a handle of a {@code type}: its object. */
    <T> T arg(List<WitValue> args, int i, ResourceType type, Class<T> kind) {
        return objects.get(type, WasiValues.rep(args, i), kind);
    }

    /** Argument {@code i}, an own handle passed to the host: its object, now the host's alone. */
    <T> T take(List<WitValue> args, int i, ResourceType type, Class<T> kind) {
        return objects.take(type, WasiValues.rep(args, i), kind);
    }

    static String string(List<WitValue> args, int i) {
        return ((Str) args.get(i)).value();
    }

    /** An {@code option<string>} argument: its text, or {@code null} for none. */
    static String optionalString(List<WitValue> args, int i) {
        WitValue v = ((OptionValue) args.get(i)).value();
        return v == null ? null : ((Str) v).value();
    }

    static OptionValue optional(String s) {
        return s == null ? OptionValue.NONE : new OptionValue(new Str(s));
    }

    static OptionValue optional(WitValue v) {
        return v == null ? OptionValue.NONE : new OptionValue(v);
    }

    static ResultValue ok(WitValue v) {
        return new ResultValue(true, v);
    }

    static ResultValue err(WitValue v) {
        return new ResultValue(false, v);
    }

    /** {@code err(header-error)} of case {@code c}. */
    static ResultValue headerError(int c) {
        return err(new VariantValue(c, null));
    }
}
