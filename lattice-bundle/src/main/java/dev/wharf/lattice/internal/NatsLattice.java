package dev.wharf.lattice.internal;

import dev.wharf.api.ComponentId;
import dev.wharf.api.DeliveryRefusedException;
import dev.wharf.api.ErrorCode;
import dev.wharf.api.MessageHandler;
import dev.wharf.api.WasmComponent;
import dev.wharf.api.WharfException;
import dev.wharf.spi.lattice.LatticeDelivery;
import dev.wharf.spi.lattice.LatticeLink;
import dev.wharf.spi.lattice.LatticeNode;
import dev.wharf.spi.lattice.LatticeView;
import io.nats.client.Connection;
import io.nats.client.ConnectionListener;
import io.nats.client.Dispatcher;
import io.nats.client.ErrorListener;
import io.nats.client.Nats;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceListener;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;

/**
 * This container's membership in a lattice of Wharf containers over NATS. Present only while
 * PID {@code dev.wharf.lattice} is configured; without it the container is alone. It connects
 * in the background and reconnects on its own; while it is not connected, messages to other
 * nodes are refused with {@code LATTICE_UNAVAILABLE} and local messages are not affected.
 */
@Component(service = {LatticeLink.class, NatsLattice.class}, configurationPid = LatticeConfig.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE, immediate = true)
@Designate(ocd = LatticeConfig.class)
public final class NatsLattice implements LatticeLink {

    private static final System.Logger LOG = System.getLogger("dev.wharf.lattice");

    private final LatticeSettings settings;
    private final Subjects subjects;
    private final Directory directory;
    private final Membership membership;
    private final Inbound inbound;
    private final PendingAsks asks;
    private final Outbound outbound;
    private final ScheduledExecutorService lattice;
    private final ExecutorService callbacks;
    private final ExecutorService connector;
    private BundleContext context;
    private final ServiceListener componentsChanged = e -> refreshSoon();
    private final String instance = UUID.randomUUID().toString();
    private volatile Connection connection;
    private volatile Dispatcher dispatcher;
    private volatile boolean connected;
    private volatile boolean closing;

