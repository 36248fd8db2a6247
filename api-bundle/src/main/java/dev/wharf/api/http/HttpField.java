package dev.wharf.api.http;

import java.util.Objects;

/**
 * One header field, as {@code wasi:http} has them: a name (compared without regard to case) and
 * a value of bytes, since HTTP allows values that are not text. A header with several values is
 * several fields of one name, in order.
 *
 * @param name the field's name, as received
 * @param value its value, as received
 */
public record HttpField(String name, byte[] value) {

    public HttpField {
        Objects.requireNonNull(name, "name");
        value = value.clone();
    }

    /** A field whose value is text, in UTF-8. */
    public static HttpField of(String name, String value) {
        return new HttpField(name, value.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** Its value (a copy). */
    @Override
    public byte[] value() {
        return value.clone();
    }

    /** Its value as text, malformed UTF-8 replaced. */
    public String text() {
        return new String(value, java.nio.charset.StandardCharsets.UTF_8);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HttpField f && name.equals(f.name) && java.util.Arrays.equals(value, f.value);
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + java.util.Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        return name + ": " + text();
    }
}
