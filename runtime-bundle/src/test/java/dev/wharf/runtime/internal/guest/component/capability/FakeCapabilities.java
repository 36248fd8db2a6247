package dev.wharf.runtime.internal.guest.component.capability;

import dev.wharf.api.ErrorCode;
import dev.wharf.runtime.internal.engine.CapabilityImport;
import dev.wharf.runtime.internal.engine.GuestMemory;
import dev.wharf.runtime.internal.guest.TestHost;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A component's host whose kv and config capabilities are fakes that keep the conventions of
 * the capabilities bundle (docs/capabilities.md) on the memory they are given: what a
 * component's standard interfaces call reaches them through {@link #capability}, which records
 * each call; {@link #deny} makes it answer every call as a policy that denies would.
 */
final class FakeCapabilities extends TestHost {

    /** Keys as ISO-8859-1 text (one char per byte), so they order as unsigned bytes. */
    final TreeMap<String, byte[]> kv = new TreeMap<>();
    final List<String> calls = new CopyOnWriteArrayList<>();
    volatile ErrorCode deny;

    FakeCapabilities() {
        super("wasi-user");
        config = new ConcurrentHashMap<>();
    }

    @Override
    public long[] capability(CapabilityImport imp, GuestMemory m, long[] a) {
        calls.add(imp.qualifiedName());
        if (deny != null) {
            return new long[] {-deny.code()};
        }
        return new long[] {run(imp.qualifiedName(), m, a)};
    }

    private long run(String function, GuestMemory m, long[] a) {
        switch (function) {
            case "wharf:kv.get": {
                byte[] v = kv.get(key(m, a[0], a[1]));
                return v == null ? -ErrorCode.NOT_FOUND.code() : m.returnBytes((int) a[2], v);
            }
            case "wharf:kv.set":
                kv.put(key(m, a[0], a[1]), m.read((int) a[2], (int) a[3]));
                return 0;
            case "wharf:kv.delete":
                return kv.remove(key(m, a[0], a[1])) == null ? -ErrorCode.NOT_FOUND.code() : 0;
            case "wharf:kv.list": {
                String prefix = key(m, a[0], a[1]);
                List<String> keys = kv.keySet().stream().filter(k -> k.startsWith(prefix)).toList();
                m.returnBytes((int) a[2], entries(keys.stream().map(k -> k.getBytes(StandardCharsets.ISO_8859_1)).toList()));
                return keys.size();
            }
            case "wharf:kv.increment": {
                String k = key(m, a[0], a[1]);
                byte[] old = kv.get(k);
                long value = (old == null ? 0 : ByteBuffer.wrap(old).order(ByteOrder.LITTLE_ENDIAN).getLong()) + a[2];
                byte[] next = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(value).array();
                kv.put(k, next);
                m.write((int) a[3], next);
                return 0;
            }
            case "wharf:kv.cas": {
                String k = key(m, a[0], a[1]);
                byte[] expected = a[2] == 0 ? null : m.read((int) a[3], (int) a[4]);
                byte[] old = kv.get(k);
                if (old == null ? expected != null : !Arrays.equals(old, expected)) {
                    return 1;
                }
                kv.put(k, m.read((int) a[5], (int) a[6]));
                return 0;
            }
            case "wharf:config.get": {
                String v = config.get(new String(m.read((int) a[0], (int) a[1]), StandardCharsets.UTF_8));
                return v == null ? -ErrorCode.NOT_FOUND.code() : m.returnBytes((int) a[2], v.getBytes(StandardCharsets.UTF_8));
            }
            case "wharf:config.list": {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                new TreeMap<>(config).forEach((k, v) -> out.writeBytes(entries(List.of(k.getBytes(StandardCharsets.UTF_8),
                        v.getBytes(StandardCharsets.UTF_8)))));
                m.returnBytes((int) a[0], out.toByteArray());
                return config.size();
            }
            default:
                return -ErrorCode.CAPABILITY_UNAVAILABLE.code();
        }
    }

    private static String key(GuestMemory m, long ptr, long len) {
        return new String(m.read((int) ptr, (int) len), StandardCharsets.ISO_8859_1);
    }

    private static byte[] entries(List<byte[]> parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(p.length).array());
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    /** The stored value of {@code key} as UTF-8 text, or null. */
    String text(String key) {
        byte[] v = kv.get(new String(key.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1));
        return v == null ? null : new String(v, StandardCharsets.UTF_8);
    }
}
