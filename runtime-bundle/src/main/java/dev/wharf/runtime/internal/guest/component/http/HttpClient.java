package dev.wharf.runtime.internal.guest.component.http;

import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.ValType;
import dev.wharf.api.ErrorCode;
import dev.wharf.api.ValueType;
import dev.wharf.api.http.HttpField;
import dev.wharf.runtime.internal.component.WitValue.VariantValue;
import dev.wharf.runtime.internal.component.wasi.HeldBytes;
import dev.wharf.runtime.internal.engine.AbiResult;
import dev.wharf.runtime.internal.engine.CapabilityImport;
import dev.wharf.runtime.internal.guest.GuestHost;
import dev.wharf.runtime.internal.guest.component.capability.ScratchMemory;
import dev.wharf.runtime.internal.guest.component.http.HttpObjects.IncomingResponse;
import dev.wharf.runtime.internal.guest.component.http.HttpObjects.OutgoingRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Sends a component's outgoing-request as the {@code http} capability's {@code request}, through
 * {@link GuestHost#capability} like every capability call (the security policy, the component's
 * {@code http-allow}, the capability's limits and the audit apply as to a core module's
 * {@code wharf:http.request}): the request is laid out in a {@link ScratchMemory}, where the
 * capability leaves the response. A refusal is the error-code a wasi:http client expects.
 */
final class HttpClient {

    /** The http capability's request function, as wasi:http/outgoing-handler calls it. */
    static final CapabilityImport REQUEST = new CapabilityImport("http", "request",
            FunctionType.of(Collections.nCopies(9, ValType.I32), List.of(ValType.I32)),
            Collections.nCopies(9, ValueType.I32), List.of(ValueType.I32));

    /** The methods the http capability sends. */
    private static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS");
    /** Headers the capability's client sets itself: content-length is the body's, not the guest's to send. */
    private static final Set<String> LEFT_OUT = Set.of("content-length");

    private final GuestHost host;
    private final HttpState state;
    private final ScratchMemory memory;

    HttpClient(GuestHost host, HttpState state, long memoryBytes) {
        this.host = host;
        this.state = state;
        this.memory = new ScratchMemory(memoryBytes);
    }

    /** Why {@code r} cannot be sent at all, as an error-code; {@code null} when it can. */
    static VariantValue refusal(OutgoingRequest r) {
        if (!METHODS.contains(r.method)) {
            return HttpTypes.error("HTTP-request-method-invalid");
        }
        if (r.authority == null || r.authority.isEmpty()
                || (r.scheme != null && !r.scheme.equals("http") && !r.scheme.equals("https"))) {
            return HttpTypes.error("HTTP-request-URI-invalid");
        }
        return null;
    }

    /** Sends {@code r}: the response, or the error-code of a refusal or failure. */
    Object send(OutgoingRequest r) {
        VariantValue refused = refusal(r);
        if (refused != null) {
            return refused;
        }
        String url = (r.scheme == null ? "http" : r.scheme) + "://" + r.authority
                + (r.pathWithQuery == null || r.pathWithQuery.isEmpty() ? "/" : r.pathWithQuery);
        byte[] body = r.body == null ? new byte[0] : r.body.bytes();
        byte[][] parts = {utf8(r.method), utf8(url), utf8(r.headers.lines(LEFT_OUT)), body};
        memory.reset();
        long[] args = new long[9];
        for (int i = 0; i < parts.length; i++) {
            args[2 * i] = memory.place(parts[i]);
            args[2 * i + 1] = parts[i].length;
            if (args[2 * i] == 0 && parts[i].length > 0) {
                return noRoom(body);
            }
        }
        int out = memory.alloc(16);
        if (out == 0) {
            return noRoom(body);
        }
        args[8] = out;
        long rc = host.capability(REQUEST, memory, args)[0];
        if (rc < 0) {
            return error(code((int) -rc), body.length);
        }
        byte[] responseBody = memory.read(memory.readI32(out), memory.readI32(out + 4));
        byte[] headers = memory.read(memory.readI32(out + 8), memory.readI32(out + 12));
        return new IncomingResponse((int) rc, Fields.of(state.objects, parse(headers)),
                HeldBytes.charge(state.objects, responseBody));
    }

    private static VariantValue noRoom(byte[] body) {
        return HttpTypes.internalError("no room to lay out a request of " + body.length + " bytes: the "
                + "component's memory cap (memory-max-pages) bounds what one request carries");
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** The capability's {@code name: value\n} lines. */
    private static List<HttpField> parse(byte[] lines) {
        List<HttpField> out = new ArrayList<>();
        for (String line : new String(lines, StandardCharsets.UTF_8).split("\n")) {
            int colon = line.indexOf(": ");
            if (colon > 0) {
                out.add(HttpField.of(line.substring(0, colon).toLowerCase(Locale.ROOT), line.substring(colon + 2)));
            }
        }
        return out;
    }

    private static ErrorCode code(int number) {
        return AbiResult.error(number).orElse(ErrorCode.CAPABILITY_FAILED);
    }

    /** The error-code a wasi:http client gets for the capability's refusal {@code code}. */
    static VariantValue error(ErrorCode code, int requestBodyLength) {
        String why = code.name() + " (" + -code.code() + ")";
        return switch (code) {
            case DENIED, NO_POLICY -> HttpTypes.error("HTTP-request-denied");
            case TIMEOUT -> HttpTypes.error("HTTP-response-timeout");
            case BUSY -> HttpTypes.error("connection-limit-reached");
            case TOO_LARGE -> requestBodyLength == 0 ? HttpTypes.error("HTTP-response-body-size")
                    : HttpTypes.internalError("the request or the response body is beyond the http capability's "
                            + "max-request-bytes or max-response-bytes: " + why);
            case REQUEST_FAILED -> HttpTypes.internalError("the connection failed (unknown host, refused, reset or "
                    + "TLS): " + why);
            case INVALID_ARGUMENTS -> HttpTypes.internalError("the http capability refused the request's URL, method "
                    + "or a header as malformed: " + why);
            case CAPABILITY_UNAVAILABLE -> HttpTypes.internalError("no http capability is present now: " + why);
            default -> HttpTypes.internalError("the http capability failed: " + why);
        };
    }
}
