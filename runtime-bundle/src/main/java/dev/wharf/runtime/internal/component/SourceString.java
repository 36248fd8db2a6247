package dev.wharf.runtime.internal.component;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * A string as the spec's lowering sees it: the text, the encoding it comes from and its length
 * in that encoding's code units ({@code String = tuple[str, str, int]}). The source encoding picks
 * the transcoding path and so the sequence of realloc calls; a {@link StringEncoding#LATIN1_UTF16}
 * source may be tagged UTF-16 even when every character would fit Latin-1.
 */
public record SourceString(String text, StringEncoding encoding, long taggedCodeUnits) {

    public SourceString {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(encoding, "encoding");
    }

    /**
     * {@code text} as it would sit in a memory of {@code encoding}; for compact UTF-16, Latin-1
     * when every character fits. Rejects an unpaired surrogate, which no encoding can carry: a
     * string value is a sequence of Unicode scalar values.
     */
    public static SourceString of(String text, StringEncoding encoding) {
        if (encoding == StringEncoding.UTF8) {
            return new SourceString(text, encoding, utf8Length(text)); // checks as it counts: one pass
        }
        requireScalarValues(text);
        return switch (encoding) {
            case UTF8 -> new SourceString(text, encoding, utf8Length(text));
            case UTF16 -> new SourceString(text, encoding, text.length());
            case LATIN1_UTF16 -> latin1(text)
                    ? new SourceString(text, encoding, text.length())
                    : utf16Tagged(text);
        };
    }

    /** {@code text} as compact UTF-16 in its UTF-16 form, whatever characters it holds. */
    public static SourceString utf16Tagged(String text) {
        requireScalarValues(text);
        return new SourceString(text, StringEncoding.LATIN1_UTF16, text.length() | CanonicalStrings.UTF16_TAG);
    }

    /** Whether the compact UTF-16 length says UTF-16 rather than Latin-1. */
    boolean taggedUtf16() {
        return encoding == StringEncoding.LATIN1_UTF16 && (taggedCodeUnits & CanonicalStrings.UTF16_TAG) != 0;
    }

    /** The length without the compact UTF-16 tag. */
    long codeUnits() {
        return taggedUtf16() ? taggedCodeUnits ^ CanonicalStrings.UTF16_TAG : taggedCodeUnits;
    }

    static boolean latin1(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) > 0xFF) {
                return false;
            }
        }
        return true;
    }

    /**
     * The UTF-8 length of {@code text}, counted, not encoded (the lowering encodes it once);
     * refuses an unpaired surrogate as {@link #requireScalarValues} does.
     */
    private static long utf8Length(String text) {
        long n = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                n++;
            } else if (c < 0x800) {
                n += 2;
            } else if (!Character.isSurrogate(c)) {
                n += 3;
            } else if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                n += 4;
                i++;
            } else {
                throw new IllegalArgumentException("string has an unpaired surrogate at index " + i);
            }
        }
        return n;
    }

    /**
     * Refuses a string with an unpaired surrogate, which no component can be given: callers that
     * take strings from the host check them first, so that a bad one is the caller's error.
     *
     * @throws IllegalArgumentException naming the index of the first unpaired surrogate
     */
    public static void requireScalarValues(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new IllegalArgumentException("string has an unpaired surrogate at index " + i);
            }
        }
    }
}
