package dev.wharf.runtime.internal.codec;

import dev.wharf.api.ValueType;
import java.util.List;

/**
 * The common case of JSON and CBOR arguments and results, by hand: a flat array of integers.
 * Parsing and writing it this way costs no Jackson parser or generator per call. Anything else
 * (fractions, exponents, NaN, floats in CBOR, nesting, a wrong count, a value out of range) is
 * left to Jackson, which then reports the exact error: every method answers {@code null} for it.
 */
final class NumberArrays {

    private static final long I32_MIN = Integer.MIN_VALUE;
    private static final long U32_MAX = 0xFFFF_FFFFL;

    private NumberArrays() {}

    /** {@code [1, -2, 3]} as raw values of {@code params}, or {@code null} when it is not that simple. */
    static long[] parseJson(byte[] b, int at, List<ValueType> params) {
        int n = params.size();
        long[] out = new long[n];
        int end = b.length;
        at = skipSpace(b, at, end);
        if (at >= end || b[at++] != '[') {
            return null;
        }
        at = skipSpace(b, at, end);
        int i = 0;
        if (at < end && b[at] == ']') {
            at++;
        } else {
            while (true) {
                if (i >= n) {
                    return null;
                }
                boolean negative = at < end && b[at] == '-';
                if (negative) {
                    at++;
                }
                int start = at;
                long v = 0;
                while (at < end && b[at] >= '0' && b[at] <= '9') {
                    v = v * 10 + (b[at++] - '0');
                }
                int digits = at - start;
                // 18 digits never overflow a long; a leading zero is JSON only alone
                if (digits == 0 || digits > 18 || (digits > 1 && b[start] == '0')) {
                    return null;
                }
                Long raw = raw(negative ? -v : v, params.get(i));
                if (raw == null) {
                    return null;
                }
                out[i++] = raw;
                at = skipSpace(b, at, end);
                if (at < end && b[at] == ',') {
                    at = skipSpace(b, at + 1, end);
                } else if (at < end && b[at] == ']') {
                    at++;
                    break;
                } else {
                    return null; // a fraction, an exponent, or not JSON: Jackson says which
                }
            }
        }
        return i == n && skipSpace(b, at, end) == end ? out : null;
    }

    /** A CBOR definite-length array of integers as raw values of {@code params}, or {@code null}. */
    static long[] parseCbor(byte[] b, int at, List<ValueType> params) {
        int n = params.size();
        if (at >= b.length || (b[at] & 0xE0) != 0x80 || (b[at] & 0x1F) != n || n > 23) {
            return null;
        }
        at++;
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
            if (at >= b.length) {
                return null;
            }
            int major = (b[at] & 0xE0) >>> 5;
            int info = b[at] & 0x1F;
            at++;
            if (major > 1) {
                return null; // a float or anything else
            }
            int len = info < 24 ? 0 : info == 24 ? 1 : info == 25 ? 2 : info == 26 ? 4 : info == 27 ? 8 : -1;
            if (len < 0 || at + len > b.length) {
                return null;
            }
            long v = info < 24 ? info : 0;
            for (int k = 0; k < len; k++) {
                v = (v << 8) | (b[at++] & 0xFF);
            }
            if (v < 0) {
                return null; // above 2^63 - 1
            }
            Long raw = raw(major == 1 ? -1 - v : v, params.get(i));
            if (raw == null) {
                return null;
            }
            out[i] = raw;
        }
        return at == b.length ? out : null;
    }

    /** An integer as the raw value of {@code type}: in range for i32, any long for i64, exact for floats. */
    private static Long raw(long v, ValueType type) {
        switch (type) {
            case I32:
                return v < I32_MIN || v > U32_MAX ? null : (long) (int) v;
            case I64:
                return v;
            case F32:
                return Float.floatToRawIntBits((float) v) & 0xFFFF_FFFFL;
            default:
                return Double.doubleToRawLongBits((double) v);
        }
    }

    /** Results of integer types as a JSON array after {@code prefix}, or {@code null} when one is a float. */
    static byte[] writeJson(byte[] prefix, List<ValueType> types, long[] results) {
        byte[] buf = new byte[prefix.length + 2 + 21 * types.size()];
        System.arraycopy(prefix, 0, buf, 0, prefix.length);
        int at = prefix.length;
        buf[at++] = '[';
        for (int i = 0; i < types.size(); i++) {
            Long value = integer(types.get(i), results[i]);
            if (value == null) {
                return null;
            }
            long v = value;
            if (i > 0) {
                buf[at++] = ',';
            }
            at = writeDecimal(buf, at, v);
        }
        buf[at++] = ']';
        return java.util.Arrays.copyOf(buf, at);
    }

    private static int writeDecimal(byte[] buf, int at, long v) {
        if (v == Long.MIN_VALUE) {
            byte[] min = Long.toString(v).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            System.arraycopy(min, 0, buf, at, min.length);
            return at + min.length;
        }
        if (v < 0) {
            buf[at++] = '-';
            v = -v;
        }
        int start = at;
        do {
            buf[at++] = (byte) ('0' + v % 10);
            v /= 10;
        } while (v != 0);
        for (int l = start, r = at - 1; l < r; l++, r--) {
            byte t = buf[l];
            buf[l] = buf[r];
            buf[r] = t;
        }
        return at;
    }

    /** Results of integer types as a CBOR array after {@code prefix}, or {@code null} when one is a float. */
    static byte[] writeCbor(byte[] prefix, List<ValueType> types, long[] results) {
        if (types.size() > 23) {
            return null;
        }
        byte[] buf = new byte[prefix.length + 1 + 9 * types.size()];
        System.arraycopy(prefix, 0, buf, 0, prefix.length);
        int at = prefix.length;
        buf[at++] = (byte) (0x80 | types.size());
        for (int i = 0; i < types.size(); i++) {
            Long value = integer(types.get(i), results[i]);
            if (value == null) {
                return null;
            }
            long v = value;
            int major = v < 0 ? 0x20 : 0;
            long u = v < 0 ? -1 - v : v;
            if (u < 24) {
                buf[at++] = (byte) (major | u);
            } else if (u < 0x100) {
                buf[at++] = (byte) (major | 24);
                buf[at++] = (byte) u;
            } else if (u < 0x10000) {
                buf[at++] = (byte) (major | 25);
                buf[at++] = (byte) (u >>> 8);
                buf[at++] = (byte) u;
            } else if (u < 0x1_0000_0000L) {
                buf[at++] = (byte) (major | 26);
                for (int k = 3; k >= 0; k--) {
                    buf[at++] = (byte) (u >>> (8 * k));
                }
            } else {
                buf[at++] = (byte) (major | 27);
                for (int k = 7; k >= 0; k--) {
                    buf[at++] = (byte) (u >>> (8 * k));
                }
            }
        }
        return java.util.Arrays.copyOf(buf, at);
    }

    /** A raw integer result as its signed value, or {@code null} for a float type (left to Jackson). */
    private static Long integer(ValueType type, long raw) {
        return type == ValueType.I32 ? Long.valueOf((int) raw) : type == ValueType.I64 ? Long.valueOf(raw) : null;
    }

    private static int skipSpace(byte[] b, int at, int end) {
        while (at < end && (b[at] == ' ' || b[at] == '\t' || b[at] == '\n' || b[at] == '\r')) {
            at++;
        }
        return at;
    }
}
