package dev.wharf.runtime.internal.component.wasi;

import dev.wharf.runtime.internal.component.WitValue;
import dev.wharf.runtime.internal.component.WitValue.Handle;
import dev.wharf.runtime.internal.component.WitValue.Int;
import dev.wharf.runtime.internal.component.link.ComponentFunction;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Calls the functions of a {@link Wasi} as a guest would, with lifted values. */
final class WasiFixtures {

    final List<String> lines = new ArrayList<>();
    final Wasi wasi;

    WasiFixtures() {
        wasi = new Wasi((level, text) -> lines.add(level + " " + text));
    }

    /** With {@code wall} as the wall clock. */
    WasiFixtures(Clock wall) {
        wasi = new Wasi((level, text) -> lines.add(level + " " + text), System::nanoTime, wall, new SecureRandom());
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> instance(String iface) {
        Object i = wasi.provide(iface + "@0.2.0");
        if (i == null) {
            throw new AssertionError(iface + " is not provided");
        }
        return (Map<String, Object>) i;
    }

    ComponentFunction function(String iface, String name) {
        Object f = instance(iface).get(name);
        if (!(f instanceof ComponentFunction cf)) {
            throw new AssertionError(iface + " has no function " + name);
        }
        return cf;
    }

    /** The one result of {@code iface#name(args)}. */
    WitValue call(String iface, String name, WitValue... args) {
        List<WitValue> results = function(iface, name).call(List.of(args));
        return results.isEmpty() ? null : results.get(0);
    }

    static Int u64(long v) {
        return new Int(v);
    }

    static Handle handle(int rep) {
        return new Handle(rep);
    }

    static WitValue.ListValue bytes(int n, char c) {
        List<WitValue> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(new Int(c));
        }
        return new WitValue.ListValue(out);
    }

    static WitValue.ListValue bytes(byte[] b) {
        List<WitValue> out = new ArrayList<>(b.length);
        for (byte x : b) {
            out.add(new Int(x & 0xFF));
        }
        return new WitValue.ListValue(out);
    }
}
