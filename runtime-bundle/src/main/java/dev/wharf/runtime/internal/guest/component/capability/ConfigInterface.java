package dev.wharf.runtime.internal.guest.component.capability;

import static dev.wharf.runtime.internal.component.wasi.WasiTypes.func;
import static dev.wharf.runtime.internal.component.wasi.WasiTypes.param;
import static dev.wharf.runtime.internal.component.wasi.WasiValues.err;
import static dev.wharf.runtime.internal.component.wasi.WasiValues.ok;
import static dev.wharf.runtime.internal.guest.component.capability.CapabilityFunctions.CONFIG_GET;
import static dev.wharf.runtime.internal.guest.component.capability.CapabilityFunctions.CONFIG_LIST;
import static dev.wharf.runtime.internal.guest.component.capability.HostValues.NONE;
import static dev.wharf.runtime.internal.guest.component.capability.HostValues.some;
import static dev.wharf.runtime.internal.guest.component.capability.HostValues.string;

import dev.wharf.api.ErrorCode;
import dev.wharf.runtime.internal.component.WitType;
import dev.wharf.runtime.internal.component.WitType.Case;
import dev.wharf.runtime.internal.component.WitType.ListType;
import dev.wharf.runtime.internal.component.WitType.OptionType;
import dev.wharf.runtime.internal.component.WitType.Primitive;
import dev.wharf.runtime.internal.component.WitType.ResultType;
import dev.wharf.runtime.internal.component.WitType.TupleType;
import dev.wharf.runtime.internal.component.WitType.VariantType;
import dev.wharf.runtime.internal.component.WitValue;
import dev.wharf.runtime.internal.component.wasi.WasiInstance;
import dev.wharf.runtime.internal.component.WitValue.ListValue;
import dev.wharf.runtime.internal.component.WitValue.Str;
import dev.wharf.runtime.internal.component.WitValue.TupleValue;
import dev.wharf.runtime.internal.component.WitValue.VariantValue;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * wasi:config/store over the {@code config} capability: {@code get} is {@code config.get}, a key
 * without a value {@code none}; {@code get-all} is {@code config.list}. The values are the
 * component's {@code config.<key>} values as they are at the call, operator overrides included.
 * A failed call (the policy denies it, no provider) is {@code upstream} with a text naming the
 * failure and its code. The versions served have the same WIT.
 */
final class ConfigInterface {

    /** The versions served: wasmCloud 1's, Spin 3's, wasmCloud 2's. */
    static final Set<String> VERSIONS = Set.of("0.2.0-draft", "0.2.0-draft-2024-09-27", "0.2.0-rc.1");

    /** {@code variant error { upstream(string), io(string) }}. */
    private static final VariantType ERROR = new VariantType(List.of(new Case("upstream", Primitive.STRING),
            new Case("io", Primitive.STRING)));
    private static final WitType PAIRS = new ListType(new TupleType(List.of(Primitive.STRING, Primitive.STRING)));

    private final CapabilityCaller caller;

    ConfigInterface(CapabilityCaller caller) {
        this.caller = caller;
    }

    /** The instance of wasi:config/store@{@code version}. */
    Map<String, Object> instance(String version) {
        return new WasiInstance("wasi:config/store@" + version).type("error", ERROR)
                .func("get", func(new ResultType(new OptionType(Primitive.STRING), ERROR),
                        param("key", Primitive.STRING)), a -> get(string(a, 0)))
                .func("get-all", func(new ResultType(PAIRS, ERROR)), a -> getAll())
                .build();
    }

    private WitValue get(String key) {
        CapabilityCaller.Call call = caller.begin().bytes(key.getBytes(StandardCharsets.UTF_8));
        int out = call.out(8);
        long r = call.run(CONFIG_GET);
        if (r == -ErrorCode.NOT_FOUND.code()) {
            return ok(NONE);
        }
        if (r < 0) {
            return failed(r);
        }
        return ok(some(new Str(new String(caller.returned(out), StandardCharsets.UTF_8))));
    }

    private WitValue getAll() {
        CapabilityCaller.Call call = caller.begin();
        int out = call.out(8);
        long r = call.run(CONFIG_LIST);
        if (r < 0) {
            return failed(r);
        }
        List<byte[]> parts = CapabilityCaller.entries(caller.returned(out));
        List<WitValue> pairs = new ArrayList<>(parts.size() / 2);
        for (int i = 0; i + 1 < parts.size(); i += 2) {
            pairs.add(new TupleValue(List.of(new Str(new String(parts.get(i), StandardCharsets.UTF_8)),
                    new Str(new String(parts.get(i + 1), StandardCharsets.UTF_8)))));
        }
        return ok(new ListValue(pairs));
    }

    private static WitValue failed(long result) {
        return err(new VariantValue(0, new Str(CapabilityError.of("config", result).getMessage())));
    }
}
