package dev.wharf.otlp;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the protobuf wire format field by field: varints, 64- and 32-bit fixed values and
 * length-delimited fields (strings, bytes, nested messages, packed repeated values). What the
 * caller does not ask for is skipped, as protobuf readers must, so fields a newer OTLP adds do
 * not break the receiver. Bytes that cannot be protobuf (a truncated value, a length past the
 * end, a group or an unknown wire type) end in {@link MalformedException}.
 */
public final class ProtoReader {

    public static final int VARINT = 0;
    public static final int FIXED64 = 1;
    public static final int LENGTH_DELIMITED = 2;
    public static final int FIXED32 = 5;

    /** Bytes that are not a protobuf message of the expected shape. */
    public static final class MalformedException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public MalformedException(String message) {
            super(message);
        }
    }

    private final byte[] bytes;
    private final int limit;
    private int pos;
    private int field;
    private int wireType;
    private boolean consumed = true;

    public ProtoReader(byte[] bytes) {
        this(bytes, 0, bytes.length);
    }

    private ProtoReader(byte[] bytes, int offset, int limit) {
        this.bytes = bytes;
        this.pos = offset;
        this.limit = limit;
    }

    /** Moves to the next field (skipping the current one if its value was not read); false at the end. */
    public boolean next() {
        if (!consumed) {
            skip();
        }
        if (pos >= limit) {
            return false;
        }
        long tag = varint();
        field = (int) (tag >>> 3);
        wireType = (int) (tag & 7);
        if (field == 0) {
            throw new MalformedException("field number 0 at byte " + pos);
        }
        if (wireType != VARINT && wireType != FIXED64 && wireType != LENGTH_DELIMITED && wireType != FIXED32) {
            throw new MalformedException("unsupported wire type " + wireType + " of field " + field);
        }
        consumed = false;
        return true;
    }

    public int field() {
        return field;
    }

    public int wireType() {
        return wireType;
    }

    /** The current field's value as a varint (int32, int64, uint32, uint64, bool, enum). */
    public long varintValue() {
        expect(VARINT);
        consumed = true;
        return varint();
    }

    /** The current field's value as 64 raw bits (fixed64, sfixed64, double). */
    public long fixed64Value() {
        expect(FIXED64);
        consumed = true;
        return fixed64();
    }

    public double doubleValue() {
        return Double.longBitsToDouble(fixed64Value());
    }

    /** The current field's value as 32 raw bits (fixed32, sfixed32, float). */
    public int fixed32Value() {
        expect(FIXED32);
        consumed = true;
        need(4);
        int v = (bytes[pos] & 0xff) | (bytes[pos + 1] & 0xff) << 8 | (bytes[pos + 2] & 0xff) << 16 | (bytes[pos + 3] & 0xff) << 24;
        pos += 4;
        return v;
    }

    public byte[] bytesValue() {
        int length = length();
        byte[] out = java.util.Arrays.copyOfRange(bytes, pos, pos + length);
        pos += length;
        return out;
    }

    public String stringValue() {
        int length = length();
        String s = new String(bytes, pos, length, StandardCharsets.UTF_8);
        pos += length;
        return s;
    }

    /** The current field's value as a nested message, read by the reader returned. */
    public ProtoReader messageValue() {
        int length = length();
        ProtoReader nested = new ProtoReader(bytes, pos, pos + length);
        pos += length;
        return nested;
    }

    /** A repeated fixed64 field: packed (all values in one field) or one value per field. */
    public void addFixed64s(List<Long> into) {
        if (wireType == FIXED64) {
            into.add(fixed64Value());
            return;
        }
        int length = length();
        if (length % 8 != 0) {
            throw new MalformedException("packed fixed64 field " + field + " is not a multiple of 8 bytes");
        }
        for (int end = pos + length; pos < end; ) {
            into.add(fixed64());
        }
    }

    /** A repeated double field: packed or one value per field. */
    public void addDoubles(List<Double> into) {
        List<Long> bits = new ArrayList<>();
        addFixed64s(bits);
        bits.forEach(b -> into.add(Double.longBitsToDouble(b)));
    }

    /** Skips the current field's value. */
    public void skip() {
        consumed = true;
        switch (wireType) {
            case VARINT -> varint();
            case FIXED64 -> {
                need(8);
                pos += 8;
            }
            case LENGTH_DELIMITED -> {
                int length = lengthUnchecked(); // read before pos is, as it moves pos past the length
                pos += length;
            }
            case FIXED32 -> {
                need(4);
                pos += 4;
            }
            default -> throw new MalformedException("unsupported wire type " + wireType);
        }
    }

    private int length() {
        expect(LENGTH_DELIMITED);
        consumed = true;
        return lengthUnchecked();
    }

    private int lengthUnchecked() {
        long length = varint();
        if (length < 0 || length > limit - pos) {
            throw new MalformedException("field " + field + " says " + length + " bytes but " + (limit - pos) + " are left");
        }
        return (int) length;
    }

    private void expect(int type) {
        if (wireType != type) {
            throw new MalformedException("field " + field + " has wire type " + wireType + ", expected " + type);
        }
    }

    private long varint() {
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            need(1);
            byte b = bytes[pos++];
            value |= (long) (b & 0x7f) << shift;
            if (b >= 0) {
                return value;
            }
        }
        throw new MalformedException("varint longer than 10 bytes at byte " + pos);
    }

    private long fixed64() {
        need(8);
        long v = 0;
        for (int i = 7; i >= 0; i--) {
            v = v << 8 | (bytes[pos + i] & 0xff);
        }
        pos += 8;
        return v;
    }

    private void need(int n) {
        if (limit - pos < n) {
            throw new MalformedException("truncated: " + n + " bytes needed at byte " + pos + " of " + limit);
        }
    }
}
