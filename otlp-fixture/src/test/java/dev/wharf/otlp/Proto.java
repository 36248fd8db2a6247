package dev.wharf.otlp;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Writes protobuf by hand for the tests, independent of any OpenTelemetry code. */
final class Proto {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    Proto varint(int field, long value) {
        tag(field, 0);
        raw(value);
        return this;
    }

    Proto fixed64(int field, long value) {
        tag(field, 1);
        little(value, 8);
        return this;
    }

    Proto dbl(int field, double value) {
        return fixed64(field, Double.doubleToLongBits(value));
    }

    Proto fixed32(int field, int value) {
        tag(field, 5);
        little(value, 4);
        return this;
    }

    Proto bytes(int field, byte[] value) {
        tag(field, 2);
        raw(value.length);
        out.writeBytes(value);
        return this;
    }

    Proto string(int field, String value) {
        return bytes(field, value.getBytes(StandardCharsets.UTF_8));
    }

    Proto message(int field, Proto value) {
        return bytes(field, value.toBytes());
    }

    /** A packed repeated fixed64 field. */
    Proto packedFixed64(int field, long... values) {
        Proto p = new Proto();
        for (long v : values) {
            p.little(v, 8);
        }
        return bytes(field, p.toBytes());
    }

    /** A packed repeated double field. */
    Proto packedDoubles(int field, double... values) {
        Proto p = new Proto();
        for (double v : values) {
            p.little(Double.doubleToLongBits(v), 8);
        }
        return bytes(field, p.toBytes());
    }

    /** A KeyValue with a string AnyValue. */
    static Proto attribute(String key, String value) {
        return new Proto().string(1, key).message(2, new Proto().string(1, value));
    }

    /** A KeyValue with an int AnyValue. */
    static Proto attribute(String key, long value) {
        return new Proto().string(1, key).message(2, new Proto().varint(3, value));
    }

    byte[] toBytes() {
        return out.toByteArray();
    }

    private void tag(int field, int wireType) {
        raw((long) field << 3 | wireType);
    }

    private void raw(long value) {
        while ((value & ~0x7fL) != 0) {
            out.write((int) (value & 0x7f) | 0x80);
            value >>>= 7;
        }
        out.write((int) value);
    }

    private void little(long value, int n) {
        for (int i = 0; i < n; i++) {
            out.write((int) (value >>> (8 * i)) & 0xff);
        }
    }
}
