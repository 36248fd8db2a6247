package dev.wharf.api;

/**
 * The payload codecs Wharf recognises. Every payload starts with its multicodec code as an
 * unsigned LEB128 varint; the host checks the prefix but never translates between codecs.
 */
public enum Codec {
    CBOR(0x51),
    JSON(0x0200),
    BORSH(0x0701);

    private final int code;
    private final byte[] prefix;

    Codec(int code) {
        this.code = code;
        this.prefix = varint(code);
    }

    /** The multicodec code. */
    public int code() {
        return code;
    }

    /** Length of the varint prefix in bytes. */
    public int prefixLength() {
        return prefix.length;
    }

    /** A copy of the varint prefix. */
    public byte[] prefix() {
        return prefix.clone();
    }

    /** {@code body} with this codec's prefix in front. */
    public byte[] encode(byte[] body) {
        byte[] out = new byte[prefix.length + body.length];
        System.arraycopy(prefix, 0, out, 0, prefix.length);
        System.arraycopy(body, 0, out, prefix.length, body.length);
        return out;
    }

    /** The bytes of {@code payload} after this codec's prefix. */
    public byte[] body(byte[] payload) {
        byte[] out = new byte[payload.length - prefix.length];
        System.arraycopy(payload, prefix.length, out, 0, out.length);
        return out;
    }

    /**
     * The codec {@code payload} is prefixed with.
     *
     * @throws UnknownCodecException when the payload is empty, its varint is malformed, or the code
     *     is not one of CBOR, JSON, Borsh
     */
    public static Codec of(byte[] payload) {
        return of(payload, 0, payload.length);
    }

    /** The codec of the payload held in {@code buf[offset, offset + length)}. */
    public static Codec of(byte[] buf, int offset, int length) {
        long code = 0;
        int shift = 0;
        for (int i = 0; i < Math.min(length, 9); i++) {
            int b = buf[offset + i] & 0xFF;
            code |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                Codec codec = fromCode(code);
                if (codec == null || codec.prefix.length != i + 1) {
                    // a non-minimal encoding of a known code is not that code's prefix
                    throw new UnknownCodecException(describe(buf, offset, i + 1));
                }
                return codec;
            }
            shift += 7;
        }
        throw new UnknownCodecException(length == 0 ? "an empty payload" : describe(buf, offset, Math.min(length, 9)));
    }

    /** The codec with multicodec code {@code code}, or {@code null}. */
    public static Codec fromCode(long code) {
        for (Codec c : values()) {
            if (c.code == code) {
                return c;
            }
        }
        return null;
    }

    /** {@code value} as an unsigned LEB128 varint. */
    private static byte[] varint(long value) {
        if (value < 0) {
            throw new IllegalArgumentException("varint of a negative number: " + value);
        }
        byte[] tmp = new byte[10];
        int n = 0;
        do {
            byte b = (byte) (value & 0x7F);
            value >>>= 7;
            if (value != 0) {
                b |= (byte) 0x80;
            }
            tmp[n++] = b;
        } while (value != 0);
        byte[] out = new byte[n];
        System.arraycopy(tmp, 0, out, 0, n);
        return out;
    }

    private static String describe(byte[] buf, int offset, int n) {
        StringBuilder sb = new StringBuilder("prefix 0x");
        for (int i = 0; i < n; i++) {
            sb.append(String.format("%02x", buf[offset + i] & 0xFF));
        }
        return sb.toString();
    }
}
