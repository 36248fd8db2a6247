package dev.wharf.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 500 components each waiting 5 s on an HTTP request to a slow server: the threads they park
 * are replaced on the pool, bounded by max-capability-calls (the rest answered BUSY at once),
 * and another component's calls are served meanwhile as usual, through the pool (caller-runs off).
 */
class SlowNeighboursIT {

    private static final Path JAR = Path.of(System.getProperty("wharf.jar", "target/wharf.jar"));
    static final int COMPONENTS = 500;
    static final long SLOW_MS = 5000;

    @TempDir
    Path dir;

    final AtomicInteger requests = new AtomicInteger();
    final ExecutorService serverThreads = Executors.newCachedThreadPool();
    HttpServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
        serverThreads.shutdownNow();
    }

    /** A server that answers every request after {@link #SLOW_MS}. */
    int slowServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 1024);
        server.createContext("/slow", exchange -> {
            requests.incrementAndGet();
            try {
                Thread.sleep(SLOW_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            byte[] body = "ok".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.setExecutor(serverThreads);
        server.start();
        return server.getAddress().getPort();
    }

    /** The threads of the container's dispatcher pool now (Linux: /proc names them, cut to 15 characters). */
    static long dispatcherThreads(long pid) throws IOException {
        try (var tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
            return tasks.filter(t -> {
                try {
                    return Files.readString(t.resolve("comm")).startsWith("wharf-dispatch");
                } catch (IOException gone) {
                    return false;
                }
            }).count();
        }
    }

    /** {@code n} calls of the calculator through the shell, each one's round trip in microseconds, sorted. */
    static List<Long> invokes(Container c, int n) throws Exception {
        List<Long> micros = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            long t0 = System.nanoTime();
            c.command("wasm:invoke calculator add 2 3");
            c.await(l -> l.endsWith("5"), 10_000, "the calculator's answer " + i);
            micros.add(TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - t0));
        }
        Collections.sort(micros);
        return micros;
    }

    @Test
    void fiveHundredComponentsWaitingOnSlowRequestsLeaveTheOthersServed() throws Exception {
        int port = slowServer();
        Files.writeString(dir.resolve("deploy.tmp"), "caller-runs = false\n");
        Files.createDirectories(dir.resolve("deploy"));
        Files.move(dir.resolve("deploy.tmp"), dir.resolve("deploy/dev.wharf.dispatcher.cfg"), StandardCopyOption.ATOMIC_MOVE);
        Files.writeString(dir.resolve("http.tmp"), "timeout-ms = 10000\n");
        Files.move(dir.resolve("http.tmp"), dir.resolve("deploy/dev.wharf.capability.http.cfg"), StandardCopyOption.ATOMIC_MOVE);
        StringBuilder header = new StringBuilder();
        for (int i = 0; i < COMPONENTS; i++) {
            header.append(i == 0 ? "" : ",").append("fetch.wasm;id=f").append(i)
                    .append(";capabilities=http;http-allow=127.0.0.1;timeout-ms=15000");
        }
        try (Container c = new Container(JAR, dir)) {
            c.await(l -> l.contains("component counter is ready"), 60_000, "start-up");
            Files.write(dir.resolve("fetch.tmp"), DeployFolderIT.bundle("test.fetch", "1.0.0", header.toString(),
                    DeployFolderIT.guest("fetch"), "fetch.wasm"));
            Files.move(dir.resolve("fetch.tmp"), dir.resolve("deploy/fetch.jar"), StandardCopyOption.ATOMIC_MOVE);
            c.await(l -> l.contains("component f" + (COMPONENTS - 1) + " is ready"), 120_000, "the last fetcher");
            long pid = c.pid();
            long before = dispatcherThreads(pid);
            List<Long> idle = invokes(c, 300);
            for (int i = 0; i < COMPONENTS; i++) {
                c.command("wasm:send f" + i + " '\"http://127.0.0.1:" + port + "/slow\"'");
            }
            // every fetcher has sent its request, or been told BUSY
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (requests.get() < 256 && System.nanoTime() < end) {
                Thread.onSpinWait();
            }
            assertThat(requests.get()).as("requests under way").isGreaterThanOrEqualTo(256);
            List<Long> micros = invokes(c, 300);
            long during = dispatcherThreads(pid);
            long p50 = micros.get(micros.size() / 2);
            long p99 = micros.get(micros.size() * 99 / 100);
            System.out.println("SlowNeighboursIT: " + requests.get() + " requests waiting 5 s on the slow server; the "
                    + "calculator's invoke through the shell p50 " + p50 + " us, p99 " + p99 + " us (idle before: p50 "
                    + idle.get(idle.size() / 2) + " us, p99 " + idle.get(idle.size() * 99 / 100) + " us); dispatcher "
                    + "threads " + before + " before, " + during + " during");
            assertThat(requests.get()).as("no more than max-capability-calls requests at once").isLessThanOrEqualTo(256);
            assertThat(p99).as("p99 of the calculator beside 500 waiting components, microseconds").isLessThan(1_000_000);
            assertThat(during).as("dispatcher threads: 2 + max-threads extra + max-capability-calls")
                    .isLessThanOrEqualTo(2 + 32 + 256);
            c.stop();
        }
    }
}
