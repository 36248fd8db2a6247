package dev.wharf.runtime.internal.codec;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import dev.wharf.api.Codec;
import dev.wharf.api.ExportSignature;
import dev.wharf.api.InvalidArgumentsException;
import dev.wharf.api.ValueType;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;

/**
 * Converts between codec-prefixed argument lists and the raw 64-bit values Chicory passes:
 * CBOR and JSON arrays of numbers, or Borsh values back to back (little-endian, each as wide as
 * its type). Every value is checked against its parameter's type before the guest sees it.
 */
public final class ArgumentCodec {

    private static final BigInteger I32_MIN = BigInteger.valueOf(Integer.MIN_VALUE);
    private static final BigInteger U32_MAX = BigInteger.valueOf(0xFFFF_FFFFL);
    private static final BigInteger I64_MIN = BigInteger.valueOf(Long.MIN_VALUE);
    private static final BigInteger U64_MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

    // NaN, Infinity and -Infinity are numbers for f32 and f64 parameters
    private final JsonFactory json = JsonFactory.builder().enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build();
    private final CBORFactory cbor = new CBORFactory();
    // Codec.prefix() hands out a copy; these are read, never written
    private final byte[][] prefixes = java.util.Arrays.stream(Codec.values()).map(Codec::prefix).toArray(byte[][]::new);

