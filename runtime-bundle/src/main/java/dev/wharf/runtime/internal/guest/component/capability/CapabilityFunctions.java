package dev.wharf.runtime.internal.guest.component.capability;

import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.ValType;
import dev.wharf.api.ValueType;
import dev.wharf.runtime.internal.engine.CapabilityImport;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which capability functions each standard interface a component imports is served by. These
 * are the component's capability imports ({@code GuestModule.capabilityImports}): the deployer
 * refuses a component whose interface needs a capability it does not declare, and makes it wait
 * while a declared one has no provider, as for a core module importing {@code wharf:kv.get}.
 * wasi:logging needs none. wasi:http/outgoing-handler is here for that check; its instance is
 * served elsewhere, through {@link #HTTP_REQUEST}.
 */
public final class CapabilityFunctions {

    public static final CapabilityImport KV_GET = i32("kv", "get", 3);
    public static final CapabilityImport KV_SET = i32("kv", "set", 4);
    public static final CapabilityImport KV_DELETE = i32("kv", "delete", 2);
    public static final CapabilityImport KV_LIST = i32("kv", "list", 3);
    /** {@code increment(key_ptr, key_len, delta: i64, out) -> i32}. */
    public static final CapabilityImport KV_INCREMENT = of("kv", "increment",
            List.of(ValueType.I32, ValueType.I32, ValueType.I64, ValueType.I32));
    /** {@code cas(key_ptr, key_len, expected_present, expected_ptr, expected_len, val_ptr, val_len) -> i32}. */
    public static final CapabilityImport KV_CAS = i32("kv", "cas", 7);
    public static final CapabilityImport CONFIG_GET = i32("config", "get", 3);
    public static final CapabilityImport CONFIG_LIST = i32("config", "list", 1);
    /** {@code request(method, url, headers, body as pointer and length each, out) -> i32}. */
    public static final CapabilityImport HTTP_REQUEST = i32("http", "request", 9);

    private static final List<CapabilityImport> KV_STORE = List.of(KV_GET, KV_SET, KV_DELETE, KV_LIST);
    private static final List<CapabilityImport> KV_BATCH = List.of(KV_GET, KV_SET, KV_DELETE);
    private static final List<CapabilityImport> CONFIG = List.of(CONFIG_GET, CONFIG_LIST);

    /** {@code wasi:<package>/<interface>@<version>}. */
    private static final Pattern NAME = Pattern.compile("wasi:([a-z-]+/[a-z-]+)@(.+)");
    private static final Pattern HTTP_VERSION = Pattern.compile("0\\.2\\.(?:0|[1-9][0-9]{0,8})");

    private CapabilityFunctions() {}

    /**
     * The capability functions the interface {@code importName} is served by, each naming it as
     * the import that needs it; none for an interface that needs no capability or that is not
     * one of these.
     */
    public static List<CapabilityImport> of(String importName) {
        Matcher m = NAME.matcher(importName);
        if (!m.matches()) {
            return List.of();
        }
        String version = m.group(2);
        List<CapabilityImport> functions = switch (m.group(1)) {
            case "keyvalue/store" -> KeyValueVersion.of(version) == null ? List.of() : KV_STORE;
            case "keyvalue/atomics" -> atomics(KeyValueVersion.of(version));
            case "keyvalue/batch" -> KeyValueVersion.of(version) == null ? List.of() : KV_BATCH;
            case "config/store" -> ConfigInterface.VERSIONS.contains(version) ? CONFIG : List.of();
            case "http/outgoing-handler" -> HTTP_VERSION.matcher(version).matches() ? List.of(HTTP_REQUEST) : List.of();
            default -> List.of();
        };
        return functions.stream().map(f -> f.through(importName)).toList();
    }

    /** The capability functions of every interface in {@code importNames}, each once (the first interface that needs it). */
    public static List<CapabilityImport> of(Collection<String> importNames) {
        Set<String> seen = new LinkedHashSet<>();
        List<CapabilityImport> out = new ArrayList<>();
        for (String name : importNames) {
            for (CapabilityImport f : of(name)) {
                if (seen.add(f.qualifiedName())) {
                    out.add(f);
                }
            }
        }
        return List.copyOf(out);
    }

    private static List<CapabilityImport> atomics(KeyValueVersion version) {
        if (version == null) {
            return List.of();
        }
        return version.hasCompareAndSwap() ? List.of(KV_INCREMENT, KV_GET, KV_CAS) : List.of(KV_INCREMENT);
    }

    private static CapabilityImport i32(String capability, String function, int params) {
        List<ValueType> types = new ArrayList<>();
        for (int i = 0; i < params; i++) {
            types.add(ValueType.I32);
        }
        return of(capability, function, types);
    }

    private static CapabilityImport of(String capability, String function, List<ValueType> params) {
        List<ValType> core = params.stream().map(t -> t == ValueType.I64 ? ValType.I64 : ValType.I32).toList();
        return new CapabilityImport(capability, function, FunctionType.of(core, List.of(ValType.I32)), params,
                List.of(ValueType.I32));
    }
}
