package dev.wharf.runtime.internal.component;

import dev.wharf.runtime.internal.component.CanonicalStrings.Range;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/**
 * The spec's string lowering paths, each with its exact sequence of realloc calls: guess a size
 * from the source's code units, grow to the worst case when a character does not fit, and shrink
 * to what was written. Each pointer realloc returns is checked (alignment, then bounds) before it
 * is written through. One string per instance.
 */
final class StringTranscoder {

    private final CanonicalContext cx;
    private final CanonicalMemory memory;
    private final String text;
    private final long units;

    /** @param units the source's length in its own code units, untagged */
    StringTranscoder(CanonicalContext cx, String text, long units) {
        this.cx = cx;
        this.memory = cx.memory();
        this.text = text;
        this.units = units;
    }

    /** Same code units on both sides ({@code store_string_copy}): one exact-size allocation. */
    Range copy(int unitSize, int alignment, Charset charset) {
        long byteLength = unitSize * units;
        long ptr = checked(cx.allocate(alignment, byteLength), alignment, byteLength);
        byte[] encoded = text.getBytes(charset);
        memory.write(ptr, encoded);
        return new Range(ptr, units);
    }

    /**
     * To UTF-8 from UTF-16 or Latin-1 ({@code store_string_to_utf8}): optimistic that every
     * character is ASCII, so one byte per source code unit; at the first that is not, grow to
     * {@code worstCase} bytes, write the rest, and shrink to the real length.
     */
    Range toUtf8(long worstCase) {
        long ptr = checked(cx.allocate(1, units), 1, units);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= 0x80) {
                return growToUtf8(ptr, i, worstCase);
            }
            // while every character so far was ASCII, index in the text and in the bytes agree
            memory.write8(ptr + i, (byte) c);
        }
        return new Range(ptr, units);
    }

    private Range growToUtf8(long ptr, int written, long worstCase) {
        ptr = checked(cx.reallocate(ptr, units, 1, worstCase), 1, worstCase);
        byte[] encoded = text.getBytes(StandardCharsets.UTF_8);
        memory.write(ptr + written, encoded, written, encoded.length - written);
        if (worstCase > encoded.length) {
            ptr = checked(cx.reallocate(ptr, worstCase, 1, encoded.length), 1, encoded.length);
        }
        return new Range(ptr, encoded.length);
    }

    /** UTF-8 to UTF-16 ({@code store_utf8_to_utf16}): two bytes per UTF-8 byte at worst, then shrink. */
    Range utf8ToUtf16() {
        long worstCase = 2 * units;
        long ptr = checked(cx.allocate(2, worstCase), 2, worstCase);
        byte[] encoded = text.getBytes(StandardCharsets.UTF_16LE);
        memory.write(ptr, encoded);
        if (encoded.length < worstCase) {
            ptr = checked(cx.reallocate(ptr, worstCase, 2, encoded.length), 2, encoded.length);
        }
        return new Range(ptr, encoded.length / 2);
    }

    /**
     * UTF-8 or UTF-16 to compact UTF-16 ({@code store_string_to_latin1_or_utf16}): Latin-1 bytes
     * while every character fits; at the first that does not, grow to UTF-16's worst case, widen
     * the bytes written so far in place (from the back, so none is overwritten before it is
     * read), write the rest as UTF-16 and return the tagged length.
     */
    Range toLatin1OrUtf16() {
        long ptr = checked(cx.allocate(2, units), 2, units);
        int latin1 = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c > 0xFF) {
                return upgradeToUtf16(ptr, latin1);
            }
            memory.write8(ptr + latin1, (byte) c);
            latin1++;
        }
        if (latin1 < units) {
            ptr = checked(cx.reallocate(ptr, units, 2, latin1), 2, latin1);
        }
        return new Range(ptr, latin1);
    }

    private Range upgradeToUtf16(long ptr, int latin1) {
        long worstCase = 2 * units;
        ptr = checked(cx.reallocate(ptr, units, 2, worstCase), 2, worstCase);
        for (int j = latin1 - 1; j >= 0; j--) {
            memory.write8(ptr + 2L * j, memory.read8(ptr + j));
            memory.write8(ptr + 2L * j + 1, (byte) 0);
        }
        byte[] encoded = text.getBytes(StandardCharsets.UTF_16LE);
        memory.write(ptr + 2L * latin1, encoded, 2 * latin1, encoded.length - 2 * latin1);
        if (worstCase > encoded.length) {
            ptr = checked(cx.reallocate(ptr, worstCase, 2, encoded.length), 2, encoded.length);
        }
        return new Range(ptr, (encoded.length / 2) | CanonicalStrings.UTF16_TAG);
    }

    /**
     * Compact UTF-16 tagged as UTF-16 to compact UTF-16 ({@code store_probably_utf16_to_latin1_or_utf16}):
     * copied as UTF-16; when every character turns out to fit Latin-1 after all, narrowed in place
     * and shrunk. The spec's shrinking realloc asks for alignment 1 and checks only bounds.
     */
    Range probablyUtf16ToLatin1OrUtf16() {
        long byteLength = 2 * units;
        long ptr = checked(cx.allocate(2, byteLength), 2, byteLength);
        byte[] encoded = text.getBytes(StandardCharsets.UTF_16LE);
        memory.write(ptr, encoded);
        if (!SourceString.latin1(text)) {
            return new Range(ptr, (encoded.length / 2) | CanonicalStrings.UTF16_TAG);
        }
        int latin1 = encoded.length / 2;
        for (int i = 0; i < latin1; i++) {
            memory.write8(ptr + i, memory.read8(ptr + 2L * i));
        }
        ptr = checked(cx.reallocate(ptr, byteLength, 1, latin1), 1, latin1);
        return new Range(ptr, latin1);
    }

    /** A pointer from realloc, once it is aligned and its {@code length} bytes are in memory. */
    private long checked(long ptr, int alignment, long length) {
        CanonicalChecks.alignedInMemory(memory, "string", ptr, alignment, length);
        return ptr;
    }
}
