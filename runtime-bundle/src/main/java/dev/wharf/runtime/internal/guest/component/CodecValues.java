package dev.wharf.runtime.internal.guest.component;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import dev.wharf.api.Codec;
import dev.wharf.api.InvalidArgumentsException;
import dev.wharf.runtime.internal.component.WitText;
import dev.wharf.runtime.internal.component.WitType;
import dev.wharf.runtime.internal.component.WitValue;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The arguments and results of an {@code Invoke} of a component function in JSON or CBOR: an
 * array with one element per parameter (per result), each value in the JSON mapping of
 * docs/components.md ({@link CodecReader}, {@link CodecWriter}). Borsh carries no component values.
 */
final class CodecValues {

    // NaN, Infinity and -Infinity are numbers for f32 and f64, as in the Invoke of core modules
    private final JsonFactory json = JsonFactory.builder().enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build();
    private final CBORFactory cbor = new CBORFactory();

    /**
     * The arguments in {@code payload} (its codec prefix included) for parameters {@code params}.
     *
     * @throws InvalidArgumentsException naming the parameter that does not fit, or the codec
     */
    List<WitValue> arguments(byte[] payload, String function, List<WitType.Param> params) {
        Codec codec = Codec.of(payload);
        if (codec == Codec.BORSH) {
            throw new InvalidArgumentsException(0, "the arguments of component function " + function
                    + " are JSON or CBOR: Borsh carries no component values");
        }
        int at = codec.prefixLength();
        int index = 0;
        try (JsonParser p = codec == Codec.JSON ? json.createParser(payload, at, payload.length - at)
                : cbor.createParser(payload, at, payload.length - at)) {
            if (p.nextToken() != JsonToken.START_ARRAY) {
                throw new InvalidArgumentsException(0, codec + " arguments of " + function
                        + " must be an array with one value per parameter");
            }
            List<WitValue> out = new ArrayList<>(params.size());
            for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
                if (index >= params.size()) {
                    throw count(function, params.size(), (index + 1) + " or more");
                }
                out.add(argument(p, params.get(index), index));
                index++;
            }
            if (index != params.size()) {
                throw count(function, params.size(), String.valueOf(index));
            }
            if (p.nextToken() != null) {
                throw new InvalidArgumentsException(0, "something follows the " + codec + " arguments of " + function);
            }
            return out;
        } catch (JsonProcessingException e) {
            throw new InvalidArgumentsException(malformedAt(index, params), "malformed " + codec + " arguments of "
                    + function + ": " + e.getOriginalMessage());
        } catch (IOException e) {
            // the source is in memory: this is about its bytes too, e.g. a CharConversionException
            // when Jackson took JSON for UTF-32 (from its zero bytes) and a character is above U+10FFFF
            throw new InvalidArgumentsException(malformedAt(index, params), "malformed " + codec + " arguments of "
                    + function + ": " + e.getMessage());
        }
    }

    /**
     * The parameter (from 1) a malformed encoding broke in, after {@code read} arguments: 0 while
     * the first is read (the array itself may be what is broken) and after the last (the array then
     * fails to close: there is no parameter to name).
     */
    private static int malformedAt(int read, List<WitType.Param> params) {
        return read == 0 || read >= params.size() ? 0 : read + 1;
    }

    private static WitValue argument(JsonParser p, WitType.Param param, int index) throws IOException {
        try {
            return new CodecReader(p).value(param.type());
        } catch (IllegalArgumentException e) {
            throw new InvalidArgumentsException(index + 1, "argument " + (index + 1) + " (" + param.name() + ": "
                    + WitText.of(param.type()) + "): " + e.getMessage());
        }
    }

    private static InvalidArgumentsException count(String function, int expected, String got) {
        return new InvalidArgumentsException(0, function + " takes " + expected + " argument"
                + (expected == 1 ? "" : "s") + ", got " + got);
    }

    /** The results as an array in {@code codec}, its prefix first. */
    byte[] results(Codec codec, List<WitType.Param> types, List<WitValue> values) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(codec.prefix());
        try (JsonGenerator g = codec == Codec.JSON ? json.createGenerator(out) : cbor.createGenerator(out)) {
            CodecWriter w = new CodecWriter(g, codec == Codec.CBOR);
            g.writeStartArray();
            for (int i = 0; i < values.size(); i++) {
                w.value(types.get(i).type(), values.get(i));
            }
            g.writeEndArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