    /**
     * Decodes {@code payload} (its codec prefix included) into raw values for {@code signature}.
     *
     * @throws InvalidArgumentsException naming the parameter that does not fit
     */
    public long[] decode(byte[] payload, Codec codec, ExportSignature signature) {
        int offset = codec.prefixLength();
        List<ValueType> params = signature.params();
        if (codec == Codec.BORSH) {
            return decodeBorsh(payload, offset, signature);
        }
        long[] simple = codec == Codec.JSON ? NumberArrays.parseJson(payload, offset, params)
                : NumberArrays.parseCbor(payload, offset, params);
        if (simple != null) {
            return simple;
        }
        long[] out = new long[params.size()];
        try (JsonParser p = codec == Codec.JSON
                ? json.createParser(payload, offset, payload.length - offset)
                : cbor.createParser(payload, offset, payload.length - offset)) {
            if (p.nextToken() != JsonToken.START_ARRAY) {
                throw new InvalidArgumentsException(0, codec + " arguments of " + signature
                        + " must be an array of numbers");
            }
            int i = 0;
            JsonToken t;
            while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                if (t == null) {
                    throw new InvalidArgumentsException(0, codec + " arguments of " + signature + " end before the array closes");
                }
                if (i >= params.size()) {
                    throw countMismatch(signature, i + 1 + remaining(p));
                }
                out[i] = toRaw(p, t, params.get(i), i, signature);
                i++;
            }
            if (i != params.size()) {
                throw countMismatch(signature, i);
            }
            if (p.nextToken() != null) {
                throw new InvalidArgumentsException(0, codec + " arguments of " + signature + " have data after the array");
            }
            return out;
        } catch (JsonProcessingException e) {
            throw new InvalidArgumentsException(0, "malformed " + codec + " arguments for " + signature + ": "
                    + e.getOriginalMessage());
        } catch (IOException e) {
            // the source is in memory: this is about its bytes too, e.g. a CharConversionException
            // when Jackson took JSON for UTF-32 (from its zero bytes) and a character is above U+10FFFF
            throw new InvalidArgumentsException(0, "malformed " + codec + " arguments for " + signature + ": "
                    + e.getMessage());
        }
    }

    private static int remaining(JsonParser p) throws IOException {
        int n = 0;
        JsonToken t;
        while ((t = p.nextToken()) != null && t != JsonToken.END_ARRAY) {
            if (t == JsonToken.START_ARRAY || t == JsonToken.START_OBJECT) {
                p.skipChildren();
            }
            n++;
        }
        return n;
    }

    private static InvalidArgumentsException countMismatch(ExportSignature signature, int got) {
        return new InvalidArgumentsException(0, signature + " takes " + signature.params().size()
                + " argument" + (signature.params().size() == 1 ? "" : "s") + ", got " + got);
    }

    private static long toRaw(JsonParser p, JsonToken t, ValueType type, int index, ExportSignature signature)
            throws IOException {
        String what = "parameter " + (index + 1) + " (" + type + ") of " + signature.name();
        if (t == JsonToken.VALUE_STRING && (type == ValueType.F32 || type == ValueType.F64)) {
            // JSON results write these as strings (Jackson's default): a result passed on as an
            // argument must be taken back, as component values are
            Double named = named(p.getText());
            if (named != null) {
                return type == ValueType.F32 ? Float.floatToRawIntBits(named.floatValue()) & 0xFFFF_FFFFL
                        : Double.doubleToRawLongBits(named);
            }
        }
        if (t != JsonToken.VALUE_NUMBER_INT && t != JsonToken.VALUE_NUMBER_FLOAT) {
            throw new InvalidArgumentsException(index + 1, what + ": expected a number, got " + describe(p, t));
        }
        switch (type) {
            case I32:
            case I64: {
                BigInteger v;
                if (t == JsonToken.VALUE_NUMBER_INT) {
                    v = p.getBigIntegerValue();
                } else {
                    double d = p.getDoubleValue();
                    if (Double.isNaN(d) || Double.isInfinite(d) || d != Math.rint(d)) {
                        throw new InvalidArgumentsException(index + 1, what + ": " + p.getText() + " is not an integer");
                    }
                    v = new BigDecimal(d).toBigInteger();
                }
                boolean i32 = type == ValueType.I32;
                if (v.compareTo(i32 ? I32_MIN : I64_MIN) < 0 || v.compareTo(i32 ? U32_MAX : U64_MAX) > 0) {
                    throw new InvalidArgumentsException(index + 1, what + ": " + v + " is out of range");
                }
                return i32 ? (long) v.intValue() : v.longValue();
            }
            case F32: {
                double d = finite(p, t, what, index, Float.MAX_VALUE);
                return Float.floatToRawIntBits((float) d) & 0xFFFF_FFFFL;
            }
            default:
                return Double.doubleToRawLongBits(finite(p, t, what, index, Double.MAX_VALUE));
        }
    }

    /**
     * The value as a double: NaN and the infinities when written as such, else a number whose
     * magnitude is at most {@code max} (a literal like {@code 1e400} is out of range, never a
     * silent infinity).
     */
    private static double finite(JsonParser p, JsonToken t, String what, int index, double max) throws IOException {
        double d = t == JsonToken.VALUE_NUMBER_INT && p.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                ? p.getBigIntegerValue().doubleValue() : p.getDoubleValue();
        boolean named = Double.isNaN(d) || p.getText().contains("Infinity");
        if (!named && (Double.isInfinite(d) || Math.abs(d) > max)) {
            throw new InvalidArgumentsException(index + 1, what + ": " + p.getText() + " is out of range");
        }
        return d;
    }

    /** The float {@code text} names ({@code NaN}, {@code Infinity}, {@code -Infinity}), else {@code null}. */
    private static Double named(String text) {
        switch (text) {
            case "NaN": return Double.NaN;
            case "Infinity": return Double.POSITIVE_INFINITY;
            case "-Infinity": return Double.NEGATIVE_INFINITY;
            default: return null;
        }
    }

    private static String describe(JsonParser p, JsonToken t) throws IOException {
        switch (t) {
            case VALUE_STRING: return "the string \"" + p.getText() + "\"";
            case VALUE_TRUE: case VALUE_FALSE: return "a boolean";
            case VALUE_NULL: return "null";
            case START_ARRAY: return "an array";
            case START_OBJECT: return "an object";
            default: return t.name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private static long[] decodeBorsh(byte[] payload, int offset, ExportSignature signature) {
        int expected = width(signature.params());
        int got = payload.length - offset;
        if (got != expected) {
            throw new InvalidArgumentsException(0, "Borsh arguments of " + signature + " must be " + expected
                    + " bytes, got " + got);
        }
        long[] out = new long[signature.params().size()];
        int at = offset;
        for (int i = 0; i < out.length; i++) {
            switch (signature.params().get(i)) {
                case I32: out[i] = (int) le(payload, at, 4); at += 4; break;
                case F32: out[i] = le(payload, at, 4); at += 4; break;
                default: out[i] = le(payload, at, 8); at += 8; break;
            }
        }
        return out;
    }

    /** The little-endian unsigned value of {@code n} bytes at {@code at}. */
    private static long le(byte[] b, int at, int n) {
        long v = 0;
        for (int k = n - 1; k >= 0; k--) {
            v = (v << 8) | (b[at + k] & 0xFF);
        }
        return v;
    }

    /** Bytes of {@code types} back to back in Borsh (a loop: this is on the path of every Invoke). */
    private static int width(List<ValueType> types) {
        int n = 0;
        for (int i = 0, size = types.size(); i < size; i++) {
            n += types.get(i).width();
        }
        return n;
    }

    /** Encodes raw results of {@code signature} in {@code codec}, prefix included. */
    public byte[] encode(Codec codec, ExportSignature signature, long[] results) {
        List<ValueType> types = signature.results();
        if (codec == Codec.BORSH) {
            int size = width(types);
            byte[] prefix = prefixes[codec.ordinal()];
            byte[] out = new byte[prefix.length + size];
            System.arraycopy(prefix, 0, out, 0, prefix.length);
            int at = prefix.length;
            for (int i = 0; i < types.size(); i++) {
                int w = types.get(i).width();
                for (int k = 0; k < w; k++) {
                    out[at++] = (byte) (results[i] >>> (8 * k));
                }
            }
            return out;
        }
        byte[] simple = codec == Codec.JSON ? NumberArrays.writeJson(prefixes[codec.ordinal()], types, results)
                : NumberArrays.writeCbor(prefixes[codec.ordinal()], types, results);
        if (simple != null) {
            return simple;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(16 + 12 * types.size());
        out.writeBytes(codec.prefix());
        try (JsonGenerator g = codec == Codec.JSON ? json.createGenerator(out) : cbor.createGenerator(out)) {
            // definite length: CBOR readers handle it everywhere, and it is one byte shorter
            g.writeStartArray(null, types.size());
            for (int i = 0; i < types.size(); i++) {
                switch (types.get(i)) {
                    case I32: g.writeNumber((int) results[i]); break;
                    case I64: g.writeNumber(results[i]); break;
                    case F32: g.writeNumber(Float.intBitsToFloat((int) results[i])); break;
                    default: g.writeNumber(Double.longBitsToDouble(results[i])); break;
                }
            }
            g.writeEndArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Raw results as Java numbers: Integer, Long, Float, Double. */
    public static List<Number> values(ExportSignature signature, long[] results) {
        List<ValueType> types = signature.results();
        Number[] out = new Number[types.size()];
        for (int i = 0; i < out.length; i++) {
            switch (types.get(i)) {
                case I32: out[i] = (int) results[i]; break;
                case I64: out[i] = results[i]; break;
                case F32: out[i] = Float.intBitsToFloat((int) results[i]); break;
                default: out[i] = Double.longBitsToDouble(results[i]); break;
            }
        }
        // immutable already: InvokeResult's List.copyOf keeps it as it is
        return List.of(out);
    }

    /** Encodes Java numbers as arguments in {@code codec} (used by the shell and by tests). */
    public byte[] encodeArguments(Codec codec, List<ValueType> types, List<Number> values) {
        long[] raw = new long[values.size()];
        for (int i = 0; i < raw.length; i++) {
            Number n = values.get(i);
            switch (types.get(i)) {
                case I32: raw[i] = n.intValue(); break;
                case I64: raw[i] = n.longValue(); break;
                case F32: raw[i] = Float.floatToRawIntBits(n.floatValue()) & 0xFFFF_FFFFL; break;
                default: raw[i] = Double.doubleToRawLongBits(n.doubleValue()); break;
            }
        }
        return encode(codec, new ExportSignature("arguments", List.of(), types), raw);
    }
}
