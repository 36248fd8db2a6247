package dev.wharf.runtime.internal.guest.component.http;

import static dev.wharf.runtime.internal.component.wasi.WasiTypes.STRING;
import static dev.wharf.runtime.internal.component.wasi.WasiTypes.U16;
import static dev.wharf.runtime.internal.component.wasi.WasiTypes.func;
import static dev.wharf.runtime.internal.component.wasi.WasiTypes.method;
import static dev.wharf.runtime.internal.component.wasi.WasiTypes.methodName;
import static dev.wharf.runtime.internal.component.wasi.WasiTypes.option;
import static dev.wharf.runtime.internal.component.wasi.WasiTypes.own;
import static dev.wharf.runtime.internal.component.wasi.WasiTypes.param;
import static dev.wharf.runtime.internal.component.wasi.WasiTypes.result;
import static dev.wharf.runtime.internal.guest.component.http.HttpTypes.ERROR_CODE;
import static dev.wharf.runtime.internal.guest.component.http.HttpTypes.FIELDS;
import static dev.wharf.runtime.internal.guest.component.http.HttpTypes.INCOMING_BODY;
import static dev.wharf.runtime.internal.guest.component.http.HttpTypes.INCOMING_REQUEST;
import static dev.wharf.runtime.internal.guest.component.http.HttpTypes.INCOMING_RESPONSE;
import static dev.wharf.runtime.internal.guest.component.http.HttpTypes.METHOD;
import static dev.wharf.runtime.internal.guest.component.http.HttpTypes.OUTGOING_BODY;
import static dev.wharf.runtime.internal.guest.component.http.HttpTypes.OUTGOING_REQUEST;
import static dev.wharf.runtime.internal.guest.component.http.HttpTypes.OUTGOING_RESPONSE;
import static dev.wharf.runtime.internal.guest.component.http.HttpTypes.RESPONSE_OUTPARAM;
import static dev.wharf.runtime.internal.guest.component.http.HttpTypes.SCHEME;

import dev.wharf.runtime.internal.component.WitValue;
import dev.wharf.runtime.internal.component.WitValue.Int;
import dev.wharf.runtime.internal.component.WitValue.OptionValue;
import dev.wharf.runtime.internal.component.WitValue.ResultValue;
import dev.wharf.runtime.internal.component.WitValue.VariantValue;
import dev.wharf.runtime.internal.component.wasi.HeldBytes;
import dev.wharf.runtime.internal.component.wasi.WasiInstance;
import dev.wharf.runtime.internal.guest.component.http.HttpObjects.BodyHandle;
import dev.wharf.runtime.internal.guest.component.http.HttpObjects.FieldsRef;
import dev.wharf.runtime.internal.guest.component.http.HttpObjects.IncomingBody;
import dev.wharf.runtime.internal.guest.component.http.HttpObjects.IncomingRequest;
import dev.wharf.runtime.internal.guest.component.http.HttpObjects.IncomingResponse;
import dev.wharf.runtime.internal.guest.component.http.HttpObjects.OutgoingBody;
import dev.wharf.runtime.internal.guest.component.http.HttpObjects.OutgoingMessage;
import dev.wharf.runtime.internal.guest.component.http.HttpObjects.OutgoingRequest;
import dev.wharf.runtime.internal.guest.component.http.HttpObjects.OutgoingResponse;
import dev.wharf.runtime.internal.guest.component.http.HttpObjects.ResponseOutparam;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The messages of wasi:http/types: incoming-request (the request a component serves),
 * outgoing-request (one it makes), outgoing-response (its answer), incoming-response (the answer
 * to its request) and response-outparam. A message's headers are a view (immutable); its body is
 * had once. A setter refuses (answers {@code err}) what is no valid method, scheme, authority,
 * path or status.
 */
final class MessageFunctions {

