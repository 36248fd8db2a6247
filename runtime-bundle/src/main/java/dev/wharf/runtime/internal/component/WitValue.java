package dev.wharf.runtime.internal.component;

import java.util.List;
import java.util.Objects;

/**
 * A value of a {@link WitType}, as the canonical ABI lifts it out of a component and lowers it
 * into one, and as WAVE writes it. Each value knows nothing of its type but what it needs: the
 * type goes along where a value is read or written. Immutable.
 */
public sealed interface WitValue {

    record Bool(boolean value) implements WitValue {}

    /**
     * Any integer type ({@code s8} ... {@code u64}): the value as a long, with {@code u64} above
     * {@code Long.MAX_VALUE} in its two's complement bits.
     */
    record Int(long value) implements WitValue {

        private static final Int[] SMALL = new Int[384];

        static {
            for (int i = 0; i < SMALL.length; i++) {
                SMALL[i] = new Int(i - 128);
            }
        }

        /**
         * The value {@code value}, shared for -128 to 255: a guest's {@code list<u8>} or
         * {@code list<s8>} lifts into references to these, not an object per byte.
         */
        public static Int of(long value) {
            return value >= -128 && value < 256 ? SMALL[(int) value + 128] : new Int(value);
        }
    }

    record F32(float value) implements WitValue {}

    record F64(double value) implements WitValue {}

    /** A Unicode scalar value (not a surrogate). */
    record Char(int codePoint) implements WitValue {}

    record Str(String value) implements WitValue {
        public Str {
            Objects.requireNonNull(value, "value");
        }
    }

    /**
     * A list's elements. A {@code list<u8>} lifted out of a guest, or made with
     * {@link #ofBytes}, holds its bytes in one array ({@link ByteList}), its elements read as
     * {@link Int}s all the same; any list of Ints of {@code 0 .. 255} is a {@code list<u8>} too.
     */
    record ListValue(List<WitValue> elements) implements WitValue {
        public ListValue {
            elements = elements instanceof ByteList ? elements : List.copyOf(elements);
        }

        /** The {@code list<u8>} of {@code bytes} (copied). */
        public static ListValue ofBytes(byte[] bytes) {
            return new ListValue(ByteList.owning(bytes.clone()));
        }

        /** The bytes of this {@code list<u8>}, a new array: each element is an {@link Int} of a byte. */
        public byte[] toBytes() {
            if (elements instanceof ByteList b) {
                return b.copy();
            }
            byte[] out = new byte[elements.size()];
            for (int i = 0; i < out.length; i++) {
                out[i] = (byte) ((Int) elements.get(i)).value();
            }
            return out;
        }
    }

    /** A record's field values, in the order of its type's fields. */
    record RecordValue(List<WitValue> fields) implements WitValue {
        public RecordValue {
            fields = List.copyOf(fields);
        }
    }

    record TupleValue(List<WitValue> values) implements WitValue {
        public TupleValue {
            values = List.copyOf(values);
        }
    }

    /** Case {@code index} of a variant's type, with its payload or {@code null}. */
    record VariantValue(int index, WitValue payload) implements WitValue {}

    /** Name {@code index} of an enum's type. */
    record EnumValue(int index) implements WitValue {}

    /** {@code some(value)}, or {@code none} when {@code value} is {@code null}. */
    record OptionValue(WitValue value) implements WitValue {
        public static final OptionValue NONE = new OptionValue(null);
    }

    /** {@code ok(value)} or {@code err(value)}; {@code value} is {@code null} for a side without a type. */
    record ResultValue(boolean ok, WitValue value) implements WitValue {}

    /** The set flags, bit {@code i} for name {@code i} of the type. */
    record FlagsValue(long bits) implements WitValue {}

    /**
     * A resource as it crosses a boundary: its representation (what the canonical ABI lifts out of
     * a handle and lowers into one), as the spec's definitions carry it.
     */
    record Handle(int index) implements WitValue {}
}
