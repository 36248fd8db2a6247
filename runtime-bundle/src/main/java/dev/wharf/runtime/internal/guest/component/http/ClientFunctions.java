package dev.wharf.runtime.internal.guest.component.http;

import static dev.wharf.runtime.internal.component.wasi.WasiTypes.POLLABLE;
import static dev.wharf.runtime.internal.component.wasi.WasiTypes.U64;
import static dev.wharf.runtime.internal.component.wasi.WasiTypes.func;
import static dev.wharf.runtime.internal.component.wasi.WasiTypes.method;
import static dev.wharf.runtime.internal.component.wasi.WasiTypes.methodName;
import static dev.wharf.runtime.internal.component.wasi.WasiTypes.option;
import static dev.wharf.runtime.internal.component.wasi.WasiTypes.own;
import static dev.wharf.runtime.internal.component.wasi.WasiTypes.param;
import static dev.wharf.runtime.internal.component.wasi.WasiTypes.result;
import static dev.wharf.runtime.internal.guest.component.http.HttpTypes.ERROR_CODE;
import static dev.wharf.runtime.internal.guest.component.http.HttpTypes.FUTURE_INCOMING_RESPONSE;
import static dev.wharf.runtime.internal.guest.component.http.HttpTypes.INCOMING_RESPONSE;
import static dev.wharf.runtime.internal.guest.component.http.HttpTypes.OUTGOING_REQUEST;
import static dev.wharf.runtime.internal.guest.component.http.HttpTypes.REQUEST_OPTIONS;