    /** As SCR creates it: the components' services tell it at once when what is hosted here changes. */
    @Activate
    public NatsLattice(@Reference LatticeDelivery delivery, LatticeConfig config, BundleContext context)
            throws InterruptedException {
        this(delivery, config);
        this.context = context;
        try {
            context.addServiceListener(componentsChanged, "(|(objectClass=" + WasmComponent.class.getName()
                    + ")(objectClass=" + MessageHandler.class.getName() + "))");
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Outside OSGi (embedding, benchmarks): what is hosted here is looked at every heartbeat and
     * whenever {@link #componentsChanged()} is called. {@link #close()} leaves the lattice.
     *
     * @throws IllegalArgumentException naming the setting of {@code config} that cannot work
     */
    public NatsLattice(LatticeDelivery delivery, LatticeConfig config) throws InterruptedException {
        this.settings = LatticeSettings.of(config);
        this.subjects = new Subjects(settings.lattice());
        this.directory = new Directory(settings.node(), settings.nodeTimeoutMs());
        this.membership = new Membership(delivery, subjects, settings.node(), instance);
        String n = settings.node();
        this.lattice = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "wharf-lattice-" + n));
        this.callbacks = Executors.newSingleThreadExecutor(r -> new Thread(r, "wharf-lattice-" + n + "-events"));
        this.connector = Executors.newSingleThreadExecutor(r -> new Thread(r, "wharf-lattice-" + n + "-connect"));
        this.asks = new PendingAsks(settings.maxPendingAsks());
        this.outbound = new Outbound(settings, subjects, asks);
        this.inbound = new Inbound(delivery, subjects, membership, settings.node(), this::connection, this::heard);
        io.nats.client.Options options;
        try {
            options = NatsOptions.build(settings, this::event, new Errors(), callbacks, connector);
        } catch (RuntimeException e) {
            // an unreadable credentials or store file: nothing may be left running
            lattice.shutdownNow();
            callbacks.shutdownNow();
            connector.shutdownNow();
            throw e;
        }
        lattice.scheduleWithFixedDelay(this::tick, settings.heartbeatMs(), settings.heartbeatMs(), TimeUnit.MILLISECONDS);
        lattice.scheduleWithFixedDelay(() -> asks.expire(System.nanoTime()), PendingAsks.SWEEP_MS, PendingAsks.SWEEP_MS,
                TimeUnit.MILLISECONDS);
        Nats.connectAsynchronously(options, true);
        LOG.log(Level.INFO, "lattice " + settings.lattice() + ": node " + n + " connecting to " + settings.servers());
    }

    /** What this node hosts may have changed: announce it now rather than at the next heartbeat. */
    public void componentsChanged() {
        refreshSoon();
    }

    /** Whether this node is connected to NATS now. */
    public boolean connected() {
        return connected;
    }

    /** Leaves the lattice; for use outside OSGi. */
    public void close() throws InterruptedException {
        deactivate();
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        if (closing) {
            return;
        }
        closing = true;
        if (context != null) {
            context.removeServiceListener(componentsChanged);
        }
        lattice.submit(() -> {
            Connection c = connection;
            membership.withdrawAll(dispatcher);
            membership.announce(c, Announcement.Kind.BYE);
        });
        lattice.shutdown();
        lattice.awaitTermination(5, TimeUnit.SECONDS);
        Connection c = connection;
        if (c != null) {
            try {
                c.flush(Duration.ofSeconds(1));
            } catch (Exception e) {
                // leaving anyway: the others drop this node at their node-timeout
            }
            c.close();
        }
        asks.failAll(unavailable("this node left the lattice"));
        connector.shutdownNow();
        callbacks.shutdown();
        if (!callbacks.awaitTermination(5, TimeUnit.SECONDS)) {
            callbacks.shutdownNow();
        }
        LOG.log(Level.INFO, "lattice " + settings.lattice() + ": node " + settings.node() + " left");
    }

    private Connection connection() {
        return connection;
    }

    // ---- LatticeLink ------------------------------------------------------------------------------

    @Override
    public String node() {
        return settings.node();
    }

    @Override
    public boolean reaches(ComponentId id) {
        return directory.reaches(id);
    }

    @Override
    public WharfException tell(ComponentId sender, ComponentId to, byte[] payload) {
        return outbound.tell(connected ? connection : null, sender, to, payload);
    }

    @Override
    public CompletableFuture<byte[]> ask(ComponentId sender, ComponentId to, byte[] payload, Duration timeout) {
        return outbound.ask(connected ? connection : null, sender, to, payload, timeout);
    }

    @Override
    public LatticeView view() {
        List<LatticeNode> nodes = new ArrayList<>(directory.others(System.nanoTime()));
        nodes.add(new LatticeNode(settings.node(), true, 0, membership.hosted()));
        nodes.sort(java.util.Comparator.comparing(LatticeNode::name));
        Connection c = connection;
        String server = connected && c != null && c.getConnectedUrl() != null ? c.getConnectedUrl()
                : String.join(",", settings.servers());
        return new LatticeView(settings.lattice(), settings.node(), connected, server, nodes);
    }

    /** How many asks wait for their replies now. */
    int pendingAsks() {
        return asks.size();
    }

    // ---- the lattice thread ---------------------------------------------------------------------

    private void refreshSoon() {
        onLatticeThread(this::refresh);
    }

    /** Runs {@code task} on the lattice thread, unless this node is leaving. */
    private void onLatticeThread(Runnable task) {
        if (!closing) {
            try {
                lattice.execute(task);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                // leaving
            }
        }
    }

    private void refresh() {
        if (membership.refresh(dispatcher)) {
            membership.announce(connection, Announcement.Kind.BEAT);
        }
    }

    /** Every heartbeat: what is hosted, an announcement, and the nodes that went silent. */
    private void tick() {
        try {
            membership.refresh(dispatcher);
            if (connected) {
                membership.announce(connection, Announcement.Kind.BEAT);
                for (String dead : directory.sweep(System.nanoTime())) {
                    LOG.log(Level.WARNING, "lattice " + settings.lattice() + ": node " + dead + " not heard from for "
                            + settings.nodeTimeoutMs() + " ms; dropped");
                }
            }
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "lattice " + settings.lattice() + ": heartbeat failed", e);
        }
    }

