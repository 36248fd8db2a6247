package dev.wharf.capabilities.internal;

import dev.wharf.internal.config.ConfigCheck;
import dev.wharf.api.ComponentId;
import dev.wharf.api.ComponentSpec;
import dev.wharf.api.ErrorCode;
import dev.wharf.api.ValueType;
import dev.wharf.api.runtime.ComponentRuntime;
import dev.wharf.spi.capability.Capability;
import dev.wharf.spi.capability.CapabilityAttribute;
import dev.wharf.spi.capability.CapabilityCall;
import dev.wharf.spi.capability.CapabilityException;
import dev.wharf.spi.capability.CapabilityFunction;
import dev.wharf.spi.capability.CapabilityUsage;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.Designate;

/**
 * Capability {@code kv}: a persistent key-value store per component, in module {@code wharf:kv}.
 * Keys are 1 to {@value #MAX_KEY} arbitrary bytes; a component's entries (keys plus values) may
 * take up to its {@code kv-max-bytes}, or {@code default-max-bytes} when it declares none.
 * <ul>
 * <li>{@code get(key_ptr, key_len, out) -> i32}: 0 and the value through {@code out}; -NOT_FOUND</li>
 * <li>{@code set(key_ptr, key_len, val_ptr, val_len) -> i32}: 0; -QUOTA_EXCEEDED, and nothing written</li>
 * <li>{@code delete(key_ptr, key_len) -> i32}: 0; -NOT_FOUND</li>
 * <li>{@code list(prefix_ptr, prefix_len, out) -> i32}: the number of keys with the prefix; through
 *     {@code out} each as a u32 LE length and its bytes, in ascending unsigned-byte order</li>
 * <li>{@code increment(key_ptr, key_len, delta: i64, out) -> i32}: adds {@code delta} to the counter
 *     under the key (an s64 of 8 bytes, little-endian; 0 when absent) in one step; 0 and the new
 *     value as 8 bytes at {@code out}; -INVALID_ARGUMENTS when the value is no counter or the sum
 *     leaves the s64 range; -QUOTA_EXCEEDED; -OUT_OF_BOUNDS when {@code out} lies outside the memory (the
 *     counter left as it was)</li>
 * <li>{@code cas(key_ptr, key_len, expected_present, expected_ptr, expected_len, val_ptr, val_len) -> i32}:
 *     stores the value only if the key holds the expected value now (absent when
 *     {@code expected_present} is 0), in one step; 0 when stored, 1 when the key holds something
 *     else (nothing written); -QUOTA_EXCEEDED</li>
 * </ul>
 * These two serve {@code wasi:keyvalue/atomics} for WebAssembly components.
 * Its {@link #usage} is a component's entries and bytes with its quota. Also a service of its own
 * class, for {@code wasm:kv}.
 */
@Component(service = {Capability.class, KvCapability.class}, property = Capability.NAME + "=" + KvCapability.NAME,
        configurationPid = KvConfig.PID)
@Designate(ocd = KvConfig.class)
public final class KvCapability implements Capability {

    static final String NAME = "kv";
    static final int MAX_KEY = 1024;

    private final KvStore store;
    private final List<CapabilityFunction> functions = List.of(
            CapabilityFunction.i32("get", 3, this::get),
            CapabilityFunction.i32("set", 4, this::set),
            CapabilityFunction.i32("delete", 2, this::delete),
            CapabilityFunction.i32("list", 3, this::list),
            new CapabilityFunction("increment", List.of(ValueType.I32, ValueType.I32, ValueType.I64, ValueType.I32),
                    ValueType.I32, this::increment),
            CapabilityFunction.i32("cas", 7, this::compareAndSet));
    private static final System.Logger LOG = System.getLogger("dev.wharf.capabilities");
    // -1 until the first configuration
    private volatile long defaultQuota = -1;

