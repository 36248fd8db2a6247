package dev.wharf.runtime.internal.component.binary;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the primitive encodings of the binary format (LEB128 integers, names, vectors) from a
 * byte range, every read bounds-checked: a length that points past the end, an integer that runs
 * on too long or a name that is not UTF-8 is a {@link MalformedComponentException} naming the
 * offset, never an index exception. Offsets in messages are from the start of the binary.
 */
final class ComponentReader {

    /** Reads one element of a vector. */
    @FunctionalInterface
    interface Element<T> {
        T read(ComponentReader r);
    }

    private final byte[] bytes;
    private int position;
    private final int end;
    /** The nesting depth of type declarations, shared with the readers of sub-ranges. */
    private final int[] depth;

    ComponentReader(byte[] bytes, int from, int end) {
        this(bytes, from, end, new int[1]);
    }

    private ComponentReader(byte[] bytes, int from, int end, int[] depth) {
        this.bytes = bytes;
        this.position = from;
        this.end = end;
        this.depth = depth;
    }

    int position() {
        return position;
    }

    boolean atEnd() {
        return position >= end;
    }

    MalformedComponentException malformed(String what) {
        return new MalformedComponentException(what + " at offset " + position);
    }

    /** An error about the byte just read: the offset is that byte's. */
    MalformedComponentException malformedByte(String what) {
        return new MalformedComponentException(what + " at offset " + (position - 1));
    }

    /** The byte just read, {@code b}, is no {@code what} the format knows. */
    MalformedComponentException unknown(String what, int b) {
        return malformedByte("unknown " + what + " 0x" + Integer.toHexString(b));
    }

    /** One level deeper in nested type declarations; returns the depth now. */
    int enter() {
        return ++depth[0];
    }

    void exit() {
        depth[0]--;
    }

    int u8() {
        if (position >= end) {
            throw malformed("unexpected end of input");
        }
        return bytes[position++] & 0xFF;
    }

    /** The next byte without consuming it. */
    int peek() {
        if (position >= end) {
            throw malformed("unexpected end of input");
        }
        return bytes[position] & 0xFF;
    }

    /** An unsigned LEB128 of at most 32 bits. */
    int u32() {
        long result = 0;
        for (int shift = 0; shift < 35; shift += 7) {
            int b = u8();
            result |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                if (result > 0xFFFF_FFFFL) {
                    throw malformed("u32 out of range");
                }
                return (int) result;
            }
        }
        throw malformed("u32 longer than 5 bytes");
    }

    /** A u32 that counts or indexes something in memory: at most {@code Integer.MAX_VALUE}. */
    int count() {
        int n = u32();
        if (n < 0) {
            throw malformed("count " + Integer.toUnsignedString(n) + " too large");
        }
        return n;
    }

    /** An index where -1 means "absent": at most {@code Integer.MAX_VALUE}, as no index space is larger. */
    int index(String what) {
        int at = position;
        int n = u32();
        if (n < 0) {
            position = at;
            throw malformed(what + " index " + Integer.toUnsignedString(n) + " out of range");
        }
        return n;
    }

    /** A length of bytes that must fit in what is left. */
    int length() {
        int start = position;
        int n = u32();
        if (n < 0 || n > end - position) {
            int left = end - position;
            position = start;
            throw malformed("length " + Integer.toUnsignedString(n) + " runs past the end (" + left + " bytes left)");
        }
        return n;
    }

    byte[] bytes(int n) {
        if (n < 0 || n > end - position) {
            throw malformed(n + " bytes run past the end");
        }
        byte[] out = new byte[n];
        System.arraycopy(bytes, position, out, 0, n);
        position += n;
        return out;
    }

    /** Everything up to the end. */
    byte[] rest() {
        return bytes(end - position);
    }

    /** A reader of the next {@code n} bytes, which this one skips. */
    ComponentReader sub(int n) {
        if (n < 0 || n > end - position) {
            throw malformed(n + " bytes run past the end");
        }
        ComponentReader r = new ComponentReader(bytes, position, position + n, depth);
        position += n;
        return r;
    }

    /** A name: a length and that many bytes of UTF-8. */
    String name() {
        int at = position;
        int n = length();
        try {
            String s = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes, position, n)).toString();
            position += n;
            return s;
        } catch (CharacterCodingException e) {
            throw new MalformedComponentException("name at offset " + at + " is not UTF-8");
        }
    }

    <T> List<T> vec(Element<T> element) {
        int n = u32();
        // each element takes at least one byte: a count larger than what is left is a lie
        if (n < 0 || n > end - position) {
            throw malformed("vector of " + Integer.toUnsignedString(n) + " elements in " + (end - position) + " bytes");
        }
        List<T> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(element.read(this));
        }
        return out;
    }

    /** {@code 0x00} (absent) or {@code 0x01} and a value. */
    <T> T optional(Element<T> element) {
        int flag = u8();
        if (flag == 0) {
            return null;
        }
        if (flag != 1) {
            throw malformed("expected 0x00 or 0x01 for an optional, got 0x" + Integer.toHexString(flag));
        }
        return element.read(this);
    }

    void expectEnd(String what) {
        if (position != end) {
            throw malformed(what + " has " + (end - position) + " bytes left over");
        }
    }
}
