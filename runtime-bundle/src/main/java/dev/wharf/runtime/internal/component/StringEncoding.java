package dev.wharf.runtime.internal.component;

/** The {@code string-encoding} canonical option: how a component keeps strings in its memory. */
public enum StringEncoding {
    /** {@code utf8}: the length counts bytes. */
    UTF8,
    /** {@code utf16}: little-endian, 2-aligned; the length counts 16-bit code units. */
    UTF16,
    /**
     * {@code latin1+utf16} (compact UTF-16): Latin-1 bytes, or UTF-16 code units when the length
     * carries {@link CanonicalStrings#UTF16_TAG}; 2-aligned either way.
     */
    LATIN1_UTF16
}
