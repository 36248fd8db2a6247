package dev.wharf.runtime.internal.component;

import dev.wharf.runtime.internal.component.WitValue.Int;
import java.util.AbstractList;
import java.util.Arrays;
import java.util.List;
import java.util.RandomAccess;

/**
 * The elements of a {@code list<u8>} held as the bytes themselves: a payload or a body crosses
 * the boundary as one array copied in bulk, not an element lifted, checked and stored at a time.
 * It is a {@code List} of {@link Int}s like any list value's elements (element {@code i} is the
 * shared {@code Int.of(byte & 0xFF)} a lift of that byte gives), equal to and hashing like any
 * list of the same values, so whoever reads {@link WitValue.ListValue#elements()} sees no
 * difference. Immutable: the array is never handed out.
 */
final class ByteList extends AbstractList<WitValue> implements RandomAccess {

    private final byte[] bytes;

    /** Takes {@code bytes} over: the caller keeps no reference to it. */
    private ByteList(byte[] bytes) {
        this.bytes = bytes;
    }

    /** The list of a fresh array no one else holds (a read out of a guest's memory). */
    static ByteList owning(byte[] bytes) {
        return new ByteList(bytes);
    }

    /**
     * The bytes of {@code elements}, each an {@link Int} of {@code 0 .. 255}, to be read and not
     * changed (a byte list's own array), or {@code null} when an element is not such an Int: a
     * {@code list<u8>} then goes element by element, which reports the value that does not fit.
     */
    static byte[] bytesOf(List<WitValue> elements) {
        if (elements instanceof ByteList b) {
            return b.bytes;
        }
        byte[] out = new byte[elements.size()];
        for (int i = 0; i < out.length; i++) {
            if (!(elements.get(i) instanceof Int n) || n.value() < 0 || n.value() > 0xFF) {
                return null;
            }
            out[i] = (byte) n.value();
        }
        return out;
    }

    /** A copy of the bytes. */
    byte[] copy() {
        return bytes.clone();
    }

    @Override
    public WitValue get(int index) {
        return Int.of(bytes[index] & 0xFF);
    }

    @Override
    public int size() {
        return bytes.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ByteList b ? Arrays.equals(bytes, b.bytes) : super.equals(o);
    }

    @Override
    public int hashCode() {
        return super.hashCode(); // List's contract: the same as any list of the same Ints
    }
}
