package dev.wharf.runtime.internal.guest.component.capability;

import dev.wharf.runtime.internal.component.link.CanonicalFunctions;
import dev.wharf.runtime.internal.guest.GuestHost;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The standard interfaces Wharf serves over its capabilities, for one component instance, by
 * import name: wasi:keyvalue/store, atomics, batch ({@link KeyValueVersion}: 0.2.0-draft and
 * 0.2.0-draft2) over {@code kv}; wasi:config/store ({@link ConfigInterface#VERSIONS}) over
 * {@code config}; wasi:logging/logging@0.1.0-draft to the guest log. A component importing one
 * declares the capability it needs ({@link CapabilityFunctions}: the deployer sees to it), and
 * every call goes through the component's host as a core module's capability call does. What
 * the instance holds (its buckets, compare-and-swaps, the scratch memory) ends with
 * {@link #close()}.
 */
public final class StandardInterfaces implements AutoCloseable {

    private static final Pattern NAME = Pattern.compile("wasi:(keyvalue|config|logging)/([a-z]+)@(.+)");

    private final GuestHost host;
    private final KvBuckets buckets;
    private final ConfigInterface config;
    private final Map<KeyValueVersion, KeyValueInterfaces> keyValue = new EnumMap<>(KeyValueVersion.class);

    /**
     * @param host the component's host: its capabilities and its log
     * @param functions the instance's canonical functions, which tell of a compare-and-swap the guest drops
     * @param scratchBytes the most the arguments and results of one capability call may take (the
     *     component's memory cap: what it could hand over or take back anyway)
     */
    public StandardInterfaces(GuestHost host, CanonicalFunctions functions, long scratchBytes) {
        this.host = Objects.requireNonNull(host, "host");
        CapabilityCaller caller = new CapabilityCaller(host, new ScratchMemory(scratchBytes));
        this.buckets = new KvBuckets(caller);
        // a bucket's representation is its identifier's, shared by every open of it: nothing to free on its drop
        functions.onDrop(KeyValueVersion.DRAFT2.cas(), buckets::dropCas);
        this.config = new ConfigInterface(caller);
    }

    /** The instance for import {@code importName}, or {@code null} when it is none of these interfaces. */
    public Object provide(String importName) {
        Matcher m = NAME.matcher(importName);
        if (!m.matches()) {
            return null;
        }
        String version = m.group(3);
        return switch (m.group(1) + "/" + m.group(2)) {
            case "keyvalue/store", "keyvalue/atomics", "keyvalue/batch" -> keyValue(version, m.group(2));
            case "config/store" -> ConfigInterface.VERSIONS.contains(version) ? config.instance(version) : null;
            case "logging/logging" -> importName.equals(LoggingInterface.NAME) ? LoggingInterface.instance(host) : null;
            default -> null;
        };
    }

    private Map<String, Object> keyValue(String version, String iface) {
        KeyValueVersion v = KeyValueVersion.of(version);
        return v == null ? null : keyValue.computeIfAbsent(v, x -> new KeyValueInterfaces(buckets, x)).instance(iface);
    }

    /** Whether {@link #provide} serves import {@code importName}: the deployer's check, with no instance at hand. */
    public static boolean provides(String importName) {
        Matcher m = NAME.matcher(importName);
        if (!m.matches()) {
            return false;
        }
        String version = m.group(3);
        return switch (m.group(1) + "/" + m.group(2)) {
            case "keyvalue/store", "keyvalue/atomics", "keyvalue/batch" -> KeyValueVersion.of(version) != null;
            case "config/store" -> ConfigInterface.VERSIONS.contains(version);
            case "logging/logging" -> importName.equals(LoggingInterface.NAME);
            default -> false;
        };
    }

    /** Forgets the instance's buckets and compare-and-swaps. */
    @Override
    public void close() {
        buckets.clear();
    }
}
