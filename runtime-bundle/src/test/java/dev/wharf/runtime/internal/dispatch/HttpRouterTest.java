package dev.wharf.runtime.internal.dispatch;

import static dev.wharf.runtime.internal.actor.Harness.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wharf.api.ComponentId;
import dev.wharf.api.ComponentSpec;
import dev.wharf.api.ComponentState;
import dev.wharf.api.ErrorCode;
import dev.wharf.api.InvalidComponentException;
import dev.wharf.api.WharfException;
import dev.wharf.api.http.HttpField;
import dev.wharf.api.http.IncomingRequest;
import dev.wharf.api.http.OutgoingResponse;
import dev.wharf.runtime.internal.actor.ComponentActor;
import dev.wharf.runtime.internal.actor.Origin;
import dev.wharf.runtime.internal.deploy.TestDeployer;
import dev.wharf.runtime.internal.guest.FakeGuest;
import dev.wharf.runtime.internal.guest.FakeModule;
import dev.wharf.runtime.internal.header.ComponentHeader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * HTTP requests through the router and the actor's mailbox, with fake guests (the end-to-end
 * tests with a real component are HttpComponentIT and the distribution's HttpIT).
 */
class HttpRouterTest {

    static final Origin V1 = new Origin(3, "demo", "1.0.0");
    static final Origin V2 = new Origin(3, "demo", "2.0.0");
    static final ComponentId C = ComponentId.of("c");

    final TestDeployer t = new TestDeployer();
    final HttpRouter http = new HttpRouter(t.system);

    @AfterEach
    void close() {
        t.close();
    }

    static ComponentSpec spec(String id, String... attributes) {
        Map<String, String> a = new HashMap<>(Map.of("id", id, "http-path", "/" + id));
        for (int i = 0; i < attributes.length; i += 2) {
            a.put(attributes[i], attributes[i + 1]);
        }
        return ComponentHeader.toSpec(id + ".wasm", a);
    }

    ComponentActor deploy(ComponentSpec spec, String module, Origin origin) {
        return t.deployer.deploy(spec, Map.of("id", spec.id().value()), module.getBytes(StandardCharsets.UTF_8), origin);
    }

    FakeModule serving(String name) {
        FakeModule m = t.module(name);
        m.servesHttp = true;
        return m;
    }

    static IncomingRequest get(String path) {
        return new IncomingRequest("GET", "http", "localhost", path, List.of(), new byte[0]);
    }

    static ErrorCode codeOf(CompletableFuture<OutgoingResponse> f) {
        try {
            f.join();
            throw new AssertionError("answered " + f.join().status());
        } catch (CompletionException e) {
            return ((WharfException) e.getCause()).code();
        }
    }

    CompletableFuture<OutgoingResponse> serve(IncomingRequest r) {
        return http.serve(C, r).toCompletableFuture();
    }

