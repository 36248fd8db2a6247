package dev.wharf.api;

import java.util.Objects;

/**
 * A case of a WIT {@code variant}, or a {@code result} (case {@code ok} or {@code err}), as a
 * Java value: the case's name as written in WIT and its payload, {@code null} when the case has
 * none. The payload is a Java value of the case's type (the mapping of docs/components.md).
 *
 * @param name the case, e.g. {@code "ok"}, {@code "err"}, {@code "circle"}
 * @param value its payload, or {@code null} for a case without one
 * @since 4.2
 */
public record WitCase(String name, Object value) {

    public WitCase {
        Objects.requireNonNull(name, "name");
    }

    /** {@code ok(value)} of a {@code result}. */
    public static WitCase ok(Object value) {
        return new WitCase("ok", value);
    }

    /** {@code err(value)} of a {@code result}. */
    public static WitCase err(Object value) {
        return new WitCase("err", value);
    }

    /** A case without a payload. */
    public static WitCase of(String name) {
        return new WitCase(name, null);
    }
}
