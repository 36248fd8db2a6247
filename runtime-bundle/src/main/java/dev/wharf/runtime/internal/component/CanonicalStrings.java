package dev.wharf.runtime.internal.component;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Strings across the boundary ({@code load_string_from_range}, {@code store_string_into_range}):
 * a pointer and a length in code units of the guest's {@link StringEncoding}. Lifting validates
 * the range and the encoding; lowering picks the spec's transcoding path from the source
 * encoding to the guest's ({@link StringTranscoder}).
 */
public final class CanonicalStrings {

    /** The bit of a compact UTF-16 length that says "UTF-16, not Latin-1" in a 32-bit memory. */
    public static final long UTF16_TAG = 1L << 31;
    /** The largest string in bytes either side accepts. */
    public static final long MAX_STRING_BYTE_LENGTH = (1L << 28) - 1;

    /** Where a lowered string or list went: its pointer and (tagged) length. */
    public record Range(long ptr, long length) {}

    private CanonicalStrings() {}

    /** Lifts the string at {@code [ptr, taggedCodeUnits)} of the guest's memory, or traps. */
    public static SourceString load(CanonicalContext cx, long ptr, long taggedCodeUnits) {
        StringEncoding encoding = cx.encoding();
        boolean utf16 = encoding == StringEncoding.UTF16
                || (encoding == StringEncoding.LATIN1_UTF16 && (taggedCodeUnits & UTF16_TAG) != 0);
        long byteLength = switch (encoding) {
            case UTF8 -> taggedCodeUnits;
            case UTF16 -> 2 * taggedCodeUnits;
            case LATIN1_UTF16 -> utf16 ? 2 * (taggedCodeUnits ^ UTF16_TAG) : taggedCodeUnits;
        };
        if (byteLength > MAX_STRING_BYTE_LENGTH) {
            throw CanonicalAbiTrap.of("string of %d bytes exceeds the maximum of %d", byteLength, MAX_STRING_BYTE_LENGTH);
        }
        CanonicalMemory memory = cx.memory();
        CanonicalChecks.alignedInMemory(memory, "string", ptr, encoding == StringEncoding.UTF8 ? 1 : 2, byteLength);
        cx.lifted().charge(byteLength, "string");
        byte[] bytes = memory.read(ptr, (int) byteLength);
        Charset charset = encoding == StringEncoding.UTF8
                ? StandardCharsets.UTF_8
                : utf16 ? StandardCharsets.UTF_16LE : StandardCharsets.ISO_8859_1;
        return new SourceString(decode(bytes, charset, ptr), encoding, taggedCodeUnits);
    }

    /** Strict decoding: malformed UTF-8 and unpaired UTF-16 surrogates trap instead of turning into U+FFFD. */
    private static String decode(byte[] bytes, Charset charset, long ptr) {
        if (charset == StandardCharsets.ISO_8859_1) {
            return new String(bytes, charset); // every byte is a character
        }
        if (charset == StandardCharsets.UTF_8 && ascii(bytes)) {
            return new String(bytes, StandardCharsets.ISO_8859_1); // ASCII is UTF-8 too: nothing to decode
        }
        try {
            return charset.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw CanonicalAbiTrap.of("string at pointer %d is not valid %s", ptr, charset.name());
        }
    }

    private static boolean ascii(byte[] bytes) {
        for (byte b : bytes) {
            if (b < 0) {
                return false;
            }
        }
        return true;
    }

    /** Lowers a host string, taken to be in the context's {@linkplain CanonicalContext#sourceEncoding source encoding}. */
    static Range store(CanonicalContext cx, String text) {
        return store(cx, SourceString.of(text, cx.sourceEncoding()));
    }

    /**
     * Lowers {@code src} into the guest's memory through its realloc, transcoding as the spec
     * does; returns the pointer and the (tagged) length in the guest's encoding.
     */
    public static Range store(CanonicalContext cx, SourceString src) {
        if (src.codeUnits() > MAX_STRING_BYTE_LENGTH) {
            throw new IllegalArgumentException("string of " + src.codeUnits() + " code units is too long to lower");
        }
        StringTranscoder t = new StringTranscoder(cx, src.text(), src.codeUnits());
        StringEncoding from = src.encoding();
        return switch (cx.encoding()) {
            case UTF8 -> switch (from) {
                case UTF8 -> t.copy(1, 1, StandardCharsets.UTF_8);
                case UTF16 -> t.toUtf8(3 * src.codeUnits());
                case LATIN1_UTF16 -> src.taggedUtf16() ? t.toUtf8(3 * src.codeUnits()) : t.toUtf8(2 * src.codeUnits());
            };
            case UTF16 -> from == StringEncoding.UTF8 ? t.utf8ToUtf16() : t.copy(2, 2, StandardCharsets.UTF_16LE);
            case LATIN1_UTF16 -> switch (from) {
                case UTF8, UTF16 -> t.toLatin1OrUtf16();
                case LATIN1_UTF16 -> src.taggedUtf16() ? t.probablyUtf16ToLatin1OrUtf16() : t.copy(1, 2, StandardCharsets.ISO_8859_1);
            };
        };
    }
}
