package dev.wharf.runtime.internal.guest.extism;

import com.dylibso.chicory.runtime.TrapException;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.ValType;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.wharf.api.DeliveryRefusedException;
import dev.wharf.api.ErrorCode;
import dev.wharf.api.ValueType;
import dev.wharf.runtime.internal.engine.AbiResult;
import dev.wharf.runtime.internal.engine.CapabilityImport;
import dev.wharf.runtime.internal.guest.GuestHost;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Locale;

/**
 * The kernel's {@code http_request}, {@code http_status_code} and {@code http_headers}: a request
 * is the {@code http} capability's {@code request}, made through the component's host like any
 * capability call, so the security policy, {@code http-allow}, the capability's limits and the
 * audit apply to a plugin as to any component. Its arguments are laid out in the kernel memory,
 * where the capability also leaves the response.
 */
final class ExtismHttp {

    /** The http capability's request function, as a plugin's requests call it. */
    static final CapabilityImport REQUEST = new CapabilityImport("http", "request",
            FunctionType.of(Collections.nCopies(9, ValType.I32), java.util.List.of(ValType.I32)),
            Collections.nCopies(9, ValueType.I32), java.util.List.of(ValueType.I32));

    private static final JsonFactory JSON = new JsonFactory();

    private final KernelMemory memory;
    private final GuestHost host;
    private int status;
    private byte[] headers;

    ExtismHttp(KernelMemory memory, GuestHost host) {
        this.memory = memory;
        this.host = host;
    }

    /** What a plugin asks for: Extism's request object. */
    private record Request(String url, String method, String headerLines) {}

    /**
     * {@code http_request(request, body)}: the response body as a new block (0 when empty).
     *
     * @throws DeliveryRefusedException when the request was refused or failed: the call fails with it
     * @throws TrapException when the request object is not Extism's
     */
    long request(String requestJson, byte[] body) {
        status = 0;
        headers = null;
        Request r = parse(requestJson);
        byte[] method = r.method().getBytes(StandardCharsets.UTF_8);
        byte[] url = r.url().getBytes(StandardCharsets.UTF_8);
        byte[] lines = r.headerLines().getBytes(StandardCharsets.UTF_8);
        long m = memory.place(method);
        long u = memory.place(url);
        long h = memory.place(lines);
        long b = memory.place(body);
        long out = memory.alloc(16);
        if (out == 0 || (m == 0 && method.length > 0) || u == 0 || (h == 0 && lines.length > 0) || (b == 0 && body.length > 0)) {
            throw new DeliveryRefusedException(ErrorCode.ALLOCATION_FAILED, "component '" + host.id()
                    + "': no room in its kernel memory for an HTTP request of " + body.length + " bytes (memory-max-pages)");
        }
        long rc = host.capability(REQUEST, memory, new long[] {m, method.length, u, url.length, h, lines.length, b,
                body.length, out})[0];
        if (rc < 0) {
            throw refused(r, (int) -rc);
        }
        status = (int) rc;
        ByteBuffer slots = ByteBuffer.wrap(memory.bytes("http_request", out, 16)).order(ByteOrder.LITTLE_ENDIAN);
        int bodyOffset = slots.getInt(0);
        int bodyLength = slots.getInt(4);
        headers = slots.getInt(12) == 0 ? new byte[0] : memory.bytes("http_request", slots.getInt(8), slots.getInt(12));
        return bodyLength == 0 ? 0 : Integer.toUnsignedLong(bodyOffset);
    }

    /** {@code http_status_code}: the status of the last request, 0 before any. */
    int status() {
        return status;
    }

    /** {@code http_headers}: the last response's headers as a JSON object (names in lower case) in a new block, 0 when none. */
    long headers() {
        if (headers == null || headers.length == 0) {
            return 0;
        }
        StringWriter w = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(w)) {
            g.writeStartObject();
            for (String line : new String(headers, StandardCharsets.UTF_8).split("\n")) {
                int colon = line.indexOf(": ");
                if (colon > 0) {
                    g.writeStringField(line.substring(0, colon), line.substring(colon + 2));
                }
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new IllegalStateException("writing JSON to a string failed", e);
        }
        return memory.place(w.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** Forgets the last response: a new call starts without one. */
    void clear() {
        status = 0;
        headers = null;
    }

    private DeliveryRefusedException refused(Request r, int code) {
        ErrorCode error = AbiResult.error(code).orElse(ErrorCode.CAPABILITY_FAILED);
        String why = switch (error) {
            case DENIED -> "is not allowed: the component must declare capability http and name the host in its http-allow";
            case CAPABILITY_UNAVAILABLE -> "failed: no http capability is present";
            default -> "failed: " + error.text();
        };
        return new DeliveryRefusedException(error, "component '" + host.id() + "': HTTP request " + r.method() + " "
                + r.url() + " " + why + " (" + -code + ")");
    }

    /**
     * Reads Extism's request object: {@code url} (required), {@code method} (GET when absent),
     * {@code headers} (an object of strings); any other field is refused, as Extism does.
     */
    private static Request parse(String json) {
        String url = null;
        String method = "GET";
        StringBuilder lines = new StringBuilder();
        try (JsonParser p = JSON.createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw bad("it is not a JSON object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.getCurrentName();
                JsonToken value = p.nextToken();
                switch (field) {
                    case "url" -> url = text(p, value, field);
                    case "method" -> method = text(p, value, field).toUpperCase(Locale.ROOT);
                    case "headers" -> headerLines(p, value, lines);
                    default -> throw bad("unknown field '" + field + "' (Extism's request has url, method, headers)");
                }
            }
        } catch (IOException e) {
            throw bad("it is not JSON: " + e.getMessage());
        }
        if (url == null) {
            throw bad("it has no url");
        }
        return new Request(url, method, lines.toString());
    }

    private static void headerLines(JsonParser p, JsonToken value, StringBuilder lines) throws IOException {
        if (value == JsonToken.VALUE_NULL) {
            return;
        }
        if (value != JsonToken.START_OBJECT) {
            throw bad("headers is not an object");
        }
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.getCurrentName();
            lines.append(name).append(": ").append(text(p, p.nextToken(), "header " + name)).append('\n');
        }
    }

    private static String text(JsonParser p, JsonToken value, String field) throws IOException {
        if (value != JsonToken.VALUE_STRING) {
            throw bad(field + " is not a string");
        }
        return p.getText();
    }

    private static TrapException bad(String why) {
        return new TrapException("http_request: the request object is not Extism's: " + why);
    }
}
