package dev.wharf.runtime.internal.guest.component.actor;

import dev.wharf.runtime.internal.component.WitValue;
import dev.wharf.runtime.internal.component.WitValue.Int;
import dev.wharf.runtime.internal.component.WitValue.ListValue;
import dev.wharf.runtime.internal.component.WitValue.ResultValue;
import java.util.Arrays;
import java.util.List;

/** Payloads and texts between Java and the values of wharf:actor's functions. */
final class ActorValues {

    static final ResultValue OK = new ResultValue(true, null);

    private ActorValues() {}

    /** The bytes of a {@code list<u8>}. */
    static byte[] bytes(WitValue list) {
        List<WitValue> elements = ((ListValue) list).elements();
        byte[] out = new byte[elements.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) ((Int) elements.get(i)).value();
        }
        return out;
    }

    /** {@code bytes} as a {@code list<u8>}: each element one of the shared values of a u8. */
    static ListValue list(byte[] bytes) {
        WitValue[] elements = new WitValue[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            elements[i] = Int.of(bytes[i] & 0xFF);
        }
        return new ListValue(Arrays.asList(elements));
    }

    static String text(WitValue string) {
        return ((WitValue.Str) string).value();
    }

    static ResultValue err(WitValue error) {
        return new ResultValue(false, error);
    }
}
