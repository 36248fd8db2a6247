package dev.wharf.runtime.internal.guest.component.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wharf.api.DeliveryRefusedException;
import dev.wharf.api.ErrorCode;
import dev.wharf.api.GuestErrorException;
import dev.wharf.api.WitCase;
import dev.wharf.api.http.HttpField;
import dev.wharf.api.http.IncomingRequest;
import dev.wharf.api.http.OutgoingResponse;
import dev.wharf.runtime.internal.component.HandleTable;
import dev.wharf.runtime.internal.component.binary.ComponentWorldTest;
import dev.wharf.runtime.internal.engine.WasmEngine;
import dev.wharf.runtime.internal.guest.Deadline;
import dev.wharf.runtime.internal.guest.Guest;
import dev.wharf.runtime.internal.guest.GuestModule;
import dev.wharf.runtime.internal.guest.TestHost;
import dev.wharf.runtime.internal.guest.ValueForm;
import dev.wharf.runtime.internal.guest.component.ComponentImports;
import dev.wharf.runtime.internal.guest.component.ComponentModule;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * wasi:http run for real: http-hello (C, wasi:http 0.2.0, an incoming handler) serves requests
 * through {@code Guest.serveHttp}, and http-fetch (C, 0.2.12, a client) sends requests through
 * wasi:http/outgoing-handler to the http capability of a fake host (the capability's convention,
 * its answers and refusals), both built from source by module wasm-components.
 */
class WasiHttpTest {

    static final WasmEngine ENGINE = new WasmEngine(true, 10_000);
    /** 64 pages: a 4 MiB memory cap, which bounds a response's body. */
    static final GuestModule HELLO = load("http-hello", 64);
    static final GuestModule FETCH = load("http-fetch", 64);
    static final Deadline NONE = TestHost.NO_DEADLINE;

    final List<Guest> guests = new ArrayList<>();

    static GuestModule load(String name, int pages) {
        return ComponentModule.load(ENGINE, ComponentWorldTest.component(name), pages, name + ".wasm",
                ComponentImports::provides);
    }

    @AfterEach
    void close() {
        guests.forEach(Guest::close);
    }

    Guest start(GuestModule module, FakeHttpHost host) {
        Guest g = module.instantiate(host);
        guests.add(g);
        g.initialize(NONE);
        return g;
    }

    static IncomingRequest request(String method, String path, String body, HttpField... headers) {
        return new IncomingRequest(method, "http", "localhost:8080", path, List.of(headers),
                body.getBytes(StandardCharsets.UTF_8));
    }

    static String text(OutgoingResponse r) {
        return new String(r.body(), StandardCharsets.UTF_8);
    }

