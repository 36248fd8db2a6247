package dev.wharf.runtime.internal.shell;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import dev.wharf.api.Codec;
import dev.wharf.api.UnknownCodecException;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;

/** Shows payloads to an operator: JSON as is, CBOR converted to JSON, anything else as hex. */
final class PayloadText {

    private static final JsonFactory JSON = new JsonFactory();
    private static final CBORFactory CBOR = new CBORFactory();

    private PayloadText() {}

    static String of(byte[] payload) {
        Codec codec;
        try {
            codec = Codec.of(payload);
        } catch (UnknownCodecException e) {
            return "(no known codec) " + HexFormat.of().formatHex(payload);
        }
        byte[] body = codec.body(payload);
        switch (codec) {
            case JSON:
                return new String(body, StandardCharsets.UTF_8);
            case CBOR:
                try (JsonParser p = CBOR.createParser(body); StringWriter w = new StringWriter();
                        JsonGenerator g = JSON.createGenerator(w)) {
                    while (p.nextToken() != null) {
                        g.copyCurrentStructure(p);
                    }
                    g.flush();
                    return w.toString();
                } catch (IOException e) {
                    return "(CBOR) " + HexFormat.of().formatHex(body);
                }
            default:
                return "(Borsh) " + HexFormat.of().formatHex(body);
        }
    }

    /** A function's output: its text when it is UTF-8, else {@code (base64) } and its bytes in base64. */
    static String output(byte[] output) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(output)).toString();
        } catch (CharacterCodingException e) {
            return "(base64) " + Base64.getEncoder().encodeToString(output);
        }
    }

    /** Why {@code text} is not one JSON value, or {@code null} when it is. */
    static String jsonProblem(String text) {
        try (JsonParser p = JSON.createParser(text)) {
            if (p.nextToken() == null) {
                return "it is empty";
            }
            p.skipChildren();
            if (p.nextToken() != null) {
                return "more than one value";
            }
            return null;
        } catch (JsonProcessingException e) {
            return e.getOriginalMessage();
        } catch (IOException e) {
            return e.getMessage();
        }
    }
}
