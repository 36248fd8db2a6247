package dev.wharf.runtime.internal.guest.component.capability;

import dev.wharf.runtime.internal.component.WitValue;
import dev.wharf.runtime.internal.component.WitValue.Int;
import dev.wharf.runtime.internal.component.WitValue.ListValue;
import dev.wharf.runtime.internal.component.WitValue.OptionValue;
import dev.wharf.runtime.internal.component.WitValue.ResultValue;
import dev.wharf.runtime.internal.component.WitValue.Str;
import java.util.ArrayList;
import java.util.List;

/** Reading the arguments of the standard interfaces' functions and making their results. */
final class HostValues {

    static final ResultValue OK_UNIT = new ResultValue(true, null);
    static final OptionValue NONE = OptionValue.NONE;

    private HostValues() {}

    static String string(List<WitValue> args, int i) {
        return ((Str) args.get(i)).value();
    }

    static long integer(List<WitValue> args, int i) {
        return ((Int) args.get(i)).value();
    }

    /** Argument {@code i}, a handle: the representation the host gave it. */
    static int rep(List<WitValue> args, int i) {
        return ((WitValue.Handle) args.get(i)).index();
    }

    static List<WitValue> list(WitValue list) {
        return ((ListValue) list).elements();
    }

    /** The bytes of a {@code list<u8>}. */
    static byte[] bytes(WitValue list) {
        List<WitValue> elements = list(list);
        byte[] out = new byte[elements.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) ((Int) elements.get(i)).value();
        }
        return out;
    }

    /** {@code bytes} as a {@code list<u8>}; the elements are the shared small integers. */
    static ListValue byteList(byte[] bytes) {
        List<WitValue> elements = new ArrayList<>(bytes.length);
        for (byte b : bytes) {
            elements.add(Int.of(b & 0xFF));
        }
        return new ListValue(elements);
    }

    static ResultValue ok(WitValue value) {
        return new ResultValue(true, value);
    }

    static ResultValue err(WitValue value) {
        return new ResultValue(false, value);
    }

    static OptionValue some(WitValue value) {
        return new OptionValue(value);
    }
}