    /**
     * Only for the quota of a component outside a call ({@link #quota(ComponentId)}: the shell,
     * the Web Console); a call brings its component's spec. Without it the default applies.
     */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    volatile ComponentRuntime runtime;

    @Activate
    public KvCapability(BundleContext context, KvConfig config) {
        this(new KvStore(dataFile(context).toPath()), config);
    }

    /** Over {@code store}, which it closes on {@link #deactivate}. */
    public KvCapability(KvStore store, KvConfig config) {
        this.store = store;
        configure(config);
    }

    private static File dataFile(BundleContext context) {
        File f = context.getDataFile(KvStore.FILE);
        if (f == null) {
            throw new IllegalStateException("the framework gives bundle " + context.getBundle().getSymbolicName()
                    + " no data area, so the kv store has nowhere to live");
        }
        return f;
    }

    @Modified
    void modified(KvConfig config) {
        configure(config);
    }

    private void configure(KvConfig config) {
        boolean first = defaultQuota < 0;
        defaultQuota = ConfigCheck.apply(() -> new ConfigCheck(KvConfig.PID).atLeast("default-max-bytes",
                config.default$_$max$_$bytes(), 1), first ? ConfigCheck.defaults(KvConfig.class).default$_$max$_$bytes()
                : defaultQuota, first, LOG);
    }

    @Deactivate
    public void deactivate() {
        store.close();
    }

    @Override
    public List<CapabilityFunction> functions() {
        return functions;
    }

    // ---- for wasm:kv -----------------------------------------------------------------------------

    /** The entries of {@code id} whose keys start with the UTF-8 bytes of {@code prefix}, in key order. */
    public List<KvStore.Entry> entries(ComponentId id, String prefix) {
        return store.entries(id, prefix);
    }

    /** The bytes the entries of {@code id} take, keys plus values. */
    public long used(ComponentId id) {
        return store.used(id);
    }

    /** The attribute that sets a component's quota. */
    static final String MAX_BYTES = "kv-max-bytes";

    private final List<CapabilityAttribute> attributes = List.of(new CapabilityAttribute(MAX_BYTES,
            "the quota of the component's store in bytes, keys plus values", KvCapability::maxBytes));

    @Override
    public List<CapabilityAttribute> attributes() {
        return attributes;
    }

    /** The value of {@code kv-max-bytes}: a positive number of bytes. */
    static long maxBytes(String value) {
        long v;
        try {
            v = Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            v = -1;
        }
        if (v <= 0) {
            throw new IllegalArgumentException("expected a positive integer (bytes)");
        }
        return v;
    }

    /** The quota of a component whose spec is {@code spec}: its {@code kv-max-bytes}, or the default. */
    public long quota(ComponentSpec spec) {
        return spec.setting(MAX_BYTES).map(KvCapability::maxBytes).orElse(defaultQuota);
    }

    /** The quota of {@code id}: its {@code kv-max-bytes} while the runtime knows it, else the default. */
    public long quota(ComponentId id) {
        ComponentRuntime r = runtime;
        return r == null ? defaultQuota : r.component(id).map(c -> quota(c.metadata().spec())).orElse(defaultQuota);
    }

    /** Its {@code entries} (no limit) and {@code bytes} (keys plus values, of its quota). */
    @Override
    public List<CapabilityUsage> usage(ComponentId id) {
        if (!store.isOpen()) {
            return List.of(); // deactivated: what the maps still hold in memory is no answer
        }
        try {
            return List.of(new CapabilityUsage("entries", store.count(id), CapabilityUsage.NO_LIMIT),
                    new CapabilityUsage("bytes", store.used(id), quota(id)));
        } catch (RuntimeException e) {
            // the store closed under the question (the bundle stopping) or failed reading: nothing to tell
            LOG.log(System.Logger.Level.DEBUG, "no kv usage of '" + id + "': the store cannot be read", e);
            return List.of();
        }
    }

    // ---- the functions -----------------------------------------------------------------------------

