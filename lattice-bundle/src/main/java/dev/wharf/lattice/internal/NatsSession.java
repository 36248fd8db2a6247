package dev.wharf.lattice.internal;

import io.nats.client.Connection;
import io.nats.client.ConnectionListener;
import io.nats.client.ErrorListener;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The life of this node's NATS connection: connected in the background, reconnected by jnats
 * after a drop, and connected anew when jnats gives up on it (it closes a connection after the
 * same authentication error twice; a credential fixed on the server must not need a restart of
 * the container). Closing waits for a connection still being made, so none is left running
 * behind a node that left. jnats' callbacks run on a thread of this session, in order.
 */
final class NatsSession {

    private static final System.Logger LOG = System.getLogger("dev.wharf.lattice");
    /** The pause before a new connection after jnats closed one: at least this, to spare the log and the server. */
    private static final long RETRY_MIN_MS = 2000;
    private static final long LOG_AGAIN_NANOS = TimeUnit.SECONDS.toNanos(60);

    /** What the node does when the connection comes and goes; called on the session's callback thread. */
    interface Listener {
        void connected(Connection c);

        /** The connection dropped ({@code closed}: for good, a new one will be made). */
        void lost(boolean closed);
    }

    private final LatticeSettings settings;
    private final Listener listener;
    private final ScheduledExecutorService retries;
    private final ExecutorService callbacks;
    private final ExecutorService connector;
    private final Options options;
    // an error text and when it was last logged: the same failure repeats at every attempt
    private final Map<String, Long> logged = new ConcurrentHashMap<>();
    private volatile Connection connection;
    private volatile boolean connected;
    private volatile boolean closing;
    private volatile CountDownLatch seen = new CountDownLatch(1);

    /**
     * @param retries where a new connection after a closed one is scheduled (the lattice thread)
     * @throws IllegalArgumentException naming the setting that cannot work; nothing is left running then
     */
    NatsSession(LatticeSettings settings, Listener listener, ScheduledExecutorService retries) {
        this.settings = settings;
        this.listener = listener;
        this.retries = retries;
        String n = settings.node();
        this.callbacks = Executors.newSingleThreadExecutor(r -> new Thread(r, "wharf-lattice-" + n + "-events"));
        this.connector = Executors.newSingleThreadExecutor(r -> new Thread(r, "wharf-lattice-" + n + "-connect"));
        try {
            this.options = NatsOptions.build(settings, this::event, new Errors(), callbacks, connector);
        } catch (RuntimeException e) {
            callbacks.shutdownNow();
            connector.shutdownNow();
            throw e;
        }
    }

    void start() throws InterruptedException {
        seen = new CountDownLatch(1);
        Nats.connectAsynchronously(options, true);
    }

    /** The connection while it is connected, else {@code null}. */
    Connection connected() {
        return connected ? connection : null;
    }

    /** The connection in whatever state, or {@code null} before the first attempt ended. */
    Connection current() {
        return connection;
    }

    boolean isConnected() {
        return connected;
    }

    /** Where it is connected now, or the configured servers. */
    String server() {
        Connection c = connection;
        String url = connected && c != null ? c.getConnectedUrl() : null;
        return url != null ? url : String.join(",", settings.servers());
    }

    private void event(Connection c, ConnectionListener.Events type) {
        connection = c;
        seen.countDown();
        if (closing) {
            return;
        }
        switch (type) {
            case CONNECTED, RECONNECTED -> {
                listener.connected(c);
                connected = true;
                logged.clear();
                LOG.log(Level.INFO, "lattice " + settings.lattice() + ": node " + settings.node() + " connected to "
                        + c.getConnectedUrl());
            }
            case DISCONNECTED -> {
                boolean was = connected;
                connected = false;
                listener.lost(false);
                if (was) {
                    LOG.log(Level.WARNING, "lattice " + settings.lattice() + ": node " + settings.node()
                            + " lost its connection to NATS; messages to other nodes are refused until it is back");
                }
            }
            case CLOSED -> {
                connected = false;
                listener.lost(true);
                long wait = Math.max(RETRY_MIN_MS, settings.reconnectWaitMs());
                once(Level.ERROR, "node " + settings.node() + ": NATS closed the connection ("
                        + (c.getLastError() == null ? "no error given" : c.getLastError())
                        + "); connecting anew every " + wait + " ms");
                try {
                    retries.schedule(this::again, wait, TimeUnit.MILLISECONDS);
                } catch (RejectedExecutionException e) {
                    // leaving
                }
            }
            default -> { }
        }
    }

    private void again() {
        if (!closing) {
            try {
                start();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Closes the connection, after waiting (boundedly) for one still being made, and stops the
     * session's threads.
     */
    void close() throws InterruptedException {
        closing = true;
        // a connection attempt reports after at most its connect timeout
        if (!seen.await(5, TimeUnit.SECONDS)) {
            LOG.log(Level.WARNING, "lattice " + settings.lattice() + ": node " + settings.node()
                    + " left while still connecting");
        }
        Connection c = connection;
        if (c != null) {
            if (connected) {
                try {
                    c.flush(Duration.ofSeconds(1));
                } catch (Exception e) {
                    // leaving anyway: the others drop this node at their node-timeout
                }
            }
            c.close();
        }
        connected = false;
        connector.shutdownNow();
        callbacks.shutdown();
        if (!callbacks.awaitTermination(5, TimeUnit.SECONDS)) {
            callbacks.shutdownNow();
        }
    }

    /** Logs {@code text} unless the same was logged within the last minute. */
    private void once(Level level, String text) {
        long now = System.nanoTime();
        Long last = logged.get(text);
        if (last == null || now - last >= LOG_AGAIN_NANOS) {
            if (logged.size() > 100) {
                logged.clear(); // texts that vary: forget them rather than grow
            }
            logged.put(text, now);
            LOG.log(level, "lattice " + settings.lattice() + ": " + text);
        }
    }

    /** jnats' errors, through the container's log rather than its own, each at most once a minute. */
    private final class Errors implements ErrorListener {
        @Override
        public void errorOccurred(Connection conn, String error) {
            once(Level.WARNING, "NATS: " + error);
        }

        @Override
        public void exceptionOccurred(Connection conn, Exception exp) {
            // connection refused, TLS handshakes, unreadable credentials: why a node stays unconnected
            once(Level.WARNING, "NATS: " + exp);
        }

        @Override
        public void slowConsumerDetected(Connection conn, io.nats.client.Consumer consumer) {
            once(Level.WARNING, "node " + settings.node() + " falls behind the messages for it; NATS drops some (at most once)");
        }
    }
}
