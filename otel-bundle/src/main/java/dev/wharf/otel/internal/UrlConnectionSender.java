package dev.wharf.otel.internal;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.common.export.Compressor;
import io.opentelemetry.sdk.common.export.HttpResponse;
import io.opentelemetry.sdk.common.export.HttpSender;
import io.opentelemetry.sdk.common.export.HttpSenderConfig;
import io.opentelemetry.sdk.common.export.MessageWriter;
import io.opentelemetry.sdk.common.export.RetryPolicy;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.Proxy;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import javax.net.ssl.HttpsURLConnection;

/**
 * The OTLP exporter's HTTP sender, on {@link HttpURLConnection} and one thread of its own. The
 * exporter's JDK sender is not used because its {@code java.net.http.HttpClient} cannot be closed
 * on Java 17 (there is no {@code close()} before Java 21): its selector thread
 * ({@code HttpClient-<n>-SelectorManager}) outlives the exporter's shutdown until the client is
 * garbage collected, so it would outlive this bundle. Here every request asks for
 * {@code Connection: close} and the connection is disconnected after the answer, so no idle
 * connection (nor the JDK's {@code Keep-Alive-Timer}) is left behind; {@link #stop} ends the
 * thread, cutting off a request still under way.
 *
 * <p>Retries follow the exporter's {@link RetryPolicy} (429, 502, 503, 504 and connection
 * failures, with exponential backoff and jitter), scheduled on the sender's thread, never past
 * the export's timeout.
 */
final class UrlConnectionSender implements HttpSender {

    private static final Set<Integer> RETRYABLE = Set.of(429, 502, 503, 504);

    private final HttpSenderConfig config;
    private final URI endpoint;
    private final ScheduledThreadPoolExecutor thread;
    private final CompletableResultCode stopped = new CompletableResultCode();
    private final Set<Pending> pending = ConcurrentHashMap.newKeySet();
    private volatile HttpURLConnection current;
    private volatile boolean stopping;