    @Test
    void helloAnswersWithItsStatusHeadersAndABodyNamingMethodPathAndTheRequestBody() {
        assertThat(HELLO.servesHttp()).isTrue();
        assertThat(FETCH.servesHttp()).isFalse();
        assertThat(String.join("\n", HELLO.describe())).as("wasm:info")
                .contains("import wasi:http/types@0.2.0").contains("export wasi:http/incoming-handler@0.2.0")
                .contains("handle: func(request: incoming-request, response-out: response-outparam);");
        Guest hello = start(HELLO, new FakeHttpHost());
        OutgoingResponse r = hello.serveHttp(NONE, request("POST", "/abc?x=1", "hi there",
                HttpField.of("X-Echo", "back"), HttpField.of("accept", "*/*")));
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.headers()).containsExactly(HttpField.of("content-type", "text/plain"),
                HttpField.of("x-wharf-component", "http-hello"), HttpField.of("x-echo", "back"));
        assertThat(text(r)).isEqualTo("POST /abc?x=1\nhi there");
        OutgoingResponse get = hello.serveHttp(NONE, request("get", "/", ""));
        assertThat(text(get)).as("a method of its own case, no body").isEqualTo("GET /\n");
        assertThat(text(hello.serveHttp(NONE, request("PROPFIND", "/dav", "")))).isEqualTo("PROPFIND /dav\n");
    }

    @Test
    void aHandlerThatSetsNoResponseOrAnErrorFailsTheRequestAndTheNextIsServed() {
        Guest hello = start(HELLO, new FakeHttpHost());
        assertThatThrownBy(() -> hello.serveHttp(NONE, request("GET", "/bad/no-response", "")))
                .isInstanceOf(GuestErrorException.class)
                .hasMessageContaining("wasi:http/incoming-handler@0.2.0#handle returned without setting a response");
        assertThatThrownBy(() -> hello.serveHttp(NONE, request("GET", "/bad/error", "")))
                .isInstanceOf(GuestErrorException.class)
                .hasMessageContaining("answered with error-code internal-error(\"refused by http-hello\")");
        assertThatThrownBy(() -> hello.serveHttp(NONE, request("GET", "/bad/unfinished", "")))
                .isInstanceOf(GuestErrorException.class)
                .hasMessageContaining("set a response whose body is incomplete: it was dropped without outgoing-body.finish");
        assertThat(text(hello.serveHttp(NONE, request("GET", "/ok", "")))).isEqualTo("GET /ok\n");
    }

    @Test
    void aResponseBodyPastTheMemoryCapIsAnErrorOfTheGuestAndABodyUpToItPasses() {
        Guest hello = start(HELLO, new FakeHttpHost());
        int cap = 64 * 65536;
        assertThat(hello.serveHttp(NONE, request("GET", "/bad/big?n=" + cap, "")).bodyLength()).isEqualTo(cap);
        assertThatThrownBy(() -> hello.serveHttp(NONE, request("GET", "/bad/big?n=" + (cap + 1), "")))
                .isInstanceOfSatisfying(GuestErrorException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.GUEST_ERROR))
                .hasMessageContaining("wrote a response body past 4194304 bytes");
        for (int i = 0; i < 8; i++) { // what a response held is given back: 8 x 4 MiB fit in the budget of 8 MiB
            assertThat(hello.serveHttp(NONE, request("GET", "/bad/big?n=" + cap, "")).bodyLength()).isEqualTo(cap);
        }
    }

    @Test
    void handlesKeptOrDroppedInOddOrdersEndWithTheRequestAndLeakNothing() {
        Guest hello = start(HELLO, new FakeHttpHost());
        String body = "x".repeat(10_000);
        // each request makes about ten host objects; kept ones would reach the cap of 1024 in a hundred requests
        for (int i = 0; i < 400; i++) {
            String path = (i % 2 == 0 ? "/bad/keep" : "/bad/odd-drop") + "?i=" + i;
            OutgoingResponse r = hello.serveHttp(NONE, request("PUT", path, body));
            assertThat(text(r)).isEqualTo("PUT " + path + "\n" + body);
        }
        HandleTable table = handles(hello);
        assertThat(table.length() - 1 - table.freeCount()).as("the handles it kept were taken back").isZero();
    }

    /** The component instance's handle table (the guest and its canonical functions keep it to themselves). */
    static HandleTable handles(Guest guest) {
        try {
            Field f = guest.getClass().getDeclaredField("functions");
            f.setAccessible(true);
            Object functions = f.get(guest);
            Field h = functions.getClass().getDeclaredField("handles");
            h.setAccessible(true);
            return (HandleTable) h.get(functions);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void fetchSendsThroughTheHttpCapabilityAndGetsTheResponse() {
        FakeHttpHost host = new FakeHttpHost();
        Guest fetch = start(FETCH, host);
        Object r = fetch.call(NONE, "fetch", ValueForm.JAVA, new Object[] {"http://127.0.0.1:8080/x?y=1"});
        assertThat(r).isEqualTo(List.of(WitCase.ok(List.of(200, "fetched http://127.0.0.1:8080/x?y=1"))));
        assertThat(host.requests).containsExactly("GET http://127.0.0.1:8080/x?y=1\n\n");
        host.status = 404;
        Object posted = fetch.call(NONE, "post", ValueForm.JAVA, new Object[] {"http://127.0.0.1/p", "the body"});
        assertThat(posted).isEqualTo(List.of(WitCase.ok(List.of(404, "fetched http://127.0.0.1/p"))));
        assertThat(host.requests.get(1)).as("the body written after handle, sent once finished")
                .isEqualTo("POST http://127.0.0.1/p\ncontent-type: text/plain\n\nthe body");
    }

    @Test
    void aRefusedRequestIsTheErrorCodeTheGuestSees() {
        FakeHttpHost host = new FakeHttpHost();
        Guest fetch = start(FETCH, host);
        assertThat(fetch.call(NONE, "fetch", ValueForm.JAVA, new Object[] {"https://example.org/"}))
                .isEqualTo(List.of(WitCase.err("HTTP-request-denied")));
        host.failure = ErrorCode.TIMEOUT;
        assertThat(fetch.call(NONE, "fetch", ValueForm.JAVA, new Object[] {"http://127.0.0.1/slow"}))
                .isEqualTo(List.of(WitCase.err("HTTP-response-timeout")));
        host.failure = ErrorCode.REQUEST_FAILED;
        assertThat(fetch.call(NONE, "fetch", ValueForm.JAVA, new Object[] {"http://127.0.0.1/gone"}))
                .isEqualTo(List.of(WitCase.err("internal-error: the connection failed (unknown host, refused, "
                        + "reset or TLS): REQUEST_FAILED (-34)")));
        assertThat(fetch.call(NONE, "fetch", ValueForm.JAVA, new Object[] {"ftp://127.0.0.1/f"}))
                .as("refused before the capability").isEqualTo(List.of(WitCase.err("HTTP-request-URI-invalid")));
        assertThat(host.requests).hasSize(3);
    }

    @Test
    void manyRequestsLeakNoHostObjects() {
        FakeHttpHost host = new FakeHttpHost();
        Guest fetch = start(FETCH, host);
        for (int i = 0; i < 300; i++) {
            assertThat(fetch.call(NONE, "post", ValueForm.JAVA, new Object[] {"http://127.0.0.1/" + i, "b"}))
                    .isEqualTo(List.of(WitCase.ok(List.of(200, "fetched http://127.0.0.1/" + i))));
        }
    }
}
