package dev.wharf.runtime.internal.guest.component.capability;

import dev.wharf.runtime.internal.component.WitValue;
import dev.wharf.runtime.internal.component.WitValue.ListValue;
import dev.wharf.runtime.internal.component.WitValue.OptionValue;
import dev.wharf.runtime.internal.component.WitValue.Str;
import java.util.List;

/** What the standard interfaces read and make beyond {@code WasiValues}: strings, lists, options. */
final class HostValues {

    static final OptionValue NONE = OptionValue.NONE;

    private HostValues() {}

    static String string(List<WitValue> args, int i) {
        return ((Str) args.get(i)).value();
    }

    static List<WitValue> list(WitValue list) {
        return ((ListValue) list).elements();
    }

    static OptionValue some(WitValue value) {
        return new OptionValue(value);
    }
}
