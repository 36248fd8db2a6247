package dev.wharf.otel.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.api.metrics.MeterProvider;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.testing.trace.TestSpanData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.data.StatusData;
import io.opentelemetry.api.trace.SpanKind;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The sender under the real OTLP exporter, against receivers that misbehave. */
class UrlConnectionSenderTest {

    private static final SpanData SPAN = TestSpanData.builder().setName("s").setKind(SpanKind.INTERNAL)
            .setStartEpochNanos(1).setEndEpochNanos(2).setHasEnded(true).setStatus(StatusData.unset()).build();

    private static OtlpHttpSpanExporter exporter(String url, Senders senders, Duration timeout) {
        return OtlpHttpSpanExporter.builder().setEndpoint(url).setTimeout(timeout).setComponentLoader(senders)
                .setMeterProvider(MeterProvider.noop()).build();
    }

    @Test
    void a503IsRetriedWithBackoffThenSucceeds() throws Exception {
        AtomicInteger requests = new AtomicInteger();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newSingleThreadExecutor(r -> new Thread(r, "test-receiver")));
        server.createContext("/v1/traces", exchange -> {
            try (exchange) {
                exchange.getRequestBody().readAllBytes();
                exchange.getResponseHeaders().set("Connection", "close");
                exchange.sendResponseHeaders(requests.incrementAndGet() == 1 ? 503 : 200, -1);
            }
        });
        server.start();
        Senders senders = new Senders("test-send");
        OtlpHttpSpanExporter exporter = exporter("http://127.0.0.1:" + server.getAddress().getPort() + "/v1/traces",
                senders, Duration.ofSeconds(10));
        try {
            CompletableResultCode result = exporter.export(List.of(SPAN)).join(10, TimeUnit.SECONDS);
            assertThat(result.isSuccess()).isTrue();
            assertThat(requests.get()).isEqualTo(2);
        } finally {
            exporter.shutdown().join(5, TimeUnit.SECONDS);
            senders.stop(1_000);
            server.stop(0);
            ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
        }
        assertThat(threadNames()).doesNotContain("test-send");
    }

    @Test
    void stoppingCutsOffARequestTheReceiverNeverAnswers() throws Exception {
        List<Socket> accepted = new ArrayList<>();
        CountDownLatch connected = new CountDownLatch(1);
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> {
                try {
                    accepted.add(silent.accept()); // reads nothing, answers nothing
                    connected.countDown();
                } catch (java.io.IOException e) {
                    // closed
                }
            }, "test-silent-receiver");
            acceptor.start();
            Senders senders = new Senders("test-send-silent");
            OtlpHttpSpanExporter exporter = exporter("http://127.0.0.1:" + silent.getLocalPort() + "/v1/traces",
                    senders, Duration.ofSeconds(60));
            CompletableResultCode result = exporter.export(List.of(SPAN));
            assertThat(connected.await(10, TimeUnit.SECONDS)).isTrue();
            long start = System.nanoTime();
            senders.stop(2_000);
            assertThat(result.join(2, TimeUnit.SECONDS).isSuccess()).isFalse();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
            assertThat(threadNames()).doesNotContain("test-send-silent");
            acceptor.join(1_000);
        } finally {
            for (Socket s : accepted) {
                s.close();
            }
        }
    }

    private static List<String> threadNames() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName).toList();
    }
}
