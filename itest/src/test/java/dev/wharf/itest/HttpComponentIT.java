package dev.wharf.itest;

import static dev.wharf.itest.WharfTestSupport.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.api.WasmComponent;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.junit5.context.BundleContextExtension;
import org.osgi.test.junit5.service.ServiceExtension;

/**
 * A WebAssembly component answering HTTP through the OSGi HTTP Whiteboard (Felix's Jetty, on a
 * free port of the loopback interface): the request reaches the guest (http-hello, a wasi:http
 * incoming handler in C) and its response comes back to a client; an update of its bundle under
 * load fails no request; the concurrency limit answers 503; an override moves it to another path.
 */
@ExtendWith(BundleContextExtension.class)
@ExtendWith(ServiceExtension.class)
class HttpComponentIT {

    @InjectBundleContext
    BundleContext context;

    @InjectService(timeout = 10_000)
    ConfigurationAdmin cm;

    final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    final List<Bundle> installed = new ArrayList<>();
    String base;

    @BeforeEach
    void findServer() {
        eventually(() -> endpoint() != null, "the HTTP Whiteboard's runtime");
        base = endpoint();
    }

    @AfterEach
    void uninstall() throws Exception {
        for (Bundle b : installed) {
            b.uninstall();
        }
    }

    @Test
    void aComponentAnswersAnHttpRequestThroughTheWhiteboardAndGoesWithItsBundle() throws Exception {
        Bundle b = start("http-hello", "1.0.0", "http-hello.wasm;id=http-hello;http-path=/hello;max-message-size=1024");
        awaitServed("/hello");
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(base + "hello/abc?x=1")).header("x-echo", "v")
                .POST(HttpRequest.BodyPublishers.ofString("the body")));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("POST /abc?x=1\nthe body");
        assertThat(r.headers().firstValue("x-echo")).contains("v");
        assertThat(r.headers().firstValue("x-wharf-component")).contains("http-hello");
        assertThat(send(HttpRequest.newBuilder(URI.create(base + "hello")).GET()).body()).isEqualTo("GET /\n");

        HttpResponse<String> tooLarge = send(HttpRequest.newBuilder(URI.create(base + "hello/x"))
                .POST(HttpRequest.BodyPublishers.ofString("x".repeat(1025))));
        assertThat(tooLarge.statusCode()).isEqualTo(413);
        assertThat(tooLarge.body()).contains("max-message-size 1024");
        HttpResponse<String> refused = send(HttpRequest.newBuilder(URI.create(base + "hello/bad/error")).GET());
        assertThat(refused.statusCode()).isEqualTo(500);
        assertThat(send(HttpRequest.newBuilder(URI.create(base + "hello/again")).GET()).statusCode()).isEqualTo(200);

        b.stop();
        eventually(() -> status("/hello/x") == 404, "the servlet gone with the component");
    }

    @Test
    void anUpdateOfTheComponentUnderHttpLoadFailsNoRequest() throws Exception {
        String header = "http-hello.wasm;id=http-swap;http-path=/swap;http-max-concurrent=1000";
        Bundle b = start("http-swap", "1.0.0", header);
        awaitServed("/swap");
        Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
        AtomicBoolean running = new AtomicBoolean(true);
        ExecutorService clients = Executors.newFixedThreadPool(4);
        List<Future<?>> load = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            load.add(clients.submit(() -> {
                while (running.get()) {
                    statuses.computeIfAbsent(status("/swap/n"), s -> new AtomicInteger()).incrementAndGet();
                }
                return null;
            }));
        }
        try {
            for (int v = 1; v <= 5; v++) {
                long before = total(statuses);
                eventually(() -> total(statuses) > before + 20, "requests answered before update " + v);
                b.update(ComponentBundles.stream(ComponentBundles.jar("http-swap", "1.0." + v, header,
                        Map.of("http-hello.wasm", ComponentBundles.guest("components/http-hello")))));
                String next = "1.0." + v;
                eventually(() -> version("http-swap").equals(next), "version " + next + " served");
            }
            long after = total(statuses);
            eventually(() -> total(statuses) > after + 20, "requests answered after the updates");
        } finally {
            running.set(false);
            clients.shutdown();
        }
        for (Future<?> f : load) {
            f.get(30, TimeUnit.SECONDS);
        }
        assertThat(statuses.keySet()).as("statuses %s", statuses).containsExactly(200);
        assertThat(version("http-swap")).isEqualTo("1.0.5");
        System.out.println("HttpComponentIT: " + total(statuses) + " requests across 5 updates, statuses " + statuses);
    }

    @Test
    void beyondHttpMaxConcurrentTheComponentAnswers503WithRetryAfter() throws Exception {
        start("http-one", "1.0.0", "http-hello.wasm;id=http-one;http-path=/one;http-max-concurrent=1");
        awaitServed("/one");
        Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
        List<HttpResponse<String>> refused = new java.util.concurrent.CopyOnWriteArrayList<>();
        ExecutorService clients = Executors.newFixedThreadPool(16);
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        List<Future<?>> load = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            load.add(clients.submit(() -> {
                while (refused.isEmpty() && System.nanoTime() < end) {
                    // a large body keeps each request in the guest a little longer
                    HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(base + "one/bad/big?n=200000")).GET());
                    statuses.computeIfAbsent(r.statusCode(), s -> new AtomicInteger()).incrementAndGet();
                    if (r.statusCode() == 503) {
                        refused.add(r);
                    }
                }
                return null;
            }));
        }
        clients.shutdown();
        for (Future<?> f : load) {
            f.get(60, TimeUnit.SECONDS);
        }
        assertThat(refused).as("statuses %s", statuses).isNotEmpty();
        assertThat(statuses.keySet()).containsOnly(200, 503);
        HttpResponse<String> busy = refused.get(0);
        assertThat(busy.headers().firstValue("Retry-After")).contains("1");
        assertThat(busy.headers().firstValue("X-Wharf-Error")).contains("36");
        assertThat(busy.body()).contains("http-max-concurrent");
    }

    @Test
    void anOverrideMovesTheComponentToAnotherPathAndOneNamingATakenPathIsNotApplied() throws Exception {
        start("http-moving", "1.0.0", "http-hello.wasm;id=http-moving;http-path=/before");
        start("http-staying", "1.0.0", "http-hello.wasm;id=http-staying;http-path=/staying");
        awaitServed("/before");
        awaitServed("/staying");
        Configuration moved = override("http-moving", "/after");
        eventually(() -> status("/after/x") == 200 && status("/before/x") == 404, "the servlet moved to /after");
        List<String> log = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.logging.Handler collector = new java.util.logging.Handler() {
            @Override public void publish(java.util.logging.LogRecord r) { log.add(r.getMessage()); }
            @Override public void flush() { }
            @Override public void close() { }
        };
        java.util.logging.Logger runtimeLog = java.util.logging.Logger.getLogger("dev.wharf.runtime");
        runtimeLog.addHandler(collector);
        Configuration taken = override("http-staying", "/after");
        try {
            // refused, and said so: both keep their paths
            eventually(() -> log.stream().anyMatch(m -> m.contains("'http-staying'") && m.contains("was not applied")
                    && m.contains("'http-path'") && m.contains("'/after'") && m.contains("component 'http-moving'")),
                    "the override refused, naming the path and who has it");
            assertThat(path("http-staying")).isEqualTo("/staying");
            assertThat(status("/staying/x")).isEqualTo(200);
            assertThat(send(HttpRequest.newBuilder(URI.create(base + "after/x")).GET()).headers()
                    .firstValue("x-wharf-component")).contains("http-hello");
            assertThat(path("http-moving")).isEqualTo("/after");
        } finally {
            runtimeLog.removeHandler(collector);
            taken.delete();
            moved.delete();
        }
        eventually(() -> status("/before/x") == 200, "the header's path back once the override is deleted");
    }

    private Configuration override(String id, String path) throws Exception {
        Configuration c = cm.getFactoryConfiguration("dev.wharf.component", id + "-path", "?");
        c.update(new Hashtable<>(Map.of("component.id", id, "http-path", path)));
        return c;
    }

    private String path(String id) {
        ServiceReference<WasmComponent> ref = WharfTestSupport.wasmComponentReference(context, id);
        return ref == null ? null : (String) ref.getProperty(WasmComponent.HTTP_PATH);
    }

    private Bundle start(String bsn, String version, String header) throws Exception {
        Bundle b = context.installBundle("wharf-itest:" + bsn, ComponentBundles.stream(ComponentBundles.jar(bsn, version,
                header, Map.of("http-hello.wasm", ComponentBundles.guest("components/http-hello")))));
        installed.add(b);
        b.start();
        return b;
    }

    /** Waits until the component's service carries its path and the servlet answers there. */
    private void awaitServed(String path) {
        eventually(() -> status(path + "/ready") == 200, "the component served at " + path);
    }

    private String version(String id) {
        ServiceReference<WasmComponent> ref = WharfTestSupport.wasmComponentReference(context, id);
        return ref == null ? "" : String.valueOf(ref.getProperty(WasmComponent.VERSION));
    }

    private static long total(Map<Integer, AtomicInteger> statuses) {
        return statuses.values().stream().mapToLong(AtomicInteger::get).sum();
    }

    private int status(String path) {
        try {
            return send(HttpRequest.newBuilder(URI.create(base + path.substring(1))).GET()).statusCode();
        } catch (IOException e) {
            return -1;
        }
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException {
        try {
            return client.send(request.timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    /** {@code http://127.0.0.1:<port>/}, where the Whiteboard's runtime says it listens, or {@code null}. */
    private String endpoint() {
        ServiceReference<?> ref = context.getServiceReference("org.osgi.service.http.runtime.HttpServiceRuntime");
        if (ref == null) {
            return null;
        }
        Object e = ref.getProperty("osgi.http.endpoint");
        String first = e instanceof String[] a && a.length > 0 ? a[0] : e instanceof String s ? s : null;
        if (first == null || first.matches(".*:0/?$")) {
            return null;
        }
        return first.endsWith("/") ? first : first + "/";
    }
}
