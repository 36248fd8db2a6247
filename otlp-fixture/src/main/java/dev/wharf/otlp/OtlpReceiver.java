package dev.wharf.otlp;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;
import java.util.zip.GZIPInputStream;

/**
 * An OTLP/HTTP receiver on loopback for tests: POST {@code /v1/traces} and {@code /v1/metrics}
 * with {@code application/x-protobuf} bodies (gzip or not) are decoded ({@link OtlpDecoder}) and
 * kept; each is answered 200 with an empty protobuf body (an export response without partial
 * success). A body that cannot be decoded is answered 400 and kept in {@link #errors()}. Tests
 * wait for what they expect with {@link #awaitSpans} and {@link #awaitMetrics}.
 *
 * <p>Requests are handled on threads named {@code otlp-receiver-<port>-<n>}; the JDK's server adds
 * its own dispatcher ({@code HTTP-Dispatcher}) and idle timer threads. All of them end in
 * {@link #close()}. When an exporter asks for {@code Connection: close}, the answer says so, as
 * real collectors do, so the client keeps no idle connection (nor the JDK's keep-alive timer).
 */
public final class OtlpReceiver implements AutoCloseable {

    private static final String PROTOBUF = "application/x-protobuf";

    private final HttpServer server;
    private final ExecutorService handlers;
    private final List<Thread> threads = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition arrived = lock.newCondition();
    // guarded by lock
    private final List<ReceivedSpan> spans = new ArrayList<>();
    private final List<ReceivedMetric> metrics = new ArrayList<>();
    private final List<String> errors = new ArrayList<>();
    private int requests;

    /** Starts it on 127.0.0.1 and a free port. */
    public OtlpReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        int port = server.getAddress().getPort();
        AtomicInteger n = new AtomicInteger();
        handlers = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "otlp-receiver-" + port + "-" + n.incrementAndGet());
            threads.add(t);
            return t;
        });
        server.setExecutor(handlers);
        server.createContext("/v1/", this::handle);
        server.start();
    }

    /** The base URL exporters are given: {@code http://127.0.0.1:<port>}. */
    public String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The spans received so far, in the order they arrived. */
    public List<ReceivedSpan> spans() {
        return locked(() -> List.copyOf(spans));
    }

    /** The metrics received so far, one per metric per export, in the order they arrived. */
    public List<ReceivedMetric> metrics() {
        return locked(() -> List.copyOf(metrics));
    }

    /** What could not be received: the path and why. */
    public List<String> errors() {
        return locked(() -> List.copyOf(errors));
    }

    /** How many export requests arrived (good or not). */
    public int requests() {
        return locked(() -> requests);
    }

    /**
     * Waits until {@code done} holds for the spans received so far.
     *
     * @return those spans
     * @throws AssertionError after {@code timeout}, saying what was received
     */
    public List<ReceivedSpan> awaitSpans(Predicate<List<ReceivedSpan>> done, Duration timeout) throws InterruptedException {
        return await(() -> List.copyOf(spans), done, timeout, "spans");
    }

    /**
     * Waits until {@code done} holds for the metrics received so far.
     *
     * @return those metrics
     * @throws AssertionError after {@code timeout}, saying what was received
     */
    public List<ReceivedMetric> awaitMetrics(Predicate<List<ReceivedMetric>> done, Duration timeout)
            throws InterruptedException {
        return await(() -> List.copyOf(metrics), done, timeout, "metrics");
    }

    /** Stops the server and its threads. */
    @Override
    public void close() {
        server.stop(0);
        handlers.shutdownNow();
        try {
            handlers.awaitTermination(5, TimeUnit.SECONDS);
            // the pool is terminated once its workers leave their loop; each thread ends just after
            for (Thread t : threads) {
                t.join(5000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private <T> List<T> await(java.util.function.Supplier<List<T>> snapshot, Predicate<List<T>> done, Duration timeout,
            String what) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        lock.lock();
        try {
            while (true) {
                List<T> now = snapshot.get();
                if (done.test(now)) {
                    return now;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("no expected " + what + " within " + timeout + "; received " + now
                            + (errors.isEmpty() ? "" : "; errors " + errors));
                }
                arrived.awaitNanos(left);
            }
        } finally {
            lock.unlock();
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if ("close".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Connection"))) {
                exchange.getResponseHeaders().set("Connection", "close");
            }
            String path = exchange.getRequestURI().getPath();
            boolean traces = path.equals("/v1/traces");
            if (!traces && !path.equals("/v1/metrics")) {
                refuse(exchange, 404, path + ": not an OTLP/HTTP path");
                return;
            }
            if (!exchange.getRequestMethod().equals("POST")) {
                refuse(exchange, 405, path + ": method " + exchange.getRequestMethod());
                return;
            }
            String type = exchange.getRequestHeaders().getFirst("Content-Type");
            if (type == null || !type.toLowerCase().startsWith(PROTOBUF)) {
                refuse(exchange, 415, path + ": content type " + type + ", expected " + PROTOBUF);
                return;
            }
            byte[] body;
            try {
                body = body(exchange);
            } catch (IOException | UncheckedIOException e) {
                refuse(exchange, 400, path + ": unreadable body: " + e);
                return;
            }
            try {
                if (traces) {
                    List<ReceivedSpan> received = OtlpDecoder.spans(body);
                    record(() -> spans.addAll(received));
                } else {
                    List<ReceivedMetric> received = OtlpDecoder.metrics(body);
                    record(() -> metrics.addAll(received));
                }
            } catch (ProtoReader.MalformedException e) {
                refuse(exchange, 400, path + ": malformed protobuf: " + e.getMessage());
                return;
            }
            exchange.getResponseHeaders().set("Content-Type", PROTOBUF);
            exchange.sendResponseHeaders(200, -1);
        }
    }

    private static byte[] body(HttpExchange exchange) throws IOException {
        InputStream in = exchange.getRequestBody();
        if ("gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
            in = new GZIPInputStream(in);
        }
        try (InputStream body = in) {
            return body.readAllBytes();
        }
    }

    private void refuse(HttpExchange exchange, int status, String error) throws IOException {
        record(() -> errors.add(error));
        exchange.sendResponseHeaders(status, -1);
    }

    private void record(Runnable change) {
        lock.lock();
        try {
            requests++;
            change.run();
            arrived.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private <T> T locked(java.util.function.Supplier<T> read) {
        lock.lock();
        try {
            return read.get();
        } finally {
            lock.unlock();
        }
    }
}
