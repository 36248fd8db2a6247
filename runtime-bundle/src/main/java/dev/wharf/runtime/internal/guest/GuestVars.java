package dev.wharf.runtime.internal.guest;

import dev.wharf.api.ComponentId;
import dev.wharf.api.DeliveryRefusedException;
import dev.wharf.api.ErrorCode;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Named values that belong to a component rather than to one of its instances (Extism's
 * "vars"): they outlive a restart, and a swap or an update of the runtime hands them to the new
 * version. Bounded: all names and values together never exceed the bytes the caller allows, so
 * a guest cannot hold more of the heap this way than it may. Written by the thread running the
 * component's call and read when it is handed over, hence synchronised.
 */
public final class GuestVars {

    /** The first bytes of {@link #save()}'s form, so that state of another shape is not taken for vars. */
    private static final int MAGIC = 0x57564152; // "WVAR"

    private final Map<String, byte[]> values = new LinkedHashMap<>();
    private long bytes;

    /** The value of {@code name}, or {@code null}. */
    public synchronized byte[] get(String name) {
        return values.get(name);
    }

    /**
     * Sets {@code name} to {@code value}, or removes it when {@code value} is {@code null}.
     *
     * @throws DeliveryRefusedException {@code QUOTA_EXCEEDED} when all vars would exceed {@code maxBytes}
     *     (the var is left as it was)
     */
    public synchronized void set(ComponentId owner, String name, byte[] value, long maxBytes) {
        byte[] before = values.get(name);
        long size = bytes - (before == null ? 0 : cost(name, before)) + (value == null ? 0 : cost(name, value));
        if (value != null && size > maxBytes) {
            throw new DeliveryRefusedException(ErrorCode.QUOTA_EXCEEDED, "component '" + owner + "': var '"
                    + name + "' of " + value.length + " bytes would bring its vars to " + size
                    + " bytes, more than max-var-bytes " + maxBytes + " (PID dev.wharf.engine)");
        }
        if (value == null) {
            values.remove(name);
        } else {
            values.put(name, value.clone());
        }
        bytes = size;
    }

    /** The bytes all vars hold now (names and values). */
    public synchronized long bytes() {
        return bytes;
    }

    private static long cost(String name, byte[] value) {
        return name.getBytes(StandardCharsets.UTF_8).length + (long) value.length;
    }

    /** All vars in one blob, for the version that takes over. */
    public synchronized byte[] save() {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(buf)) {
            out.writeInt(MAGIC);
            out.writeInt(values.size());
            for (Map.Entry<String, byte[]> e : values.entrySet()) {
                byte[] name = e.getKey().getBytes(StandardCharsets.UTF_8);
                out.writeInt(name.length);
                out.write(name);
                out.writeInt(e.getValue().length);
                out.write(e.getValue());
            }
        } catch (IOException e) {
            throw new IllegalStateException("writing to memory failed", e);
        }
        return buf.toByteArray();
    }

    /**
     * Replaces all vars by those of {@code blob} (from {@link #save()}).
     *
     * @return whether {@code blob} was vars; when not, nothing changed
     */
    public synchronized boolean restore(byte[] blob) {
        Map<String, byte[]> read = new LinkedHashMap<>();
        long size = 0;
        try (DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(blob))) {
            if (blob.length < 8 || in.readInt() != MAGIC) {
                return false;
            }
            int n = in.readInt();
            for (int i = 0; i < n; i++) {
                String name = new String(in.readNBytes(length(in, blob)), StandardCharsets.UTF_8);
                byte[] value = in.readNBytes(length(in, blob));
                read.put(name, value);
                size += cost(name, value);
            }
        } catch (IOException | IllegalArgumentException e) {
            return false;
        }
        values.clear();
        values.putAll(read);
        bytes = size;
        return true;
    }

    private static int length(DataInputStream in, byte[] blob) throws IOException {
        int len = in.readInt();
        if (len < 0 || len > blob.length) {
            throw new IllegalArgumentException("not vars: length " + len);
        }
        return len;
    }
}
