package dev.wharf.lattice.internal;

import dev.wharf.api.ComponentId;
import dev.wharf.api.Delivery;
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
import io.nats.client.Dispatcher;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
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
 * in the background and reconnects on its own ({@link NatsSession}); while it is not connected,
 * messages to other nodes are refused with {@code LATTICE_UNAVAILABLE} and local messages are not
 * affected. Subscriptions, announcements and the sweep of silent nodes run on its one lattice
 * thread, so they change in one order.
 */
@Component(service = {LatticeLink.class, NatsLattice.class}, configurationPid = LatticeConfig.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE, immediate = true)
@Designate(ocd = LatticeConfig.class)
public final class NatsLattice implements LatticeLink, NatsSession.Listener {

    private static final System.Logger LOG = System.getLogger("dev.wharf.lattice");
    private static final long COLLISION_LOG_NANOS = TimeUnit.SECONDS.toNanos(60);

    private final LatticeSettings settings;
    private final Subjects subjects;
    private final Directory directory;
    private final Membership membership;
    private final Inbound inbound;
    private final PendingAsks asks;
    private final Outbound outbound;
    private final ScheduledExecutorService lattice;
    private final NatsSession session;
    private final String instance = UUID.randomUUID().toString();
    private final ServiceListener componentsChanged = e -> refreshSoon();
    private final AtomicLong collisionLogged = new AtomicLong(System.nanoTime() - COLLISION_LOG_NANOS);
    private BundleContext context;
    private volatile Dispatcher dispatcher;
    private volatile boolean closing;

    /** As SCR creates it: the components' services tell it at once when what is hosted here changes. */
    @Activate
    public NatsLattice(@Reference LatticeDelivery delivery, LatticeConfig config, BundleContext context)
            throws InterruptedException {
        this(delivery, config, Tracing.of(context));
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
        this(delivery, config, Tracing.of(null));
    }

