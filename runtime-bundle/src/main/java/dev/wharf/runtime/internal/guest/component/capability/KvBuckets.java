package dev.wharf.runtime.internal.guest.component.capability;

import static dev.wharf.runtime.internal.guest.component.capability.CapabilityFunctions.KV_CAS;
import static dev.wharf.runtime.internal.guest.component.capability.CapabilityFunctions.KV_DELETE;
import static dev.wharf.runtime.internal.guest.component.capability.CapabilityFunctions.KV_GET;
import static dev.wharf.runtime.internal.guest.component.capability.CapabilityFunctions.KV_INCREMENT;
import static dev.wharf.runtime.internal.guest.component.capability.CapabilityFunctions.KV_LIST;
import static dev.wharf.runtime.internal.guest.component.capability.CapabilityFunctions.KV_SET;

import dev.wharf.api.ErrorCode;
import dev.wharf.runtime.internal.component.CanonicalAbiTrap;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The buckets of one component instance over its {@code kv} capability. A bucket is a part of
 * the component's one store: identifier {@code ""} or {@code "default"} is the store itself,
 * any other identifier {@code name} the keys that start with {@code name:} (a bucket sees them
 * without the prefix). So the default bucket also sees the keys of the others, with their
 * prefixes, and {@code wasm:kv <id> name:} lists one bucket.
 *
 * <p>What the host holds is bounded per instance: a bucket's representation is its identifier's
 * number, the same for every {@code open} of it, so a guest that opens a bucket per call holds
 * at most {@value #MAX_BUCKETS} identifiers. A compare-and-swap is held until the guest drops it
 * or passes it to {@code swap}; at most {@value #MAX_CAS} at once, the oldest forgotten when
 * another begins. Used by the thread running the instance's call.
 */
final class KvBuckets {

    static final int MAX_BUCKETS = 64;
    static final int MAX_CAS = 64;
    /** The longest key of the kv capability, in bytes. */
    static final int MAX_KEY = 1024;
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

    /** A compare-and-swap begun: the full key, and its value as read (null when absent). */
    record Cas(byte[] key, byte[] seen) {}

    private final CapabilityCaller caller;
    private final List<String> prefixes = new ArrayList<>();
    private final Map<String, Integer> byIdentifier = new HashMap<>();
    private final Map<Integer, Cas> cas = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Integer, Cas> eldest) {
            return size() > MAX_CAS;
        }
    };
    private int nextCas = 1;

    KvBuckets(CapabilityCaller caller) {
        this.caller = caller;
    }

    /**
     * The bucket {@code identifier}, as a representation.
     *
     * @throws CapabilityError NOT_FOUND for an identifier that names no bucket, QUOTA_EXCEEDED beyond
     *     {@value #MAX_BUCKETS} identifiers
     */
    int open(String identifier) throws CapabilityError {
        Integer rep = byIdentifier.get(identifier);
        if (rep != null) {
            return rep;
        }
        String prefix;
        if (identifier.isEmpty() || identifier.equals("default")) {
            prefix = "";
        } else if (IDENTIFIER.matcher(identifier).matches()) {
            prefix = identifier + ":";
        } else {
            throw new CapabilityError(ErrorCode.NOT_FOUND, "no bucket '" + identifier + "': an identifier is \"\", "
                    + "\"default\" (the component's store) or 1 to 64 of A-Z a-z 0-9 _ . -");
        }
        if (prefixes.size() >= MAX_BUCKETS) {
            throw new CapabilityError(ErrorCode.QUOTA_EXCEEDED, "an instance opens at most " + MAX_BUCKETS
                    + " different buckets; '" + identifier + "' would be one more");
        }
        prefixes.add(prefix);
        byIdentifier.put(identifier, prefixes.size());
        return prefixes.size();
    }

    /** The value of {@code key}, {@code null} when absent. */
    byte[] get(int bucket, String key) throws CapabilityError {
        return get(key(bucket, key));
    }

    private byte[] get(byte[] key) throws CapabilityError {
        CapabilityCaller.Call call = caller.begin().bytes(key);
        int out = call.out(8);
        long r = call.run(KV_GET);
        if (r == -ErrorCode.NOT_FOUND.code()) {
            return null;
        }
        check(r);
        return caller.returned(out);
    }

    void set(int bucket, String key, byte[] value) throws CapabilityError {
        check(caller.begin().bytes(key(bucket, key)).bytes(value).run(KV_SET));
    }

    /** Removes {@code key}; an absent one is no error. */
    void delete(int bucket, String key) throws CapabilityError {
        long r = caller.begin().bytes(key(bucket, key)).run(KV_DELETE);
        if (r != -ErrorCode.NOT_FOUND.code()) {
            check(r);
        }
    }

    /** Every key of the bucket, without its prefix, in ascending order of their bytes. */
    List<String> keys(int bucket) throws CapabilityError {
        byte[] prefix = prefix(bucket).getBytes(StandardCharsets.UTF_8);
        CapabilityCaller.Call call = caller.begin().bytes(prefix);
        int out = call.out(8);
        check(call.run(KV_LIST));
        List<String> keys = new ArrayList<>();
        for (byte[] k : CapabilityCaller.entries(caller.returned(out))) {
            keys.add(new String(k, prefix.length, k.length - prefix.length, StandardCharsets.UTF_8));
        }
        return keys;
    }

    /** Adds {@code delta} to the counter under {@code key} in one step; the new value. */
    long increment(int bucket, String key, long delta) throws CapabilityError {
        CapabilityCaller.Call call = caller.begin().bytes(key(bucket, key)).value(delta);
        int out = call.out(8);
        long r = call.run(KV_INCREMENT);
        if (r == -ErrorCode.INVALID_ARGUMENTS.code()) { // the key was checked: the value is the problem
            throw new CapabilityError(ErrorCode.INVALID_ARGUMENTS, "the value of key '" + key + "' is no counter (an s64 "
                    + "of 8 bytes, little-endian) or the sum would leave the s64 range; nothing was written (" + r + ")");
        }
        check(r);
        return caller.i64(out);
    }

    /** Begins a compare-and-swap of {@code key}: reads its value now; the representation of the swap. */
    int beginCas(int bucket, String key) throws CapabilityError {
        return begin(key(bucket, key));
    }

    private int begin(byte[] full) throws CapabilityError {
        byte[] seen = get(full);
        int rep = nextCas;
        nextCas = nextCas == Integer.MAX_VALUE ? 1 : nextCas + 1;
        cas.put(rep, new Cas(full, seen));
        return rep;
    }

    /** The value the compare-and-swap {@code rep} read. */
    byte[] seen(int rep) throws CapabilityError {
        return cas(rep, false).seen();
    }

    /**
     * Ends the compare-and-swap {@code rep}: stores {@code value} if its key still holds what it
     * read, in one step.
     *
     * @return 0 when it stored the value; else the key holds another value, and the answer is a
     *     new compare-and-swap of the key that read it, to try again with
     */
    int swap(int rep, byte[] value) throws CapabilityError {
        Cas c = cas(rep, true);
        byte[] seen = c.seen() == null ? new byte[0] : c.seen();
        long r = caller.begin().bytes(c.key()).value(c.seen() == null ? 0 : 1).bytes(seen).bytes(value).run(KV_CAS);
        check(r);
        return r == 0 ? 0 : begin(c.key());
    }

    private Cas cas(int rep, boolean end) throws CapabilityError {
        Cas c = end ? cas.remove(rep) : cas.get(rep);
        if (c == null) {
            throw new CapabilityError(ErrorCode.NOT_FOUND, "this compare-and-swap was forgotten: an instance holds at most "
                    + MAX_CAS + " at once, and " + MAX_CAS + " newer ones were begun since");
        }
        return c;
    }

    /** Forgets the compare-and-swap {@code rep}: the guest dropped it. */
    void dropCas(int rep) {
        cas.remove(rep);
    }

    /** Forgets every bucket and compare-and-swap: the instance has ended. */
    void clear() {
        prefixes.clear();
        byIdentifier.clear();
        cas.clear();
    }

    private String prefix(int bucket) {
        if (bucket < 1 || bucket > prefixes.size()) {
            throw new CanonicalAbiTrap("bucket " + bucket + " was never opened by this instance");
        }
        return prefixes.get(bucket - 1);
    }

    private byte[] key(int bucket, String key) throws CapabilityError {
        if (key.isEmpty()) {
            throw new CapabilityError(ErrorCode.INVALID_ARGUMENTS, "a key may not be empty");
        }
        byte[] full = (prefix(bucket) + key).getBytes(StandardCharsets.UTF_8);
        if (full.length > MAX_KEY) {
            throw new CapabilityError(ErrorCode.INVALID_ARGUMENTS, "key '" + key.substring(0, Math.min(key.length(), 40))
                    + "...' has " + full.length + " bytes with its bucket's prefix; a key has at most " + MAX_KEY);
        }
        return full;
    }

    private static void check(long result) throws CapabilityError {
        if (result < 0) {
            throw CapabilityError.of("kv", result);
        }
    }
}
