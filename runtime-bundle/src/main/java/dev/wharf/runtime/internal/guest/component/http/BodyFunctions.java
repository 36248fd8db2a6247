package dev.wharf.runtime.internal.guest.component.http;

import static dev.wharf.runtime.internal.component.wasi.WasiTypes.ERROR;
import static dev.wharf.runtime.internal.component.wasi.WasiTypes.INPUT_STREAM;
import static dev.wharf.runtime.internal.component.wasi.WasiTypes.OUTPUT_STREAM;
import static dev.wharf.runtime.internal.component.wasi.WasiTypes.POLLABLE;
import static dev.wharf.runtime.internal.component.wasi.WasiTypes.borrow;
import static dev.wharf.runtime.internal.component.wasi.WasiTypes.func;
import static dev.wharf.runtime.internal.component.wasi.WasiTypes.method;
import static dev.wharf.runtime.internal.component.wasi.WasiTypes.methodName;
import static dev.wharf.runtime.internal.component.wasi.WasiTypes.option;
import static dev.wharf.runtime.internal.component.wasi.WasiTypes.own;
import static dev.wharf.runtime.internal.component.wasi.WasiTypes.param;
import static dev.wharf.runtime.internal.component.wasi.WasiTypes.result;
import static dev.wharf.runtime.internal.guest.component.http.HttpTypes.ERROR_CODE;
import static dev.wharf.runtime.internal.guest.component.http.HttpTypes.FIELDS;
import static dev.wharf.runtime.internal.guest.component.http.HttpTypes.FUTURE_TRAILERS;
import static dev.wharf.runtime.internal.guest.component.http.HttpTypes.INCOMING_BODY;
import static dev.wharf.runtime.internal.guest.component.http.HttpTypes.OUTGOING_BODY;

import dev.wharf.runtime.internal.component.WitValue;
import dev.wharf.runtime.internal.component.WitValue.Handle;
import dev.wharf.runtime.internal.component.WitValue.OptionValue;
import dev.wharf.runtime.internal.component.WitValue.VariantValue;
import dev.wharf.runtime.internal.component.wasi.HeldBytes;
import dev.wharf.runtime.internal.component.wasi.StreamFailure;
import dev.wharf.runtime.internal.component.wasi.Wasi;
import dev.wharf.runtime.internal.component.wasi.WasiInstance;
import dev.wharf.runtime.internal.component.wasi.WasiValues;
import dev.wharf.runtime.internal.guest.component.http.HttpObjects.BodyHandle;
import dev.wharf.runtime.internal.guest.component.http.HttpObjects.FieldsRef;
import dev.wharf.runtime.internal.guest.component.http.HttpObjects.FutureTrailers;
import dev.wharf.runtime.internal.guest.component.http.HttpObjects.IncomingBody;
import dev.wharf.runtime.internal.guest.component.http.HttpObjects.OutgoingBody;
import java.util.List;

/**
 * Bodies in wasi:http/types: an incoming body's stream (its bytes, all there, read with
 * wasi:io/streams), its trailers (none: the API carries no trailers), an outgoing body's stream
 * (written up to the body's cap, after which a write fails with an error whose
 * {@code http-error-code} is the body-size case) and its finish, and {@code http-error-code}.
 */
final class BodyFunctions {

    private final HttpState state;

    BodyFunctions(HttpState state) {
        this.state = state;
    }

    void addTo(WasiInstance types) {
        types.func(methodName(INCOMING_BODY, "stream"), method(INCOMING_BODY, result(own(INPUT_STREAM), null)), a -> {
                    HeldBytes bytes = state.arg(a, 0, INCOMING_BODY, IncomingBody.class).stream();
                    return bytes == null ? HttpState.ERR_UNIT : HttpState.ok(new Handle(state.wasi.inputStream(bytes)));
                })
                .func("[static]incoming-body.finish", func(own(FUTURE_TRAILERS), param("this", own(INCOMING_BODY))),
                        a -> {
                            state.take(a, 0, INCOMING_BODY, IncomingBody.class).free();
                            return state.add(FUTURE_TRAILERS, new FutureTrailers());
                        })
                .func(methodName(FUTURE_TRAILERS, "subscribe"), method(FUTURE_TRAILERS, own(POLLABLE)), a -> {
                    state.arg(a, 0, FUTURE_TRAILERS, FutureTrailers.class);
                    return new Handle(Wasi.READY);
                })
                .func(methodName(FUTURE_TRAILERS, "get"), method(FUTURE_TRAILERS,
                        option(result(result(option(own(FIELDS)), ERROR_CODE), null))), this::trailers)
                .func(methodName(OUTGOING_BODY, "write"), method(OUTGOING_BODY, result(own(OUTPUT_STREAM), null)), a -> {
                    OutgoingBody body = state.arg(a, 0, OUTGOING_BODY, BodyHandle.class).body();
                    if (body.streamTaken) {
                        return HttpState.ERR_UNIT;
                    }
                    body.streamTaken = true;
                    return HttpState.ok(new Handle(state.wasi.outputStream(body)));
                })
                .func("[static]outgoing-body.finish", func(result(null, ERROR_CODE), param("this", own(OUTGOING_BODY)),
                        param("trailers", option(own(FIELDS)))), this::finish)
                .func("http-error-code", func(option(ERROR_CODE), param("err", borrow(ERROR))), a -> {
                    StreamFailure f = state.wasi.failure(WasiValues.rep(a, 0));
                    return f.detail() instanceof VariantValue code ? new OptionValue(code) : OptionValue.NONE;
                });
    }

    /** future-trailers.get: none are there, once; then the value was taken. */
    private WitValue trailers(List<WitValue> a) {
        FutureTrailers t = state.arg(a, 0, FUTURE_TRAILERS, FutureTrailers.class);
        if (t.taken) {
            return new OptionValue(HttpState.ERR_UNIT);
        }
        t.taken = true;
        return new OptionValue(HttpState.ok(HttpState.ok(OptionValue.NONE)));
    }

    /**
     * outgoing-body.finish: the body is complete. One written past its cap, or whose length is not
     * its message's content-length, answers the body-size error-code (and stays incomplete);
     * trailers are refused (and the body left incomplete), as the API carries none.
     */
    private WitValue finish(List<WitValue> a) {
        OutgoingBody body = state.take(a, 0, OUTGOING_BODY, BodyHandle.class).body();
        WitValue trailers = ((OptionValue) a.get(1)).value();
        if (trailers != null) {
            state.take(List.of(trailers), 0, FIELDS, FieldsRef.class).free();
            body.abandoned = true;
            body.incomplete = "it was finished with trailers, which Wharf does not carry";
            return HttpState.err(HttpTypes.internalError("Wharf carries no trailers: finish the body without them"));
        }
        VariantValue wrong = body.overflowed ? body.overflowError() : body.lengthMismatch();
        if (wrong != null) {
            body.abandoned = true;
            body.incomplete = "its finish failed with error-code " + HttpTypes.describe(wrong);
            return HttpState.err(wrong);
        }
        body.finished = true;
        return HttpState.ok(null);
    }
}