    /** With {@code tracing} for the trace context in the messages' headers. */
    NatsLattice(LatticeDelivery delivery, LatticeConfig config, Tracing tracing) throws InterruptedException {
        this.settings = LatticeSettings.of(config);
        this.subjects = new Subjects(settings.lattice());
        this.directory = new Directory(settings.node(), settings.nodeTimeoutMs());
        this.membership = new Membership(delivery, subjects, settings.node(), instance);
        String n = settings.node();
        this.lattice = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "wharf-lattice-" + n));
        this.asks = new PendingAsks(settings.maxPendingAsks());
        this.outbound = new Outbound(settings, subjects, asks, tracing);
        try {
            this.session = new NatsSession(settings, this, lattice);
        } catch (RuntimeException e) {
            lattice.shutdownNow(); // an unreadable credentials or store file: nothing may be left running
            throw e;
        }
        this.inbound = new Inbound(delivery, subjects, membership, settings.node(), session::current, this::heard,
                tracing);
        lattice.scheduleWithFixedDelay(this::tick, settings.heartbeatMs(), settings.heartbeatMs(), TimeUnit.MILLISECONDS);
        lattice.scheduleWithFixedDelay(() -> asks.expire(System.nanoTime()), PendingAsks.SWEEP_MS, PendingAsks.SWEEP_MS,
                TimeUnit.MILLISECONDS);
        session.start();
        LOG.log(Level.INFO, "lattice " + settings.lattice() + ": node " + n + " connecting to " + settings.servers());
    }

    /** What this node hosts may have changed: announce it now rather than at the next heartbeat. */
    public void componentsChanged() {
        refreshSoon();
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
            membership.withdrawAll(dispatcher);
            membership.announce(session.connected(), Announcement.Kind.BYE);
        });
        lattice.shutdown();
        lattice.awaitTermination(5, TimeUnit.SECONDS);
        session.close();
        asks.failAll(unavailable("this node left the lattice"));
        LOG.log(Level.INFO, "lattice " + settings.lattice() + ": node " + settings.node() + " left");
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
    public Delivery tell(ComponentId sender, ComponentId to, byte[] payload) {
        return outbound.tell(session.connected(), sender, to, payload);
    }

    @Override
    public CompletableFuture<byte[]> ask(ComponentId sender, ComponentId to, byte[] payload, Duration timeout) {
        return outbound.ask(session.connected(), sender, to, payload, timeout);
    }

    @Override
    public LatticeView view() {
        List<LatticeNode> nodes = new ArrayList<>(directory.others(System.nanoTime()));
        nodes.add(new LatticeNode(settings.node(), true, 0, membership.hosted()));
        nodes.sort(Comparator.comparing(LatticeNode::name));
        return new LatticeView(settings.lattice(), settings.node(), session.isConnected(), session.server(), nodes);
    }

    // ---- the connection's events (on the session's callback thread) -----------------------------

    @Override
    public void connected(Connection c) {
        // before messages flow again: every node gets a full timeout to be heard from anew
        directory.refreshAll(System.nanoTime());
        onLatticeThread(() -> joined(c));
    }

    @Override
    public void lost(boolean closed) {
        // the replies can no longer come; what jnats had not written yet may still go out after a reconnect
        asks.failAll(unavailable("the connection to NATS was lost before the reply came; the message may or may"
                + " not have been delivered"));
        if (closed) {
            dispatcher = null; // it went with its connection; the next one gets its own
        }
    }

    // ---- the lattice thread ---------------------------------------------------------------------

    private void refreshSoon() {
        onLatticeThread(this::refresh);
    }

    /** Runs {@code task} on the lattice thread, unless this node is leaving; its failure is logged. */
    private void onLatticeThread(Runnable task) {
        if (!closing) {
            try {
                lattice.execute(() -> {
                    try {
                        task.run();
                    } catch (RuntimeException e) {
                        LOG.log(Level.ERROR, "lattice " + settings.lattice() + ": node " + settings.node()
                                + ": a task of the lattice thread failed", e);
                    }
                });
            } catch (RejectedExecutionException e) {
                // leaving
            }
        }
    }

    private void refresh() {
        if (membership.refresh(dispatcher)) {
            membership.announce(session.connected(), Announcement.Kind.BEAT);
        }
    }

    /** Every heartbeat: what is hosted, an announcement, and the nodes that went silent. */
    private void tick() {
        try {
            Connection c = session.connected();
            if (c != null && dispatcher == null) {
                joined(c); // a join that failed half-way is taken up again
            }
            membership.refresh(dispatcher);
            if (c != null) {
                membership.announce(c, Announcement.Kind.BEAT);
                for (String dead : directory.sweep(System.nanoTime())) {
                    LOG.log(Level.WARNING, "lattice " + settings.lattice() + ": node " + dead + " not heard from for "
                            + settings.nodeTimeoutMs() + " ms; dropped");
                }
            }
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "lattice " + settings.lattice() + ": heartbeat failed", e);
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
            membership.resubscribe(d);
            dispatcher = d; // only once it holds every subscription
        } else {
            membership.refresh(d); // jnats resubscribed what it had
        }
        membership.announce(c, Announcement.Kind.HELLO);
    }

    /** An announcement of another node, on the dispatcher's thread. */
    void heard(Announcement a) {
        if (a.node().equals(settings.node())) {
            if (!a.instance().equals(instance)) {
                long now = System.nanoTime();
                long last = collisionLogged.get();
                if (now - last >= COLLISION_LOG_NANOS && collisionLogged.compareAndSet(last, now)) {
                    LOG.log(Level.ERROR, "lattice " + settings.lattice() + ": another container calls itself node "
                            + a.node() + "; give each container its own node name");
                }
            }
            return;
        }
        Directory.Change change = directory.heard(a, System.nanoTime());
        if (change == Directory.Change.JOINED || change == Directory.Change.LEFT) {
            LOG.log(Level.INFO, "lattice " + settings.lattice() + ": node " + a.node()
                    + (change == Directory.Change.JOINED ? " joined, hosting " + a.hosts() : " left"));
        }
        if (a.kind() == Announcement.Kind.HELLO) {
            onLatticeThread(() -> membership.announce(session.connected(), Announcement.Kind.BEAT));
        }
    }

    static DeliveryRefusedException unavailable(String why) {
        return new DeliveryRefusedException(ErrorCode.LATTICE_UNAVAILABLE, why);
    }
}