    /** A connection event from jnats (on its callback thread): the rest is done on the lattice thread. */
    private void event(Connection c, ConnectionListener.Events type) {
        connection = c;
        switch (type) {
            case CONNECTED, RECONNECTED -> {
                connected = true;
                LOG.log(Level.INFO, "lattice " + settings.lattice() + ": node " + settings.node() + " connected to "
                        + c.getConnectedUrl());
                onLatticeThread(() -> joined(c));
            }
            case DISCONNECTED, CLOSED -> {
                boolean was = connected;
                connected = false;
                asks.failAll(unavailable("the connection to NATS was lost before the reply came"));
                if (was && !closing) {
                    LOG.log(Level.WARNING, "lattice " + settings.lattice() + ": node " + settings.node()
                            + " lost its connection to NATS; messages to other nodes are refused until it is back");
                }
            }
            default -> { }
        }
    }

    /** (Re)connected: subscribe, say hello (the others answer with their beats) and announce. */
    private void joined(Connection c) {
        if (closing) {
            return;
        }
        Dispatcher d = dispatcher;
        if (d == null) {
            d = c.createDispatcher(inbound::onMessage);
            d.subscribe(subjects.allNodes());
            dispatcher = d;
            membership.resubscribe(d);
        } else {
            membership.refresh(d); // jnats resubscribed what it had
        }
        directory.refreshAll(System.nanoTime());
        membership.announce(c, Announcement.Kind.HELLO);
    }

    /** An announcement of another node, on the dispatcher's thread. */
    void heard(Announcement a) {
        if (a.node().equals(settings.node())) {
            if (!a.instance().equals(instance)) {
                LOG.log(Level.ERROR, "lattice " + settings.lattice() + ": another container calls itself node "
                        + a.node() + "; give each container its own node name");
            }
            return;
        }
        Directory.Change change = directory.heard(a, System.nanoTime());
        if (change == Directory.Change.JOINED || change == Directory.Change.LEFT) {
            LOG.log(Level.INFO, "lattice " + settings.lattice() + ": node " + a.node()
                    + (change == Directory.Change.JOINED ? " joined, hosting " + a.hosts() : " left"));
        }
        if (a.kind() == Announcement.Kind.HELLO) {
            onLatticeThread(() -> membership.announce(connection, Announcement.Kind.BEAT));
        }
    }

    static DeliveryRefusedException unavailable(String why) {
        return new DeliveryRefusedException(ErrorCode.LATTICE_UNAVAILABLE, why);
    }

    /** jnats' errors, through the container's log rather than its own. */
    private final class Errors implements ErrorListener {
        @Override
        public void errorOccurred(Connection conn, String error) {
            LOG.log(Level.WARNING, "lattice " + settings.lattice() + ": NATS: " + error);
        }

        @Override
        public void exceptionOccurred(Connection conn, Exception exp) {
            LOG.log(Level.DEBUG, "lattice " + settings.lattice() + ": NATS: " + exp);
        }

        @Override
        public void slowConsumerDetected(Connection conn, io.nats.client.Consumer consumer) {
            LOG.log(Level.WARNING, "lattice " + settings.lattice() + ": node " + settings.node()
                    + " falls behind the messages for it; NATS drops some (at most once)");
        }
    }
}