import dev.wharf.runtime.internal.component.CanonicalAbiTrap;
import dev.wharf.runtime.internal.component.WitValue;
import dev.wharf.runtime.internal.component.WitValue.Handle;
import dev.wharf.runtime.internal.component.WitValue.Int;
import dev.wharf.runtime.internal.component.WitValue.OptionValue;
import dev.wharf.runtime.internal.component.WitValue.VariantValue;
import dev.wharf.runtime.internal.component.wasi.HostObjects.Freeable;
import dev.wharf.runtime.internal.component.wasi.Waitable;
import dev.wharf.runtime.internal.component.wasi.WasiInstance;
import dev.wharf.runtime.internal.guest.component.http.HttpObjects.IncomingResponse;
import dev.wharf.runtime.internal.guest.component.http.HttpObjects.OutgoingRequest;
import dev.wharf.runtime.internal.guest.component.http.HttpObjects.RequestOptions;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * wasi:http/outgoing-handler#handle and what it gives: request-options and the
 * future-incoming-response. The host works synchronously, so a request is sent when the guest
 * waits for its response (blocks on the future's pollable, or asks for its value) and its body, if
 * it has one, is finished: a guest may hand the request over first and write the body after, as
 * streaming clients do. Waiting for the response of a request whose body is still open would wait
 * forever: a trap saying so.
 */
final class ClientFunctions {

    private final HttpState state;
    private final HttpClient client;

    ClientFunctions(HttpState state, HttpClient client) {
        this.state = state;
        this.client = client;
    }

    /** The response to one request: sent when awaited. */
    private final class FutureResponse implements Waitable, Freeable {
        private final OutgoingRequest request;
        private Object outcome; // an IncomingResponse or an error-code
        private boolean taken;

        FutureResponse(OutgoingRequest request) {
            this.request = request;
        }

        @Override
        public boolean ready() {
            return outcome != null;
        }

        @Override
        public void await() {
            if (outcome != null) {
                return;
            }
            if (request.body != null && request.body.abandoned) {
                outcome = request.body.overflowed ? request.body.overflowError()
                        : HttpTypes.internalError("the request's outgoing-body is incomplete: " + request.body.incomplete);
            } else if (request.body != null && !request.body.finished) {
                throw new CanonicalAbiTrap("waits for the response to a request whose outgoing-body is not finished: "
                        + "the host sends a request once its body is finished (outgoing-body.finish), so this would "
                        + "wait forever");
            } else {
                outcome = client.send(request);
            }
            request.free(); // sent or failed: its body and headers are no longer held
        }

        /** future-incoming-response.get: none until awaited (and sendable), then the response once. */
        WitValue get() {
            if (outcome == null && (request.body == null || request.body.finished || request.body.abandoned)) {
                await();
            }
            if (outcome == null) {
                return OptionValue.NONE;
            }
            if (taken) {
                return new OptionValue(HttpState.ERR_UNIT);
            }
            taken = true;
            WitValue inner = outcome instanceof IncomingResponse r ? HttpState.ok(state.add(INCOMING_RESPONSE, r))
                    : HttpState.err((VariantValue) outcome);
            return new OptionValue(HttpState.ok(inner));
        }

        @Override
        public void free() {
            request.free();
            if (!taken && outcome instanceof IncomingResponse r) {
                r.free();
            }
        }
    }

    void addTypes(WasiInstance types) {
        types.func("[constructor]request-options", func(own(REQUEST_OPTIONS)),
                        a -> state.add(REQUEST_OPTIONS, new RequestOptions()));
        timeout(types, "connect-timeout", o -> o.connectTimeout, (o, v) -> o.connectTimeout = v);
        timeout(types, "first-byte-timeout", o -> o.firstByteTimeout, (o, v) -> o.firstByteTimeout = v);
        timeout(types, "between-bytes-timeout", o -> o.betweenBytesTimeout, (o, v) -> o.betweenBytesTimeout = v);
        types.func(methodName(FUTURE_INCOMING_RESPONSE, "subscribe"), method(FUTURE_INCOMING_RESPONSE, own(POLLABLE)),
                        a -> new Handle(state.wasi.pollable(future(a))))
                .func(methodName(FUTURE_INCOMING_RESPONSE, "get"), method(FUTURE_INCOMING_RESPONSE,
                        option(result(result(own(INCOMING_RESPONSE), ERROR_CODE), null))), a -> future(a).get());
    }

    private void timeout(WasiInstance types, String name, Function<RequestOptions, Long> get,
            BiConsumer<RequestOptions, Long> set) {
        types.func(methodName(REQUEST_OPTIONS, name), method(REQUEST_OPTIONS, option(U64)), a -> {
                    Long v = get.apply(options(a));
                    return v == null ? OptionValue.NONE : new OptionValue(new Int(v));
                })
                .func(methodName(REQUEST_OPTIONS, "set-" + name), method(REQUEST_OPTIONS, result(null, null),
                        param("duration", option(U64))), a -> {
                    WitValue v = ((OptionValue) a.get(1)).value();
                    set.accept(options(a), v == null ? null : ((Int) v).value());
                    return HttpState.ok(null);
                });
    }

    /** The instance of wasi:http/outgoing-handler. */
    java.util.Map<String, Object> handler() {
        return new WasiInstance("wasi:http/outgoing-handler")
                .resource(OUTGOING_REQUEST).resource(REQUEST_OPTIONS).resource(FUTURE_INCOMING_RESPONSE)
                .type("error-code", ERROR_CODE)
                .func("handle", func(result(own(FUTURE_INCOMING_RESPONSE), ERROR_CODE),
                        param("request", own(OUTGOING_REQUEST)), param("options", option(own(REQUEST_OPTIONS)))),
                        this::handle)
                .build();
    }

    /**
     * handle: takes the request (and its options, whose timeouts the http capability's own
     * replace); one that cannot be sent at all is refused at once, the others answer a future.
     */
    private WitValue handle(List<WitValue> a) {
        OutgoingRequest request = state.take(a, 0, OUTGOING_REQUEST, OutgoingRequest.class);
        WitValue options = ((OptionValue) a.get(1)).value();
        if (options != null) {
            state.take(List.of(options), 0, REQUEST_OPTIONS, RequestOptions.class);
        }
        VariantValue refused = HttpClient.refusal(request);
        if (refused != null) {
            request.free();
            return HttpState.err(refused);
        }
        return HttpState.ok(state.add(FUTURE_INCOMING_RESPONSE, new FutureResponse(request)));
    }

    private FutureResponse future(List<WitValue> a) {
        return state.arg(a, 0, FUTURE_INCOMING_RESPONSE, FutureResponse.class);
    }

    private RequestOptions options(List<WitValue> a) {
        return state.arg(a, 0, REQUEST_OPTIONS, RequestOptions.class);
    }
}