    UrlConnectionSender(HttpSenderConfig config, String threadName) {
        this.config = config;
        this.endpoint = config.getEndpoint();
        this.thread = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        }) {
            @Override
            protected void terminated() {
                stopped.succeed();
            }
        };
    }

    /**
     * What the exporter is told of one export, once: it waits for that (up to its timeout), so an
     * export still pending when the sender stops is failed rather than forgotten.
     */
    private final class Pending {
        private final Consumer<HttpResponse> onResponse;
        private final Consumer<Throwable> onError;
        private final AtomicBoolean told = new AtomicBoolean();

        Pending(Consumer<HttpResponse> onResponse, Consumer<Throwable> onError) {
            this.onResponse = onResponse;
            this.onError = onError;
            pending.add(this);
        }

        void answered(HttpResponse response) {
            if (told.compareAndSet(false, true)) {
                pending.remove(this);
                onResponse.accept(response);
            }
        }

        void failed(Throwable e) {
            if (told.compareAndSet(false, true)) {
                pending.remove(this);
                onError.accept(e);
            }
        }
    }

    /** One attempt of an export: its bytes, written once. */
    private record Export(byte[] body, Pending pending, long deadline, int attempt) {
        Export next() {
            return new Export(body, pending, deadline, attempt + 1);
        }
    }

    private record Response(int code, String message, byte[] body) implements HttpResponse {
        @Override
        public int getStatusCode() {
            return code;
        }

        @Override
        public String getStatusMessage() {
            return message == null ? "" : message;
        }

        @Override
        public byte[] getResponseBody() {
            return body;
        }
    }

    @Override
    public void send(MessageWriter writer, Consumer<HttpResponse> onResponse, Consumer<Throwable> onError) {
        long deadline = System.nanoTime() + config.getTimeout().toNanos();
        Pending told = new Pending(onResponse, onError);
        try {
            // written on this sender's thread: the exporter keeps the message until it hears back
            thread.execute(() -> {
                byte[] body;
                try {
                    body = serialize(writer);
                } catch (IOException | RuntimeException e) {
                    told.failed(e);
                    return;
                }
                attempt(new Export(body, told, deadline, 1));
            });
        } catch (RejectedExecutionException e) {
            told.failed(new IllegalStateException("the OTLP sender to " + endpoint + " is shut down"));
        }
    }

    /** Lets exports under way and queued finish; {@link #stop} ends what is left. */
    @Override
    public CompletableResultCode shutdown() {
        thread.shutdown();
        return stopped;
    }

    /** Ends the thread within {@code waitMs}, cutting off a request under way. */
    void stop(long waitMs) throws InterruptedException {
        stopping = true; // before current is read: a request that starts after this read sees it
        thread.shutdownNow();
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(waitMs);
        do {
            // a blocked read or write ends with an exception (interrupting does not reach it); again
            // while the thread lives, as a disconnect that comes while connecting does not reach the socket
            HttpURLConnection c = current;
            if (c != null) {
                c.disconnect();
            }
        } while (!thread.awaitTermination(20, TimeUnit.MILLISECONDS) && System.nanoTime() < end);
        for (Pending p : pending) {
            p.failed(new IllegalStateException("the OTLP sender to " + endpoint + " was stopped"));
        }
    }

    private void attempt(Export export) {
        try {
            Response response = post(export.body(), export.deadline());
            if (RETRYABLE.contains(response.code()) && retry(export)) {
                return;
            }
            export.pending().answered(response);
        } catch (RuntimeException e) { // HttpURLConnection disconnected under it by stop()
            export.pending().failed(e);
        } catch (IOException e) {
            RetryPolicy policy = config.getRetryPolicy();
            boolean retryable = policy != null && (policy.getRetryExceptionPredicate() != null
                    ? policy.getRetryExceptionPredicate().test(e)
                    : e instanceof ConnectException || e instanceof SocketTimeoutException);
            if (!(retryable && retry(export))) {
                export.pending().failed(e);
            }
        }
    }

    /** Schedules the next attempt if the policy and the deadline allow it. */
    private boolean retry(Export export) {
        RetryPolicy policy = config.getRetryPolicy();
        if (policy == null || export.attempt() >= policy.getMaxAttempts() || thread.isShutdown()) {
            return false;
        }
        double backoff = Math.min(policy.getInitialBackoff().toNanos()
                * Math.pow(policy.getBackoffMultiplier(), export.attempt() - 1), policy.getMaxBackoff().toNanos());
        long delay = (long) (backoff * ThreadLocalRandom.current().nextDouble(0.5, 1.0));
        if (System.nanoTime() + delay >= export.deadline()) {
            return false;
        }
        try {
            thread.schedule(() -> attempt(export.next()), delay, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            return false; // stopped meanwhile
        }
        return true;
    }

    private Response post(byte[] body, long deadline) throws IOException {
        long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()); // a retry has what the first left
        HttpURLConnection c = open();
        current = c;
        try {
            if (stopping) {
                throw new IOException("the OTLP sender to " + endpoint + " was stopped");
            }
            c.setConnectTimeout((int) Math.max(1, Math.min(Integer.MAX_VALUE,
                    Math.min(left, config.getConnectTimeout().toMillis()))));
            c.setReadTimeout((int) Math.max(1, Math.min(Integer.MAX_VALUE, left)));
            c.setInstanceFollowRedirects(false);
            c.setRequestMethod("POST");
            c.setDoOutput(true);
            c.setRequestProperty("Content-Type", config.getContentType());
            // the receiver closes the connection after answering: nothing idle is left in the JDK's keep-alive cache
            c.setRequestProperty("Connection", "close");
            Compressor compressor = config.getCompressor();
            if (compressor != null) {
                c.setRequestProperty("Content-Encoding", compressor.getEncoding());
            }
            Map<String, List<String>> headers = config.getHeadersSupplier() == null ? Map.of()
                    : config.getHeadersSupplier().get();
            headers.forEach((name, values) -> values.forEach(v -> c.addRequestProperty(name, v)));
            c.setFixedLengthStreamingMode(body.length);
            try (OutputStream out = c.getOutputStream()) {
                out.write(body);
            }
            if (stopping) { // stop() may have come while connecting, when disconnect() cannot reach the socket yet
                throw new IOException("the OTLP sender to " + endpoint + " was stopped");
            }
            int code = c.getResponseCode();
            InputStream in = code >= 400 ? c.getErrorStream() : c.getInputStream();
            byte[] answer = new byte[0];
            if (in != null) {
                try (in) {
                    long max = config.getMaxResponseBodySize();
                    answer = max > 0 ? in.readNBytes((int) Math.min(max, Integer.MAX_VALUE)) : in.readAllBytes();
                }
            }
            return new Response(code, c.getResponseMessage(), answer);
        } finally {
            current = null;
            c.disconnect();
        }
    }

    private HttpURLConnection open() throws IOException {
        Proxy proxy = Proxy.NO_PROXY;
        if (config.getProxyOptions() != null) {
            List<Proxy> proxies = config.getProxyOptions().getProxySelector().select(endpoint);
            if (!proxies.isEmpty()) {
                proxy = proxies.get(0);
            }
        }
        HttpURLConnection c = (HttpURLConnection) endpoint.toURL().openConnection(proxy);
        if (c instanceof HttpsURLConnection https && config.getSslContext() != null) {
            https.setSSLSocketFactory(config.getSslContext().getSocketFactory());
        }
        return c;
    }

    private byte[] serialize(MessageWriter writer) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(Math.max(32, writer.getContentLength()));
        Compressor compressor = config.getCompressor();
        try (OutputStream out = compressor == null ? bytes : compressor.compress(bytes)) {
            writer.writeMessage(out);
        }
        return bytes.toByteArray();
    }
}
