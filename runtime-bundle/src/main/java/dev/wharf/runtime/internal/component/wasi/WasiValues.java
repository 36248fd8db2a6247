package dev.wharf.runtime.internal.component.wasi;

import dev.wharf.runtime.internal.component.CanonicalAbiTrap;
import dev.wharf.runtime.internal.component.WitValue;
import dev.wharf.runtime.internal.component.WitValue.Handle;
import dev.wharf.runtime.internal.component.WitValue.Int;
import dev.wharf.runtime.internal.component.WitValue.ListValue;
import dev.wharf.runtime.internal.component.WitValue.ResultValue;
import java.util.List;

/** Reading the arguments of WASI functions and making their results. */
public final class WasiValues {

    public static final ResultValue OK_UNIT = new ResultValue(true, null);
    public static final ListValue EMPTY_LIST = new ListValue(List.of());

    private WasiValues() {}

    /** Argument {@code i}, an integer: its bits (a u64 above {@code Long.MAX_VALUE} is negative). */
    public static long integer(List<WitValue> args, int i) {
        return ((Int) args.get(i)).value();
    }

    /** Argument {@code i}, a handle (own or borrow): the representation the host gave it. */
    public static int rep(List<WitValue> args, int i) {
        return ((Handle) args.get(i)).index();
    }

    /** A {@code u64} length the host acts on, at most {@code max}: a larger one is a trap. */
    public static int length(long u64, long max, String what) {
        if (u64 < 0 || u64 > max) {
            throw new CanonicalAbiTrap(what + " of " + Long.toUnsignedString(u64) + " bytes exceeds the limit of "
                    + max + " bytes");
        }
        return (int) u64;
    }

    public static Int u64(long value) {
        return new Int(value);
    }

    public static ResultValue ok(WitValue value) {
        return new ResultValue(true, value);
    }

    public static ResultValue err(WitValue value) {
        return new ResultValue(false, value);
    }

    /** The bytes of a {@code list<u8>}. */
    public static byte[] bytes(WitValue list) {
        return ((ListValue) list).toBytes();
    }

    /** {@code bytes} as a {@code list<u8>}. */
    public static ListValue byteList(byte[] bytes) {
        return ListValue.ofBytes(bytes);
    }
}
