package dev.wharf.itest;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import com.fasterxml.jackson.dataformat.cbor.CBORGenerator;
import dev.wharf.api.Codec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Encodes and decodes argument and result lists the way a client would, independently of the runtime. */
final class Args {

    private static final CBORFactory CBOR = new CBORFactory();

    private Args() {}

    static byte[] json(String text) {
        return Codec.JSON.encode(text.getBytes(StandardCharsets.UTF_8));
    }

    static String jsonText(byte[] payload) {
        return new String(Codec.JSON.body(payload), StandardCharsets.UTF_8);
    }

    /** CBOR array; Integer/Long as integers, Float as single and Double as double precision. */
    static byte[] cbor(Object... values) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(Codec.CBOR.prefix());
        try (CBORGenerator g = CBOR.createGenerator(out)) {
            g.writeStartArray();
            for (Object v : values) {
                if (v instanceof Integer i) {
                    g.writeNumber(i);
                } else if (v instanceof Long l) {
                    g.writeNumber(l);
                } else if (v instanceof Float f) {
                    g.writeNumber(f);
                } else if (v instanceof Double d) {
                    g.writeNumber(d);
                } else if (v instanceof java.math.BigInteger b) {
                    g.writeNumber(b);
                } else {
                    g.writeString(String.valueOf(v));
                }
            }
            g.writeEndArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static List<Number> cborValues(byte[] payload) {
        List<Number> out = new ArrayList<>();
        byte[] body = Codec.CBOR.body(payload);
        try (JsonParser p = CBOR.createParser(body)) {
            if (p.nextToken() != JsonToken.START_ARRAY) {
                throw new IllegalStateException("not an array: " + Arrays.toString(body));
            }
            while (p.nextToken() != JsonToken.END_ARRAY) {
                out.add(p.getNumberValue());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** Borsh: each value little-endian, as wide as its Java type (int/float 4, long/double 8). */
    static byte[] borsh(Object... values) {
        int size = 0;
        for (Object v : values) {
            size += v instanceof Integer || v instanceof Float ? 4 : 8;
        }
        ByteBuffer b = ByteBuffer.allocate(Codec.BORSH.prefixLength() + size).order(ByteOrder.LITTLE_ENDIAN);
        b.put(Codec.BORSH.prefix());
        for (Object v : values) {
            if (v instanceof Integer i) {
                b.putInt(i);
            } else if (v instanceof Float f) {
                b.putFloat(f);
            } else if (v instanceof Long l) {
                b.putLong(l);
            } else {
                b.putDouble((Double) v);
            }
        }
        return b.array();
    }

    static ByteBuffer borshBody(byte[] payload) {
        return ByteBuffer.wrap(Codec.BORSH.body(payload)).order(ByteOrder.LITTLE_ENDIAN);
    }
}
