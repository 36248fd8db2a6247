package dev.wharf.runtime.internal.guest.component.http;

import dev.wharf.api.ComponentId;
import dev.wharf.api.DeliveryRefusedException;
import dev.wharf.api.ErrorCode;
import dev.wharf.api.GuestErrorException;
import dev.wharf.api.http.IncomingRequest;
import dev.wharf.api.http.OutgoingResponse;
import dev.wharf.runtime.internal.component.CanonicalAbiTrap;
import dev.wharf.runtime.internal.component.WitValue;
import dev.wharf.runtime.internal.component.WitValue.Handle;
import dev.wharf.runtime.internal.component.link.CanonicalFunctions;
import dev.wharf.runtime.internal.component.link.ComponentFunction;
import dev.wharf.runtime.internal.component.wasi.HeldBytes;
import dev.wharf.runtime.internal.component.wasi.HostObjects;
import dev.wharf.runtime.internal.component.wasi.Wasi;
import dev.wharf.runtime.internal.guest.Deadline;
import dev.wharf.runtime.internal.guest.component.http.HttpObjects.OutgoingBody;
import dev.wharf.runtime.internal.guest.component.http.HttpObjects.ResponseOutparam;
import java.util.List;
import java.util.Locale;

/**
 * Serves one HTTP request with a component's {@code wasi:http/incoming-handler#handle}: the
 * request becomes an incoming-request (its body an input stream of its bytes), the guest gets a
 * response-outparam, {@code handle} runs under the call's deadline, and the response it set is
 * collected: status, headers, and the body written to its outgoing-body until finished. Every
 * object of the request that the guest did not drop ends with it, and its handles of them are
 * taken back. A guest that sets no response,
 * sets an error, leaves the body unfinished or writes it past the cap fails the request
 * ({@link GuestErrorException}); a request the instance cannot hold is refused ({@code TOO_LARGE}).
 */
final class IncomingHandler {

    private final HttpState state;
    private final CanonicalFunctions functions;

    /** @param functions the instance's canonical functions, which take back the handles the guest kept */
    IncomingHandler(HttpState state, CanonicalFunctions functions) {
        this.state = state;
        this.functions = functions;
    }

    /**
     * @param export the handler's name, for errors ({@code wasi:http/incoming-handler@0.2.0#handle})
     * @param handle the handler
     */
    OutgoingResponse serve(Deadline deadline, ComponentId id, String export, ComponentFunction handle,
            IncomingRequest request) {
        HostObjects objects = state.objects;
        ResponseOutparam out = new ResponseOutparam();
        objects.openScope();
        try {
            List<WitValue> args = handOver(id, request, out);
            deadline.run(export, () -> handle.call(args));
            return collect(id, export, out);
        } finally {
            objects.closeScope((type, rep) -> functions.forget(type, Wasi.representation(type, rep)));
            if (out.response != null) {
                out.response.free();
            }
        }
    }

    /** The handle's arguments: the incoming-request and the response-outparam, made for the guest. */
    private List<WitValue> handOver(ComponentId id, IncomingRequest request, ResponseOutparam out) {
        Fields headers = null;
        HeldBytes body = null;
        try {
            headers = Fields.of(state.objects, request.headers());
            body = HeldBytes.charge(state.objects, request.body());
            String path = request.pathWithQuery().isEmpty() ? "/" : request.pathWithQuery();
            int r = state.objects.add(HttpTypes.INCOMING_REQUEST, new HttpObjects.IncomingRequest(
                    request.method().toUpperCase(Locale.ROOT), request.scheme(), request.authority(), path, headers,
                    body));
            int o = state.objects.add(HttpTypes.RESPONSE_OUTPARAM, out);
            return List.of(new Handle(r), new Handle(o));
        } catch (CanonicalAbiTrap e) {
            // the host's own limits, not the guest's fault: the request is refused, the instance goes on
            if (headers != null) {
                headers.free();
            }
            if (body != null) {
                body.release();
            }
            throw new DeliveryRefusedException(ErrorCode.TOO_LARGE, "component '" + id + "' cannot take this HTTP "
                    + "request: " + e.getMessage());
        }
    }

    private OutgoingResponse collect(ComponentId id, String export, ResponseOutparam out) {
        if (!out.set) {
            throw new GuestErrorException(id, -1, export + " returned without setting a response "
                    + "(response-outparam.set was not called)");
        }
        if (out.error != null) {
            throw new GuestErrorException(id, -1, export + " answered with error-code "
                    + HttpTypes.describe(out.error));
        }
        OutgoingBody body = out.response.body;
        if (body != null && body.overflowed) {
            // the guest's fault, not the client's: an error of the guest (500), not TOO_LARGE (413)
            throw new GuestErrorException(id, -1, export + " wrote a response body past " + body.cap()
                    + " bytes, the most a response of the component may have (its memory cap, memory-max-pages)");
        }
        if (body != null && !body.finished) {
            throw new GuestErrorException(id, -1, export + " set a response whose body is incomplete: "
                    + (body.abandoned ? body.incomplete : "it was left open without outgoing-body.finish"));
        }
        return new OutgoingResponse(out.response.status, out.response.headers.toApi(),
                body == null ? new byte[0] : body.bytes());
    }
}