    private static final WitValue OK = HttpState.ok(null);
    private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+\\-.^_`|~0-9A-Za-z]+");
    private static final Pattern SCHEME_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9+.\\-]*");
    private static final Pattern AUTHORITY = Pattern.compile("[^\\s/?#@]*@?[^\\s/?#@]+");
    private static final Pattern PATH = Pattern.compile("[/*][^\\s#]*|");

    private final HttpState state;

    MessageFunctions(HttpState state) {
        this.state = state;
    }

    void addTo(WasiInstance types) {
        incomingRequest(types);
        outgoingRequest(types);
        responses(types);
    }

    private void incomingRequest(WasiInstance types) {
        types.func(methodName(INCOMING_REQUEST, "method"), method(INCOMING_REQUEST, METHOD),
                        a -> HttpTypes.method(request(a).method))
                .func(methodName(INCOMING_REQUEST, "path-with-query"), method(INCOMING_REQUEST, option(STRING)),
                        a -> HttpState.optional(request(a).pathWithQuery))
                .func(methodName(INCOMING_REQUEST, "scheme"), method(INCOMING_REQUEST, option(SCHEME)),
                        a -> HttpState.optional(HttpTypes.scheme(request(a).scheme)))
                .func(methodName(INCOMING_REQUEST, "authority"), method(INCOMING_REQUEST, option(STRING)),
                        a -> HttpState.optional(request(a).authority))
                .func(methodName(INCOMING_REQUEST, "headers"), method(INCOMING_REQUEST, own(FIELDS)),
                        a -> view(request(a).headers))
                .func(methodName(INCOMING_REQUEST, "consume"), method(INCOMING_REQUEST, result(own(INCOMING_BODY), null)),
                        a -> body(request(a).consume()));
    }

    private void outgoingRequest(WasiInstance types) {
        types.func("[constructor]outgoing-request", func(own(OUTGOING_REQUEST), param("headers", own(FIELDS))),
                        a -> state.add(OUTGOING_REQUEST, new OutgoingRequest(takeFields(a, 0))))
                .func(methodName(OUTGOING_REQUEST, "body"), method(OUTGOING_REQUEST, result(own(OUTGOING_BODY), null)),
                        a -> body(outgoing(a), "HTTP-request-body-size"))
                .func(methodName(OUTGOING_REQUEST, "method"), method(OUTGOING_REQUEST, METHOD),
                        a -> HttpTypes.method(outgoing(a).method))
                .func(methodName(OUTGOING_REQUEST, "set-method"), method(OUTGOING_REQUEST, result(null, null),
                        param("method", METHOD)), a -> {
                            String m = HttpTypes.method(a.get(1));
                            return set(TOKEN.matcher(m).matches(), () -> outgoing(a).method = m);
                        })
                .func(methodName(OUTGOING_REQUEST, "path-with-query"), method(OUTGOING_REQUEST, option(STRING)),
                        a -> HttpState.optional(outgoing(a).pathWithQuery))
                .func(methodName(OUTGOING_REQUEST, "set-path-with-query"), method(OUTGOING_REQUEST,
                        result(null, null), param("path-with-query", option(STRING))), a -> {
                            String p = HttpState.optionalString(a, 1);
                            return set(p == null || PATH.matcher(p).matches(), () -> outgoing(a).pathWithQuery = p);
                        })
                .func(methodName(OUTGOING_REQUEST, "scheme"), method(OUTGOING_REQUEST, option(SCHEME)),
                        a -> HttpState.optional(outgoing(a).scheme == null ? null : HttpTypes.scheme(outgoing(a).scheme)))
                .func(methodName(OUTGOING_REQUEST, "set-scheme"), method(OUTGOING_REQUEST, result(null, null),
                        param("scheme", option(SCHEME))), a -> {
                            WitValue v = ((OptionValue) a.get(1)).value();
                            String s = v == null ? null : HttpTypes.scheme(v);
                            return set(s == null || SCHEME_NAME.matcher(s).matches(), () -> outgoing(a).scheme = s);
                        })
                .func(methodName(OUTGOING_REQUEST, "authority"), method(OUTGOING_REQUEST, option(STRING)),
                        a -> HttpState.optional(outgoing(a).authority))
                .func(methodName(OUTGOING_REQUEST, "set-authority"), method(OUTGOING_REQUEST, result(null, null),
                        param("authority", option(STRING))), a -> {
                            String s = HttpState.optionalString(a, 1);
                            return set(s == null || AUTHORITY.matcher(s).matches(), () -> outgoing(a).authority = s);
                        })
                .func(methodName(OUTGOING_REQUEST, "headers"), method(OUTGOING_REQUEST, own(FIELDS)),
                        a -> view(outgoing(a).headers));
    }

    private void responses(WasiInstance types) {
        types.func("[static]response-outparam.set", func(null, param("param", own(RESPONSE_OUTPARAM)),
                        param("response", result(own(OUTGOING_RESPONSE), ERROR_CODE))), this::setResponse)
                .func(methodName(RESPONSE_OUTPARAM, "send-informational"), method(RESPONSE_OUTPARAM,
                        result(null, ERROR_CODE), param("status", U16), param("headers", own(FIELDS))), a -> {
                            takeFields(a, 2).free();
                            return HttpState.err(HttpTypes.internalError(
                                    "Wharf sends no informational (1xx) responses: the final response goes whole"));
                        })
                .func("[constructor]outgoing-response", func(own(OUTGOING_RESPONSE), param("headers", own(FIELDS))),
                        a -> state.add(OUTGOING_RESPONSE, new OutgoingResponse(takeFields(a, 0))))
                .func(methodName(OUTGOING_RESPONSE, "status-code"), method(OUTGOING_RESPONSE, U16),
                        a -> new Int(response(a).status))
                .func(methodName(OUTGOING_RESPONSE, "set-status-code"), method(OUTGOING_RESPONSE, result(null, null),
                        param("status-code", U16)), a -> {
                            int status = (int) ((Int) a.get(1)).value();
                            return set(status >= 100 && status <= 599, () -> response(a).status = status);
                        })
                .func(methodName(OUTGOING_RESPONSE, "headers"), method(OUTGOING_RESPONSE, own(FIELDS)),
                        a -> view(response(a).headers))
                .func(methodName(OUTGOING_RESPONSE, "body"), method(OUTGOING_RESPONSE,
                        result(own(OUTGOING_BODY), null)), a -> body(response(a), "HTTP-response-body-size"))
                .func(methodName(INCOMING_RESPONSE, "status"), method(INCOMING_RESPONSE, U16),
                        a -> new Int(incoming(a).status))
                .func(methodName(INCOMING_RESPONSE, "headers"), method(INCOMING_RESPONSE, own(FIELDS)),
                        a -> view(incoming(a).headers))
                .func(methodName(INCOMING_RESPONSE, "consume"), method(INCOMING_RESPONSE,
                        result(own(INCOMING_BODY), null)), a -> body(incoming(a).consume()));
    }

    /** response-outparam.set: the outparam is used up; the response (or error) is kept for the host. */
    private WitValue setResponse(List<WitValue> a) {
        ResponseOutparam out = state.take(a, 0, RESPONSE_OUTPARAM, ResponseOutparam.class);
        ResultValue r = (ResultValue) a.get(1);
        out.set = true;
        if (r.ok()) {
            out.response = state.take(List.of(r.value()), 0, OUTGOING_RESPONSE, OutgoingResponse.class);
        } else {
            out.error = (VariantValue) r.value();
        }
        return null;
    }

    /** An own fields handle passed to a message: the guest's own become the message's, a view is copied. */
    private Fields takeFields(List<WitValue> a, int i) {
        FieldsRef ref = state.take(a, i, FIELDS, FieldsRef.class);
        return ref.mutable() ? ref.fields() : ref.fields().copy();
    }

    private WitValue view(Fields fields) {
        return state.add(FIELDS, new FieldsRef(fields, false));
    }

    /**
     * {@code ok(outgoing-body)}: the message's body, made now, or {@code err} when it was had
     * already. {@code capName} is the error-code case of a body past the cap.
     */
    private WitValue body(OutgoingMessage message, String capName) {
        if (message.body != null) {
            return HttpState.ERR_UNIT;
        }
        message.body = new OutgoingBody(state.objects, message.headers, state.bodyCap, capName);
        return HttpState.ok(state.add(OUTGOING_BODY, new BodyHandle(message.body)));
    }

    /** {@code ok(incoming-body)} of a message's body, or {@code err} when it was had already. */
    private WitValue body(HeldBytes bytes) {
        return bytes == null ? HttpState.ERR_UNIT : HttpState.ok(state.add(INCOMING_BODY, new IncomingBody(bytes)));
    }

    private static WitValue set(boolean valid, Runnable setter) {
        if (!valid) {
            return HttpState.ERR_UNIT;
        }
        setter.run();
        return OK;
    }

    private IncomingRequest request(List<WitValue> a) {
        return state.arg(a, 0, INCOMING_REQUEST, IncomingRequest.class);
    }

    private OutgoingRequest outgoing(List<WitValue> a) {
        return state.arg(a, 0, OUTGOING_REQUEST, OutgoingRequest.class);
    }

    private OutgoingResponse response(List<WitValue> a) {
        return state.arg(a, 0, OUTGOING_RESPONSE, OutgoingResponse.class);
    }

    private IncomingResponse incoming(List<WitValue> a) {
        return state.arg(a, 0, INCOMING_RESPONSE, IncomingResponse.class);
    }
}