    @Test
    void aRequestReachesTheGuestInTurnAndItsResponseComesBack() {
        FakeModule m = serving("m1");
        deploy(spec("c"), "m1", V1);
        OutgoingResponse r = serve(get("/abc?x=1")).join();
        assertThat(r.status()).isEqualTo(200);
        assertThat(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo("GET /abc?x=1");
        assertThat(r.headers()).contains(HttpField.of("x-instance", "1"));
        assertThat(m.events).contains("1:http GET /abc?x=1");
        assertThat(http.underWay(C)).isZero();
    }

    @Test
    void beyondHttpMaxConcurrentARequestIsRefusedBusyAtOnceAndRoomComesBackWhenOneEnds() throws Exception {
        FakeModule m = serving("m1");
        CountDownLatch release = new CountDownLatch(1);
        m.script = blockingUntil(release);
        deploy(spec("c", "http-max-concurrent", "2"), "m1", V1);
        CompletableFuture<OutgoingResponse> first = serve(get("/1"));
        CompletableFuture<OutgoingResponse> second = serve(get("/2"));
        assertThat(codeOf(serve(get("/3")))).isEqualTo(ErrorCode.BUSY);
        assertThat(m.events).noneMatch(e -> e.contains("/3"));
        release.countDown();
        assertThat(first.join().status()).isEqualTo(200);
        assertThat(second.join().status()).isEqualTo(200);
        assertThat(eventually(() -> http.underWay(C) == 0)).isTrue();
        assertThat(serve(get("/4")).join().status()).isEqualTo(200);
    }

    @Test
    void aBodyLargerThanMaxMessageSizeIsTooLargeAndOneOfExactlyThatSizePasses() {
        serving("m1");
        deploy(spec("c", "max-message-size", "8"), "m1", V1);
        IncomingRequest nine = new IncomingRequest("POST", "http", null, "/", List.of(), new byte[9]);
        IncomingRequest eight = new IncomingRequest("POST", "http", null, "/", List.of(), new byte[8]);
        assertThat(codeOf(serve(nine))).isEqualTo(ErrorCode.TOO_LARGE);
        assertThat(serve(eight).join().status()).isEqualTo(200);
    }

    @Test
    void aComponentThatAnswersNoHttpIsUnknownExportAndAnUnknownIdUnknownTarget() {
        t.module("plain");
        deploy(spec("c"), "plain", V1);
        assertThat(codeOf(serve(get("/")))).isEqualTo(ErrorCode.UNKNOWN_EXPORT);
        assertThat(codeOf(http.serve(ComponentId.of("nobody"), get("/")).toCompletableFuture()))
                .isEqualTo(ErrorCode.UNKNOWN_TARGET);
    }

    @Test
    void aTrapInTheHandlerIsTrapAndTheComponentRestartsAndServesAgain() throws Exception {
        FakeModule m = serving("m1");
        m.script = new FakeModule.Script() {
            @Override
            public OutgoingResponse serveHttp(FakeGuest g, IncomingRequest request) {
                if (request.pathWithQuery().equals("/trap")) {
                    throw new IllegalStateException("handler trapped");
                }
                return FakeModule.Script.super.serveHttp(g, request);
            }
        };
        ComponentActor a = deploy(spec("c"), "m1", V1);
        assertThat(codeOf(serve(get("/trap")))).isEqualTo(ErrorCode.TRAP);
        assertThat(eventually(() -> a.state() == ComponentState.READY && m.created.get() == 2)).isTrue();
        assertThat(serve(get("/ok")).join().headers()).contains(HttpField.of("x-instance", "2"));
    }

    @Test
    void aHandlerPastTimeoutMsIsTimeoutAndTheNextRequestMeetsAFreshInstance() throws Exception {
        FakeModule m = serving("m1");
        CountDownLatch never = new CountDownLatch(1);
        m.script = blockingUntil(never);
        ComponentActor a = deploy(spec("c", "timeout-ms", "50"), "m1", V1);
        assertThat(codeOf(serve(get("/slow")))).isEqualTo(ErrorCode.TIMEOUT);
        assertThat(eventually(() -> a.state() == ComponentState.READY && m.created.get() == 2)).isTrue();
        m.script = new FakeModule.Script() {};
        assertThat(serve(get("/quick")).join().status()).isEqualTo(200);
        assertThat(http.underWay(C)).isZero();
    }

    @Test
    void requestsQueuedAcrossAnUpdateAreAllAnsweredTheLaterOnesByTheNewVersion() throws Exception {
        FakeModule v1 = serving("m1");
        FakeModule v2 = serving("m2");
        CountDownLatch release = new CountDownLatch(1);
        v1.script = blockingUntil(release);
        ComponentActor a = deploy(spec("c", "http-max-concurrent", "100"), "m1", V1);
        List<CompletableFuture<OutgoingResponse>> before = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            before.add(serve(get("/before" + i)));
        }
        // the first is in the guest, the other four wait: then the swap goes in behind them
        assertThat(eventually(() -> v1.events.contains("1:http GET /before0") && a.mailboxDepth() == 4)).isTrue();
        CompletableFuture<Void> swap = CompletableFuture.runAsync(() -> t.deployer.swap(a, spec("c",
                "http-max-concurrent", "100"), Map.of("id", "c"), "m2".getBytes(StandardCharsets.UTF_8), V2));
        // the swap waits in the mailbox behind the requests; these come after it
        assertThat(eventually(() -> a.mailboxDepth() == 5)).isTrue();
        List<CompletableFuture<OutgoingResponse>> after = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            after.add(serve(get("/after" + i)));
        }
        release.countDown();
        swap.get(10, TimeUnit.SECONDS);
        for (int i = 0; i < 5; i++) {
            assertThat(before.get(i).get(10, TimeUnit.SECONDS).status()).isEqualTo(200);
            assertThat(after.get(i).get(10, TimeUnit.SECONDS).status()).isEqualTo(200);
            assertThat(v1.events).contains("1:http GET /before" + i);
            assertThat(v2.events).contains("1:http GET /after" + i);
        }
    }

    @Test
    void aSecondComponentWithTheSameHttpPathIsRefusedNamingBundleAttributeAndValue() {
        serving("m1");
        deploy(spec("c"), "m1", V1);
        ComponentSpec same = ComponentHeader.toSpec("d.wasm", Map.of("id", "d", "http-path", "/c"));
        assertThatThrownBy(() -> deploy(same, "m1", new Origin(4, "other", "1.0.0")))
                .isInstanceOf(InvalidComponentException.class)
                .hasMessageContaining("bundle 4 (other)").hasMessageContaining("'http-path'")
                .hasMessageContaining("'/c'").hasMessageContaining("component 'c' of bundle 3 (demo)");
        assertThat(t.system.get(ComponentId.of("d"))).isNull();
        assertThat(serve(get("/")).join().status()).isEqualTo(200);
    }

    private static FakeModule.Script blockingUntil(CountDownLatch release) {
        return new FakeModule.Script() {
            @Override
            public OutgoingResponse serveHttp(FakeGuest g, IncomingRequest request) {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    throw new IllegalStateException("interrupted", e);
                }
                return FakeModule.Script.super.serveHttp(g, request);
            }
        };
    }
}
