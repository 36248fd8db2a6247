package dev.wharf.capabilities.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.wharf.api.ErrorCode;
import dev.wharf.spi.security.AuditLog;
import dev.wharf.spi.security.AuditRecord;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HttpCapabilityTest {

    static final int CAP = 1000;

    final List<AuditRecord> audited = Collections.synchronizedList(new ArrayList<>());
    final AuditLog log = new AuditLog() {
        @Override public void record(AuditRecord r) { audited.add(r); }
        @Override public List<AuditRecord> newest(int count) { return audited; }
    };
    final AtomicInteger requests = new AtomicInteger();
    final AtomicReference<String> seenHeader = new AtomicReference<>();
    final AtomicReference<String> seenMethod = new AtomicReference<>();
    ExecutorService serverThreads;
    HttpServer server;
    HttpCapability http;
    String base;
    FakeCall call;

    @BeforeEach
    void start() throws IOException {
        serverThreads = Executors.newCachedThreadPool();
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(serverThreads);
        server.createContext("/hello", x -> {
            seenHeader.set(x.getRequestHeaders().getFirst("X-Test"));
            x.getResponseHeaders().add("X-Reply", "a");
            x.getResponseHeaders().add("X-Multi", "1");
            x.getResponseHeaders().add("X-Multi", "2");
            respond(x, 200, "hello".getBytes(StandardCharsets.UTF_8), false);
        });
        server.createContext("/echo", x -> respond(x, 201, x.getRequestBody().readAllBytes(), false));
        server.createContext("/missing", x -> respond(x, 404, "nope".getBytes(StandardCharsets.UTF_8), false));
        server.createContext("/exact", x -> respond(x, 200, new byte[CAP], true));
        server.createContext("/big", x -> respond(x, 200, new byte[CAP + 1], false));
        server.createContext("/big-streamed", x -> respond(x, 200, new byte[64 * 1024], true));
        server.createContext("/redirect", x -> {
            x.getResponseHeaders().add("Location", "http://elsewhere.example/");
            respond(x, 302, new byte[0], false);
        });
        server.createContext("/slow", x -> {
            try {
                Thread.sleep(3000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            respond(x, 200, new byte[0], false);
        });
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
        http = new HttpCapability(Configs.http(2000, CAP, CAP));
        http.bindAudit(log);
        call = new FakeCall(FakeCall.spec("a", List.of("127.0.0.1:" + server.getAddress().getPort()), 0));
    }

    private void respond(HttpExchange x, int status, byte[] body, boolean chunked) throws IOException {
        requests.incrementAndGet();
        seenMethod.compareAndSet(null, x.getRequestMethod());
        x.sendResponseHeaders(status, chunked ? 0 : body.length == 0 ? -1 : body.length);
        try (OutputStream out = x.getResponseBody()) {
            out.write(body);
        } catch (IOException e) {
            // the client hung up, as it should for a body over the cap
        }
    }

    @AfterEach
    void stop() {
        http.deactivate();
        server.stop(0);
        serverThreads.shutdownNow();
    }

    /** The response of a request: the result, the body and the header lines. */
    record Response(long result, String body, String headers) {}

    Response request(String method, String url, String headers, byte[] body) throws Exception {
        int out = call.out();
        long r = call.call(http, "request", call.put(method), method.length(), call.put(url), url.length(),
                call.put(headers), headers.getBytes(StandardCharsets.UTF_8).length, call.put(body), body.length, out);
        if (r < 0) {
            return new Response(r, null, null);
        }
        return new Response(r, call.returnedText(out), call.returnedText(out + 8));
    }

    Response get(String url) throws Exception {
        return request("GET", url, "", new byte[0]);
    }

    @Test
    void anAllowedGetAnswersStatusBodyAndHeaders() throws Exception {
        Response r = request("get", base + "/hello", "X-Test: one\r\n\nAccept: text/plain\n", new byte[0]);
        assertThat(r.result()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("hello");
        assertThat(r.headers()).contains("x-reply: a\n", "x-multi: 1\nx-multi: 2\n", "content-length: 5\n");
        assertThat(r.headers().lines()).allSatisfy(l -> {
            String name = l.substring(0, l.indexOf(": "));
            assertThat(name).isEqualTo(name.toLowerCase(Locale.ROOT));
        });
        assertThat(seenHeader.get()).isEqualTo("one");
        assertThat(seenMethod.get()).isEqualTo("GET");
    }

    @Test
    void thePostBodyIsSentAsIs() throws Exception {
        byte[] body = {0, 1, 2, (byte) 0xff, 'x'};
        int out = call.out();
        String url = base + "/echo";
        long r = call.call(http, "request", call.put("POST"), 4, call.put(url), url.length(), 0, 0, call.put(body), body.length, out);
        assertThat(r).isEqualTo(201);
        assertThat(call.returned(out)).isEqualTo(body);
        assertThat(seenMethod.get()).isEqualTo("POST");
    }

    @Test
    void aStatusIsAnsweredAsItIs() throws Exception {
        assertThat(get(base + "/missing")).satisfies(r -> {
            assertThat(r.result()).isEqualTo(404);
            assertThat(r.body()).isEqualTo("nope");
        });
        Response redirect = get(base + "/redirect");
        assertThat(redirect.result()).isEqualTo(302);
        assertThat(redirect.headers()).contains("location: http://elsewhere.example/\n");
    }

    @Test
    void aHostOutsideHttpAllowIsDeniedAuditedAndNotContacted() throws Exception {
        int port = server.getAddress().getPort();
        assertThat(get("http://localhost:" + port + "/hello").result()).isEqualTo(-ErrorCode.DENIED.code());
        call.spec = FakeCall.spec("a", List.of("127.0.0.1:1"), 0);
        assertThat(get(base + "/hello").result()).isEqualTo(-ErrorCode.DENIED.code());
        call.spec = FakeCall.spec("a", List.of(), 0);
        assertThat(get("https://127.0.0.1/").result()).isEqualTo(-ErrorCode.DENIED.code());
        assertThat(requests.get()).isZero();
        assertThat(audited).hasSize(3);
        AuditRecord first = audited.get(0);
        assertThat(first.sender().value()).isEqualTo("a");
        assertThat(first.target()).isEqualTo("wharf:http.request");
        assertThat(first.allowed()).isFalse();
        assertThat(first.size()).isZero();
        assertThat(first.reason()).isEqualTo("host 'localhost:" + port + "' is not in http-allow (127.0.0.1:" + port + ")");
        assertThat(audited.get(2).reason()).isEqualTo("host '127.0.0.1:443' is not in http-allow (none)");
    }

    @Test
    void aHostPatternWithoutPortAdmitsAnyPort() throws Exception {
        call.spec = FakeCall.spec("a", List.of("127.0.0.1"), 0);
        assertThat(get(base + "/hello").result()).isEqualTo(200);
    }

    @Test
    void aResponseBodyOverTheCapIsTooLarge() throws Exception {
        assertThat(get(base + "/exact").result()).isEqualTo(200);
        assertThat(get(base + "/big").result()).isEqualTo(-ErrorCode.TOO_LARGE.code());
        assertThat(get(base + "/big-streamed").result()).isEqualTo(-ErrorCode.TOO_LARGE.code());
    }

    @Test
    void aRequestBodyOverTheCapIsTooLarge() throws Exception {
        assertThat(request("PUT", base + "/echo", "", new byte[CAP + 1]).result()).isEqualTo(-ErrorCode.TOO_LARGE.code());
        assertThat(requests.get()).isZero();
        assertThat(request("PUT", base + "/echo", "", new byte[CAP]).result()).isEqualTo(201);
    }

    @Test
    void aSlowServerTimesOut() throws Exception {
        http.modified(Configs.http(300, CAP, CAP));
        long start = System.nanoTime();
        assertThat(get(base + "/slow").result()).isEqualTo(-ErrorCode.TIMEOUT.code());
        assertThat(System.nanoTime() - start).isLessThan(TimeUnit.MILLISECONDS.toNanos(2500));
    }

    @Test
    void theCallDeadlineBoundsTheTimeout() throws Exception {
        call.remainingNanos = TimeUnit.MILLISECONDS.toNanos(200);
        assertThat(get(base + "/slow").result()).isEqualTo(-ErrorCode.TIMEOUT.code());
        call.remainingNanos = 0;
        int before = requests.get();
        assertThat(get(base + "/hello").result()).isEqualTo(-ErrorCode.TIMEOUT.code());
        assertThat(requests.get()).isEqualTo(before);
    }

    @Test
    void anInterruptEndsTheRequestPromptly() throws Exception {
        http.modified(Configs.http(10_000, CAP, CAP));
        AtomicLong result = new AtomicLong();
        AtomicBoolean interrupted = new AtomicBoolean();
        Thread t = new Thread(() -> {
            try {
                result.set(get(base + "/slow").result());
            } catch (Exception e) {
                result.set(Long.MIN_VALUE);
            }
            interrupted.set(Thread.currentThread().isInterrupted());
        }, "test-caller");
        t.start();
        Thread.sleep(300);
        long start = System.nanoTime();
        t.interrupt();
        t.join(5000);
        assertThat(t.isAlive()).isFalse();
        assertThat(System.nanoTime() - start).isLessThan(TimeUnit.SECONDS.toNanos(1));
        assertThat(result.get()).isEqualTo(-ErrorCode.TIMEOUT.code());
        assertThat(interrupted).isTrue();
    }

    @Test
    void aRefusedConnectionIsRequestFailed() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        call.spec = FakeCall.spec("a", List.of("127.0.0.1:" + port), 0);
        assertThat(get("http://127.0.0.1:" + port + "/").result()).isEqualTo(-ErrorCode.REQUEST_FAILED.code());
    }

    @Test
    void malformedArgumentsAreInvalid() throws Exception {
        long invalid = -ErrorCode.INVALID_ARGUMENTS.code();
        assertThat(request("FETCH", base + "/hello", "", new byte[0]).result()).isEqualTo(invalid);
        assertThat(request("", base + "/hello", "", new byte[0]).result()).isEqualTo(invalid);
        assertThat(get("not a url").result()).isEqualTo(invalid);
        assertThat(get("/relative").result()).isEqualTo(invalid);
        assertThat(get("ftp://127.0.0.1/").result()).isEqualTo(invalid);
        assertThat(get("http:///path").result()).isEqualTo(invalid);
        assertThat(request("GET", base + "/hello", "NoColon", new byte[0]).result()).isEqualTo(invalid);
        assertThat(request("GET", base + "/hello", ": value", new byte[0]).result()).isEqualTo(invalid);
        assertThat(request("GET", base + "/hello", "Bad Name: x", new byte[0]).result()).isEqualTo(invalid);
        assertThat(request("GET", base + "/hello", "Host: evil.example", new byte[0]).result()).isEqualTo(invalid);
        assertThat(requests.get()).isZero();
        assertThat(audited).isEmpty();
    }

    @Test
    void outMustHoldSixteenBytesBeforeAnythingIsSent() throws Exception {
        String url = base + "/hello";
        long r = call.call(http, "request", call.put("GET"), 3, call.put(url), url.length(), 0, 0, 0, 0,
                call.memory.length - 12);
        assertThat(r).isEqualTo(-ErrorCode.OUT_OF_BOUNDS.code());
        assertThat(requests.get()).isZero();
        assertThat(call.allocations).isZero();
    }

    @Test
    void theClientThreadsAreNamedAndStoppedOnDeactivate() throws Exception {
        assertThat(get(base + "/hello").result()).isEqualTo(200);
        assertThat(Thread.getAllStackTraces().keySet()).anySatisfy(t -> assertThat(t.getName()).startsWith("wharf-http-"));
        http.deactivate();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().startsWith("wharf-http-") && t.isAlive())
                && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(Thread.getAllStackTraces().keySet()).noneSatisfy(t -> assertThat(t.getName()).startsWith("wharf-http-"));
    }
}
