package dev.wharf.lattice.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.testing.nats.NatsServer;
import io.nats.client.Connection;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The life of a node's connection against a real nats-server on loopback: connected, lost when
 * the server goes, back when it returns, and closed without a thread left behind.
 */
class NatsSessionTest {

    final BlockingQueue<String> events = new LinkedBlockingQueue<>();
    final ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "test-retries"));
    NatsServer server;

    @BeforeEach
    void server() throws Exception {
        Path binary = NatsServer.find();
        // a local build without nats-server skips it; CI (and .ci/run, which sets CI) never does
        Assumptions.assumeTrue(binary != null || System.getenv("CI") != null, "nats-server is not installed");
        server = new NatsServer(binary);
        server.start();
    }

    @AfterEach
    void stop() throws Exception {
        retries.shutdownNow();
        if (server != null) {
            server.close();
        }
    }

    /** A session of node {@code node} (its threads are named after it). */
    NatsSession session(String node, String url) {
        LatticeSettingsTest.Config c = new LatticeSettingsTest.Config();
        c.servers = new String[] {url};
        c.node = node;
        return new NatsSession(LatticeSettings.of(c), new NatsSession.Listener() {
            @Override
            public void connected(Connection conn) {
                events.add("connected");
            }

            @Override
            public void lost(boolean closed) {
                events.add(closed ? "closed" : "lost");
            }
        }, retries);
    }

    /** The session's threads still alive after at most 5 s: a thread that was told to end may take a moment. */
    static List<String> sessionThreads(String node) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        List<String> alive;
        do {
            alive = Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                    .filter(n -> n.startsWith("wharf-lattice-" + node + "-") || n.startsWith("wharf-lattice-" + node + ":"))
                    .toList();
        } while (!alive.isEmpty() && System.nanoTime() < end && sleep());
        return alive;
    }

    /** Whether {@code s} counts as connected within 5 s. */
    static boolean connectedWithin(NatsSession s) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (s.connected() == null && System.nanoTime() < end) {
            sleep();
        }
        return s.connected() != null;
    }

    private static boolean sleep() throws InterruptedException {
        TimeUnit.MILLISECONDS.sleep(20);
        return true;
    }

    @Test
    void connectsIsToldOfALossAndOfTheReconnectAndLeavesNoThreadWhenClosed() throws Exception {
        NatsSession s = session("t1", server.url());
        try {
            s.start();
            assertThat(events.poll(10, TimeUnit.SECONDS)).isEqualTo("connected");
            // the node is told first, then the session counts as connected
            assertThat(connectedWithin(s)).isTrue();
            assertThat(s.server()).isEqualTo(server.url());
            server.stop();
            assertThat(events.poll(10, TimeUnit.SECONDS)).isEqualTo("lost");
            assertThat(s.connected()).isNull();
            server.start();
            // each failed attempt to reconnect says "lost" again, until one succeeds
            String e;
            do {
                e = events.poll(10, TimeUnit.SECONDS);
            } while ("lost".equals(e));
            assertThat(e).isEqualTo("connected");
            assertThat(connectedWithin(s)).isTrue();
        } finally {
            s.close();
        }
        assertThat(s.isConnected()).isFalse();
        assertThat(sessionThreads("t1")).isEmpty();
    }

    @Test
    void aSessionClosedWhileNoServerAnswersLeavesNothingRunning() throws Exception {
        server.stop();
        NatsSession s = session("t2", server.url());
        s.start();
        assertThat(s.connected()).isNull();
        s.close();
        assertThat(s.isConnected()).isFalse();
        assertThat(sessionThreads("t2")).isEmpty();
        assertThat(events).doesNotContain("connected");
    }
}
