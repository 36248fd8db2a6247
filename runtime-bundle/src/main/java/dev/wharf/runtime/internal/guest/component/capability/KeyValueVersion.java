package dev.wharf.runtime.internal.guest.component.capability;

import dev.wharf.runtime.internal.component.WitType;
import dev.wharf.runtime.internal.component.WitType.Case;
import dev.wharf.runtime.internal.component.WitType.Field;
import dev.wharf.runtime.internal.component.WitType.ListType;
import dev.wharf.runtime.internal.component.WitType.OptionType;
import dev.wharf.runtime.internal.component.WitType.Primitive;
import dev.wharf.runtime.internal.component.WitType.RecordType;
import dev.wharf.runtime.internal.component.WitType.ResourceType;
import dev.wharf.runtime.internal.component.WitType.VariantType;
import java.util.List;

/**
 * The versions of wasi:keyvalue served, and where they differ: 0.2.0-draft (wasmCloud) counts
 * with {@code u64}, pages keys with a {@code u64} cursor (an offset) and answers get-many as
 * {@code option<tuple<key, value>>}; 0.2.0-draft2 (Spin 3) counts with {@code s64}, pages with a
 * {@code string} cursor (the last key given) and answers get-many as
 * {@code tuple<key, option<value>>}, and has compare-and-swap. The resource types are the host's,
 * one per version (negative ids, apart from those of WASI and of components).
 */
enum KeyValueVersion {

    DRAFT("0.2.0-draft", Primitive.U64, Primitive.U64, false, -1001, -1002),
    DRAFT2("0.2.0-draft2", Primitive.S64, Primitive.STRING, true, -1003, -1004);

    static final WitType BYTES = new ListType(Primitive.U8);

    private final String version;
    private final WitType counter;
    private final WitType cursor;
    private final boolean compareAndSwap;
    private final ResourceType bucket;
    private final ResourceType cas;
    private final VariantType error;

    KeyValueVersion(String version, WitType counter, WitType cursor, boolean compareAndSwap, int bucketId, int casId) {
        this.version = version;
        this.counter = counter;
        this.cursor = cursor;
        this.compareAndSwap = compareAndSwap;
        this.bucket = new ResourceType("bucket", bucketId);
        this.cas = new ResourceType("cas", casId);
        this.error = new VariantType(List.of(new Case("no-such-store", null), new Case("access-denied", null),
                new Case("other", Primitive.STRING)));
    }

    /** The version named {@code version}, or {@code null} when it is none of these. */
    static KeyValueVersion of(String version) {
        for (KeyValueVersion v : values()) {
            if (v.version.equals(version)) {
                return v;
            }
        }
        return null;
    }

    String version() {
        return version;
    }

    /** The type of increment's delta and result. */
    WitType counter() {
        return counter;
    }

    /** Whether list-keys' cursor is the last key given (else an offset). */
    boolean keyCursor() {
        return cursor == Primitive.STRING;
    }

    boolean hasCompareAndSwap() {
        return compareAndSwap;
    }

    ResourceType bucket() {
        return bucket;
    }

    ResourceType cas() {
        return cas;
    }

    /** {@code variant error { no-such-store, access-denied, other(string) }}. */
    VariantType error() {
        return error;
    }

    /** {@code record key-response { keys: list<string>, cursor: option<cursor> }}. */
    RecordType keyResponse() {
        return new RecordType(List.of(new Field("keys", new ListType(Primitive.STRING)),
                new Field("cursor", new OptionType(cursor))));
    }

    /** The element of get-many's answer. */
    WitType manyEntry() {
        return compareAndSwap
                ? new WitType.TupleType(List.of(Primitive.STRING, new OptionType(BYTES)))
                : new OptionType(new WitType.TupleType(List.of(Primitive.STRING, BYTES)));
    }
}
