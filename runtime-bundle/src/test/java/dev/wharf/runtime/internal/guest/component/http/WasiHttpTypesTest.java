package dev.wharf.runtime.internal.guest.component.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wharf.runtime.internal.component.CanonicalAbiTrap;
import dev.wharf.runtime.internal.component.WitValue;
import dev.wharf.runtime.internal.component.WitValue.Handle;
import dev.wharf.runtime.internal.component.WitValue.ListValue;
import dev.wharf.runtime.internal.component.WitValue.OptionValue;
import dev.wharf.runtime.internal.component.WitValue.ResultValue;
import dev.wharf.runtime.internal.component.WitValue.Str;
import dev.wharf.runtime.internal.component.WitValue.TupleValue;
import dev.wharf.runtime.internal.component.WitValue.VariantValue;
import dev.wharf.runtime.internal.component.link.CanonicalFunctions;
import dev.wharf.runtime.internal.component.link.ComponentFunction;
import dev.wharf.runtime.internal.component.wasi.Wasi;
import dev.wharf.runtime.internal.component.wasi.WasiValues;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The rules of wasi:http/types that a component's calls meet, called here as the canonical ABI
 * would call the host's functions (beside WasiHttpTest, which runs real components): fields'
 * checks, immutable message headers, the cap on live host objects, a body past its cap, and a
 * wait that could never end.
 */
class WasiHttpTypesTest {

    /** A memory cap of 8 KiB: a body takes at most that. */
    static final long MEMORY = 8192;

    final CanonicalFunctions functions = new CanonicalFunctions();
    final Wasi wasi = new Wasi((level, line) -> { }, functions, MEMORY);
    final WasiHttp http = new WasiHttp(new FakeHttpHost(), wasi, functions, MEMORY);

    @AfterEach
    void close() {
        wasi.close();
    }

    @SuppressWarnings("unchecked")
    WitValue call(String iface, String fn, WitValue... args) {
        Object instance = iface.startsWith("wasi:http") ? http.provide(iface) : wasi.provide(iface);
        List<WitValue> r = ((ComponentFunction) ((Map<String, Object>) instance).get(fn)).call(List.of(args));
        return r.isEmpty() ? null : r.get(0);
    }

    WitValue types(String fn, WitValue... args) {
        return call("wasi:http/types@0.2.0", fn, args);
    }

    static Str str(String s) {
        return new Str(s);
    }

    static WitValue bytes(String s) {
        return WasiValues.byteList(s.getBytes(StandardCharsets.UTF_8));
    }

    static WitValue headerError(int c) {
        return new ResultValue(false, new VariantValue(c, null));
    }

    static final WitValue OK = new ResultValue(true, null);

    @Test
    void fieldsRefuseWhatTheWitSaysAndAMessagesHeadersAreImmutable() {
        WitValue h = types("[constructor]fields");
        assertThat(types("[method]fields.append", h, str("X-Custom"), bytes("a b\tc"))).isEqualTo(OK);
        assertThat(types("[method]fields.append", h, str("bad name"), bytes("x"))).isEqualTo(headerError(0));
        assertThat(types("[method]fields.append", h, str("x"), bytes("a\r\nb"))).isEqualTo(headerError(0));
        assertThat(types("[method]fields.append", h, str("Host"), bytes("example.org"))).isEqualTo(headerError(1));
        assertThat(types("[method]fields.set", h, str("transfer-encoding"), new ListValue(List.of(bytes("chunked")))))
                .isEqualTo(headerError(1));
        assertThat(types("[static]fields.from-list", new ListValue(List.of(new TupleValue(List.of(str("connection"),
                bytes("close"))))))).isEqualTo(headerError(1));
        assertThat(types("[method]fields.entries", h)).isEqualTo(new ListValue(List.of(
                new TupleValue(List.of(str("x-custom"), bytes("a b\tc"))))));

        WitValue response = types("[constructor]outgoing-response", h);
        assertThatThrownBy(() -> types("[method]fields.entries", h)).as("passed on with the response")
                .isInstanceOf(CanonicalAbiTrap.class).hasMessageContaining("no live fields");
        WitValue view = types("[method]outgoing-response.headers", response);
        assertThat(types("[method]fields.append", view, str("x-more"), bytes("1"))).isEqualTo(headerError(2));
        assertThat(types("[method]fields.delete", view, str("x-custom"))).isEqualTo(headerError(2));
        assertThat(types("[method]fields.get", view, str("X-CUSTOM"))).isEqualTo(new ListValue(List.of(bytes("a b\tc"))));
        WitValue copy = types("[method]fields.clone", view);
        assertThat(types("[method]fields.delete", copy, str("x-custom"))).as("a clone is the guest's own").isEqualTo(OK);
        assertThat(types("[method]fields.has", copy, str("x-custom"))).isEqualTo(new WitValue.Bool(false));
        assertThat(types("[method]outgoing-response.set-status-code", response, new WitValue.Int(600)))
                .isEqualTo(new ResultValue(false, null));
    }

