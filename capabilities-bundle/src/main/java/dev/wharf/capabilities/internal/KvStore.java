package dev.wharf.capabilities.internal;

import dev.wharf.api.ComponentId;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import org.h2.mvstore.Cursor;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.type.ByteArrayDataType;
import org.h2.mvstore.type.StringDataType;

/**
 * The key-value data of every component in one H2 MVStore, one map per component
 * ({@code kv.<id>}), so a component can only ever reach its own keys. Each write is committed
 * before it returns: MVStore writes the commit to the file at once and never overwrites
 * committed data, so an acknowledged write survives a killed JVM. The bytes each component uses
 * are counted when its map is first opened and kept up to date, so a quota check needs no scan.
 *
 * <p>Keys are arbitrary bytes; they are kept as ISO-8859-1 strings, one char per byte, because
 * that round-trips every byte and {@link String#compareTo} then orders them as unsigned bytes,
 * which is the order {@code list} promises.
 */
public final class KvStore implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger("dev.wharf.capabilities");
    static final String FILE = "kv.mv.db";
    static final int FORMAT = 1;
    private static final String MAP_PREFIX = "kv.";

    /** One key and its value. */
    record Entry(byte[] key, byte[] value) {}

    /** A component's map and the bytes its entries take; writes to one tenant are serialized on it. */
    private static final class Tenant {
        final MVMap<String, byte[]> map;
        volatile long used;

        Tenant(MVMap<String, byte[]> map, long used) {
            this.map = map;
            this.used = used;
        }
    }

    private final MVStore store;
    private final ConcurrentHashMap<ComponentId, Tenant> tenants = new ConcurrentHashMap<>();

    public KvStore(Path file) {
        this(open(file));
    }

    private KvStore(MVStore store) {
        this.store = store;
    }

    /**
     * A store held in memory only (the fuzz tests): the same maps, counts and checks, no file. A
     * file store commits every write, and MVStore reuses a chunk only after its retention time, so
     * a fuzzer writing a hundred thousand times a second would grow a file by gigabytes.
     */
    static KvStore inMemory() {
        MVStore s = new MVStore.Builder().autoCommitDisabled().open();
        s.<String, Integer>openMap("wharf").put("format", FORMAT);
        return new KvStore(s);
    }

    /** Opens the store; one that is corrupt or newer is moved aside, and a new one is started. */
    static MVStore open(Path file) {
        try {
            MVStore s = new MVStore.Builder().fileName(file.toString()).autoCommitDisabled().open();
            try {
                MVMap<String, Integer> meta = s.openMap("wharf");
                Integer format = meta.get("format");
                if (format != null && format > FORMAT) {
                    throw new IllegalStateException("the store was written by a newer Wharf (format " + format + ")");
                }
                if (format == null) {
                    meta.put("format", FORMAT);
                    s.commit();
                }
                return s;
            } catch (RuntimeException e) {
                s.closeImmediately();
                throw e;
            }
        } catch (RuntimeException e) {
            if (e instanceof org.h2.mvstore.MVStoreException m && m.getErrorCode() == org.h2.mvstore.DataUtils.ERROR_FILE_LOCKED) {
                // in use, not damaged: another container runs in the same directory; leave it alone
                throw new IllegalStateException("the kv store " + file + " is in use by another process (is another "
                        + "container running in the same directory?); it is left as it is", e);
            }
            Path aside = file.resolveSibling(file.getFileName() + ".unreadable-" + System.currentTimeMillis());
            try {
                if (Files.exists(file)) {
                    Files.move(file, aside, StandardCopyOption.REPLACE_EXISTING);
                }
            } catch (IOException io) {
                throw new IllegalStateException("cannot move the unreadable kv store " + file + " aside: " + io, io);
            }
            LOG.log(Level.ERROR, "the kv store " + file + " cannot be read (" + e.getMessage() + "); it was moved to "
                    + aside + " and the kv capability starts with an empty store", e);
            MVStore s = new MVStore.Builder().fileName(file.toString()).autoCommitDisabled().open();
            s.<String, Integer>openMap("wharf").put("format", FORMAT);
            s.commit();
            return s;
        }
    }

    /** The value of {@code key}, or {@code null}. */
    byte[] get(ComponentId id, byte[] key) {
        Tenant t = tenant(id, false);
        return t == null ? null : t.map.get(text(key));
    }

    /**
     * Stores {@code value} under {@code key} unless the component's entries would then take more
     * than {@code quota} bytes (keys plus values); then nothing is written.
     *
     * @return whether it was stored
     */
    boolean set(ComponentId id, byte[] key, byte[] value, long quota) {
        Tenant t = tenant(id, true);
        String k = text(key);
        synchronized (t) {
            byte[] old = t.map.get(k);
            long next = t.used - (old == null ? 0 : key.length + old.length) + key.length + value.length;
            if (next > quota) {
                return false;
            }
            t.map.put(k, value);
            t.used = next;
            store.commit();
            return true;
        }
    }

    /** What {@link #increment} found under the key: no counter, so nothing was written. */
    static final class NotACounterException extends Exception {
        NotACounterException(int length) {
            super("its value has " + length + " bytes, a counter has " + COUNTER_BYTES);
        }
    }

    /** A counter's value: an s64, little-endian, as Spin's stores keep one. */
    static final int COUNTER_BYTES = 8;

    /**
     * Adds {@code delta} to the counter under {@code key} (0 when absent) in one step: no other
     * write of the component comes between the read and the write.
     *
     * @return the new value, or {@code null} when the quota would be exceeded (nothing written)
     * @throws NotACounterException when the key holds a value that is no counter (nothing written)
     * @throws ArithmeticException when the sum leaves the s64 range (nothing written)
     */
    Long increment(ComponentId id, byte[] key, long delta, long quota) throws NotACounterException {
        Tenant t = tenant(id, true);
        synchronized (t) {
            byte[] old = t.map.get(text(key));
            if (old != null && old.length != COUNTER_BYTES) {
                throw new NotACounterException(old.length);
            }
            long value = Math.addExact(old == null ? 0 : ByteBuffer.wrap(old)
                    .order(ByteOrder.LITTLE_ENDIAN).getLong(), delta);
            byte[] next = ByteBuffer.allocate(COUNTER_BYTES).order(ByteOrder.LITTLE_ENDIAN)
                    .putLong(value).array();
            return set(id, key, next, quota) ? value : null;
        }
    }

    /**
     * Stores {@code value} under {@code key} only if the key holds {@code expected} now
     * ({@code null}: only if it is absent), in one step.
     *
     * @return 0 when stored, 1 when the key holds something else, -1 when the quota would be exceeded
     */
    int compareAndSet(ComponentId id, byte[] key, byte[] expected, byte[] value, long quota) {
        Tenant t = tenant(id, true);
        synchronized (t) {
            byte[] old = t.map.get(text(key));
            if (old == null ? expected != null : expected == null || !Arrays.equals(old, expected)) {
                return 1;
            }
            return set(id, key, value, quota) ? 0 : -1;
        }
    }

    /** Removes {@code key}; whether it was there. */
    boolean delete(ComponentId id, byte[] key) {
        Tenant t = tenant(id, false);
        if (t == null) {
            return false;
        }
        synchronized (t) {
            byte[] old = t.map.remove(text(key));
            if (old == null) {
                return false;
            }
            t.used -= key.length + old.length;
            store.commit();
            return true;
        }
    }

    /** The keys that start with {@code prefix}, in ascending unsigned-byte order. */
    List<byte[]> keys(ComponentId id, byte[] prefix) {
        Tenant t = tenant(id, false);
        List<byte[]> out = new ArrayList<>();
        if (t != null) {
            String p = text(prefix);
            for (Iterator<String> it = t.map.keyIterator(p); it.hasNext(); ) {
                String k = it.next();
                if (!k.startsWith(p)) {
                    break;
                }
                out.add(bytes(k));
            }
        }
        return out;
    }

    /** The entries whose keys start with {@code prefix}, in ascending unsigned-byte order of the keys. */
    List<Entry> entries(ComponentId id, byte[] prefix) {
        Tenant t = tenant(id, false);
        List<Entry> out = new ArrayList<>();
        if (t != null) {
            String p = text(prefix);
            // a cursor reads one consistent version of the map, even while the component writes
            Cursor<String, byte[]> c = t.map.cursor(p);
            while (c.hasNext()) {
                String k = c.next();
                if (!k.startsWith(p)) {
                    break;
                }
                out.add(new Entry(bytes(k), c.getValue()));
            }
        }
        return out;
    }

    /** The entries whose keys start with the UTF-8 bytes of {@code prefix}. */
    List<Entry> entries(ComponentId id, String prefix) {
        return entries(id, prefix.getBytes(StandardCharsets.UTF_8));
    }

    /** How many entries the component has. */
    long count(ComponentId id) {
        Tenant t = tenant(id, false);
        return t == null ? 0 : t.map.sizeAsLong();
    }

    /** The bytes the component's entries take: the sum of their key and value lengths. */
    long used(ComponentId id) {
        Tenant t = tenant(id, false);
        return t == null ? 0 : t.used;
    }

    /** Whether it is still open: a closed one may still answer from the maps it holds, but stale. */
    boolean isOpen() {
        return !store.isClosed();
    }

    @Override
    public void close() {
        store.close();
    }

    /**
     * The component's tenant; a map that does not exist yet is only created for a write, so
     * reads (also those of the shell) leave no empty maps behind.
     */
    private Tenant tenant(ComponentId id, boolean create) {
        Tenant t = tenants.get(id);
        if (t != null || (!create && !store.hasMap(MAP_PREFIX + id.value()))) {
            return t;
        }
        return tenants.computeIfAbsent(id, this::openTenant);
    }

    private Tenant openTenant(ComponentId id) {
        MVMap<String, byte[]> map = store.openMap(MAP_PREFIX + id.value(),
                new MVMap.Builder<String, byte[]>().keyType(StringDataType.INSTANCE).valueType(ByteArrayDataType.INSTANCE));
        long used = 0;
        for (Cursor<String, byte[]> c = map.cursor(null); c.hasNext(); ) {
            used += c.next().length() + c.getValue().length;
        }
        return new Tenant(map, used);
    }

    private static String text(byte[] key) {
        return new String(key, StandardCharsets.ISO_8859_1);
    }

    private static byte[] bytes(String key) {
        return key.getBytes(StandardCharsets.ISO_8859_1);
    }
}