    private long get(CapabilityCall call, long[] args) {
        byte[] value = store.get(call.component(), key(call, args[0], args[1]));
        if (value == null) {
            return -ErrorCode.NOT_FOUND.code();
        }
        call.returnBytes((int) args[2], value);
        return 0;
    }

    private long set(CapabilityCall call, long[] args) {
        byte[] key = key(call, args[0], args[1]);
        long length = Integer.toUnsignedLong((int) args[3]);
        long quota = quota(call.spec());
        // a value that cannot fit even alone is refused before it is copied out of the guest
        if (key.length + length > quota) {
            throw quotaExceeded(call, key.length + length, quota);
        }
        byte[] value = call.read((int) args[2], (int) args[3]);
        if (!store.set(call.component(), key, value, quota)) {
            throw quotaExceeded(call, key.length + length, quota);
        }
        return 0;
    }

    private long delete(CapabilityCall call, long[] args) {
        return store.delete(call.component(), key(call, args[0], args[1])) ? 0 : -ErrorCode.NOT_FOUND.code();
    }

    private long list(CapabilityCall call, long[] args) {
        byte[] prefix = call.read((int) args[0], (int) args[1]);
        List<byte[]> keys = store.keys(call.component(), prefix);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] k : keys) {
            out.write(k.length);
            out.write(k.length >>> 8);
            out.write(k.length >>> 16);
            out.write(k.length >>> 24);
            out.writeBytes(k);
        }
        call.returnBytes((int) args[2], out.toByteArray());
        return keys.size();
    }

    private long increment(CapabilityCall call, long[] args) {
        byte[] key = key(call, args[0], args[1]);
        // an out slot outside the guest's memory is refused before the counter moves: a refused call writes nothing
        call.read((int) args[3], KvStore.COUNTER_BYTES);
        long quota = quota(call.spec());
        Long value;
        try {
            value = store.increment(call.component(), key, args[2], quota);
        } catch (KvStore.NotACounterException e) {
            throw new CapabilityException(ErrorCode.INVALID_ARGUMENTS, "the key holds no counter: " + e.getMessage());
        } catch (ArithmeticException e) {
            throw new CapabilityException(ErrorCode.INVALID_ARGUMENTS, "the counter would leave the s64 range");
        }
        if (value == null) {
            throw quotaExceeded(call, key.length + KvStore.COUNTER_BYTES, quota);
        }
        call.write((int) args[3], ByteBuffer.allocate(KvStore.COUNTER_BYTES).order(ByteOrder.LITTLE_ENDIAN)
                .putLong(value).array());
        return 0;
    }

    private long compareAndSet(CapabilityCall call, long[] args) {
        byte[] key = key(call, args[0], args[1]);
        byte[] expected = args[2] == 0 ? null : call.read((int) args[3], (int) args[4]);
        long quota = quota(call.spec());
        long length = Integer.toUnsignedLong((int) args[6]);
        if (key.length + length > quota) {
            throw quotaExceeded(call, key.length + length, quota);
        }
        int r = store.compareAndSet(call.component(), key, expected, call.read((int) args[5], (int) args[6]), quota);
        if (r < 0) {
            throw quotaExceeded(call, key.length + length, quota);
        }
        return r;
    }

    private static byte[] key(CapabilityCall call, long ptr, long len) {
        int n = (int) len;
        if (n == 0 || Integer.compareUnsigned(n, MAX_KEY) > 0) {
            throw new CapabilityException(ErrorCode.INVALID_ARGUMENTS,
                    "a key has 1 to " + MAX_KEY + " bytes, not " + Integer.toUnsignedString(n));
        }
        return call.read((int) ptr, n);
    }

    private CapabilityException quotaExceeded(CapabilityCall call, long entry, long quota) {
        return new CapabilityException(ErrorCode.QUOTA_EXCEEDED, "an entry of " + entry + " bytes would take component '"
                + call.component() + "' beyond its kv quota of " + quota + " bytes (" + store.used(call.component())
                + " used)");
    }
}