    @Test
    void theHostHoldsAtMost1024ObjectsForAnInstanceAndADroppedOneMakesRoom() {
        Handle first = (Handle) types("[constructor]fields");
        for (int i = 1; i < Wasi.MAX_OBJECTS; i++) {
            types("[constructor]fields");
        }
        assertThatThrownBy(() -> types("[constructor]fields")).isInstanceOf(CanonicalAbiTrap.class)
                .hasMessageContaining("holds 1024 live host resources").hasMessageContaining("must drop some");
        wasi.objects().drop(HttpTypes.FIELDS, first.index()); // what the guest's resource.drop reports
        assertThat(types("[constructor]fields")).isInstanceOf(Handle.class);
    }

    @Test
    void aBodyPastItsCapFailsTheWriteWithTheBodySizeErrorCode() {
        WitValue response = types("[constructor]outgoing-response", types("[constructor]fields"));
        WitValue body = ((ResultValue) types("[method]outgoing-response.body", response)).value();
        WitValue out = ((ResultValue) types("[method]outgoing-body.write", body)).value();
        WitValue piece = WasiValues.byteList(new byte[4096]);
        String streams = "wasi:io/streams@0.2.0";
        assertThat(call(streams, "[method]output-stream.blocking-write-and-flush", out, piece)).isEqualTo(OK);
        assertThat(call(streams, "[method]output-stream.blocking-write-and-flush", out, piece)).isEqualTo(OK);
        ResultValue failed = (ResultValue) call(streams, "[method]output-stream.write", out, piece);
        assertThat(failed.ok()).isFalse();
        WitValue error = ((VariantValue) failed.value()).payload();
        assertThat(call("wasi:io/error@0.2.0", "[method]error.to-debug-string", error))
                .isEqualTo(str("the body would exceed its limit of 8192 bytes"));
        assertThat(types("http-error-code", error)).isEqualTo(new OptionValue(
                HttpTypes.error("HTTP-response-body-size", WasiValues.u64(MEMORY))));
        assertThat(types("[static]outgoing-body.finish", body, OptionValue.NONE)).isEqualTo(new ResultValue(false,
                HttpTypes.error("HTTP-response-body-size", WasiValues.u64(MEMORY))));
    }

    @Test
    void aBodyWhoseLengthIsNotTheContentLengthFailsItsFinish() {
        WitValue headers = types("[constructor]fields");
        types("[method]fields.append", headers, str("Content-Length"), bytes("5"));
        WitValue response = types("[constructor]outgoing-response", headers);
        WitValue body = ((ResultValue) types("[method]outgoing-response.body", response)).value();
        WitValue out = ((ResultValue) types("[method]outgoing-body.write", body)).value();
        call("wasi:io/streams@0.2.0", "[method]output-stream.write", out, bytes("four"));
        assertThat(types("[static]outgoing-body.finish", body, OptionValue.NONE)).isEqualTo(new ResultValue(false,
                HttpTypes.error("HTTP-response-body-size", WasiValues.u64(4))));
        assertThat(call("wasi:io/streams@0.2.0", "[method]output-stream.write", out, bytes("x")))
                .as("the body is over: its stream is closed").isEqualTo(new ResultValue(false, new VariantValue(1, null)));
    }

    @Test
    void waitingForTheResponseToARequestWhoseBodyIsOpenTrapsInsteadOfWaitingForever() {
        WitValue request = types("[constructor]outgoing-request", types("[constructor]fields"));
        types("[method]outgoing-request.set-authority", request, new OptionValue(str("127.0.0.1")));
        types("[method]outgoing-request.body", request);
        ResultValue sent = (ResultValue) call("wasi:http/outgoing-handler@0.2.0", "handle", request, OptionValue.NONE);
        assertThat(sent.ok()).isTrue();
        assertThat(types("[method]future-incoming-response.get", sent.value())).as("not sent yet: no value")
                .isEqualTo(OptionValue.NONE);
        WitValue pollable = types("[method]future-incoming-response.subscribe", sent.value());
        assertThat(call("wasi:io/poll@0.2.0", "[method]pollable.ready", pollable)).isEqualTo(new WitValue.Bool(false));
        assertThatThrownBy(() -> call("wasi:io/poll@0.2.0", "[method]pollable.block", pollable))
                .isInstanceOf(CanonicalAbiTrap.class).hasMessageContaining("whose outgoing-body is not finished");
    }
}
