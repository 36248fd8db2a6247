package dev.wharf.runtime.internal.component;

import java.util.Objects;

/**
 * The canonical options of one {@code canon lift} or {@code canon lower}: the string encoding,
 * the memory and realloc the conversions use (either may be absent when the function's types
 * need none), and whether a {@code post-return} function follows the call (the host calls it with
 * the flat results once it has lifted them; the conversions only carry the fact).
 */
public record CanonicalOptions(StringEncoding stringEncoding, CanonicalMemory memory, CanonicalRealloc realloc,
        boolean postReturn) {

    public CanonicalOptions {
        Objects.requireNonNull(stringEncoding, "stringEncoding");
    }

    /** UTF-8, the given memory and realloc, no post-return. */
    public static CanonicalOptions utf8(CanonicalMemory memory, CanonicalRealloc realloc) {
        return new CanonicalOptions(StringEncoding.UTF8, memory, realloc, false);
    }

    /** No memory, no realloc: enough for functions of scalar types only. */
    public static CanonicalOptions scalarsOnly() {
        return new CanonicalOptions(StringEncoding.UTF8, null, null, false);
    }

    public CanonicalOptions withStringEncoding(StringEncoding encoding) {
        return new CanonicalOptions(encoding, memory, realloc, postReturn);
    }
}
