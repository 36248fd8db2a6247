package dev.wharf.lattice.internal;

import dev.wharf.api.Delivery;
import dev.wharf.api.DeliveryRefusedException;
import dev.wharf.api.ErrorCode;
import dev.wharf.api.WharfException;
import dev.wharf.spi.lattice.LatticeDelivery;
import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.impl.NatsMessage;
import java.lang.System.Logger.Level;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * What arrives from NATS, on the lattice dispatcher's one thread: announcements go to the
 * directory, messages to the runtime ({@link LatticeDelivery}, which hands the receiver's turn to
 * the dispatcher pool at once, so this thread never runs a guest). Messages for an id this node
 * does not host are refused, whatever the subject says; an ask's refusal goes back to the asker.
 * A message is handed over with the trace context it carries made current ({@link Tracing}), which
 * the runtime takes as the parent of the receiver's span.
 */
final class Inbound {

    private static final System.Logger LOG = System.getLogger("dev.wharf.lattice");
    private static final long LOG_EVERY_NANOS = 5_000_000_000L;

    private final LatticeDelivery delivery;
    private final Subjects subjects;
    private final Membership membership;
    private final String node;
    private final Supplier<Connection> connection;
    private final Consumer<Announcement> announcements;
    private final Tracing tracing;
    private final AtomicLong lastLogged = new AtomicLong(System.nanoTime() - LOG_EVERY_NANOS);

    Inbound(LatticeDelivery delivery, Subjects subjects, Membership membership, String node,
            Supplier<Connection> connection, Consumer<Announcement> announcements, Tracing tracing) {
        this.delivery = delivery;
        this.subjects = subjects;
        this.membership = membership;
        this.node = node;
        this.connection = connection;
        this.announcements = announcements;
        this.tracing = tracing;
    }

    void onMessage(Message m) {
        String subject = m.getSubject();
        if (subjects.isAnnouncement(subject)) {
            announcement(m);
            return;
        }
        String replyTo = m.getReplyTo();
        try {
            Subjects.Addressed a = subjects.parse(subject);
            if (a == null) {
                refuse(replyTo, new DeliveryRefusedException(ErrorCode.UNKNOWN_TARGET, "node " + node
                        + " cannot read the subject " + subject + " (expected wharf.<lattice>.msg.<to>.<node>.<sender>)"),
                        subject);
                return;
            }
            byte[] payload = m.getData() == null ? new byte[0] : m.getData();
            if (!membership.hosts(a.to())) {
                refuse(replyTo, new DeliveryRefusedException(ErrorCode.UNKNOWN_TARGET, "node " + node
                        + " does not host '" + a.to() + "'"), describe(a));
                return;
            }
            if (replyTo == null) {
                if (deliver(m, a, payload, null) instanceof Delivery.Refused r) {
                    note(describe(a), r.error());
                }
                return;
            }
            CompletableFuture<byte[]> reply = new CompletableFuture<>();
            if (deliver(m, a, payload, reply) instanceof Delivery.Refused r) {
                refuse(replyTo, r.error(), describe(a));
                return;
            }
            reply.whenComplete((bytes, failure) -> answer(replyTo, bytes, failure));
        } catch (RuntimeException e) {
            // the runtime going away under the message, say: the asker still hears of it
            LOG.log(Level.ERROR, "lattice: a message on " + subject + " could not be handled", e);
            if (replyTo != null) {
                answer(replyTo, null, new DeliveryRefusedException(ErrorCode.UNAVAILABLE, "node " + node
                        + " could not take the message: " + e));
            }
        }
    }

    /** Hands {@code m} to the runtime with its trace context current: the runtime takes that as the parent. */
    private Delivery deliver(Message m, Subjects.Addressed a, byte[] payload, CompletableFuture<byte[]> reply) {
        try (Tracing.Restore restore = tracing.incoming(m)) {
            return delivery.deliver(a.node(), a.sender(), a.to(), payload, reply);
        }
    }

    /** An announcement, taken only from the subject of the node it names: a node speaks for itself. */
    private void announcement(Message m) {
        Announcement a;
        try {
            a = Announcement.decode(m.getData() == null ? new byte[0] : m.getData());
        } catch (IllegalArgumentException e) {
            if (throttle()) {
                LOG.log(Level.WARNING, "lattice: ignored a message on " + m.getSubject() + ": " + e.getMessage(), e);
            }
            return;
        }
        if (!m.getSubject().equals(subjects.node(a.node()))) {
            if (throttle()) {
                LOG.log(Level.WARNING, "lattice: ignored an announcement for node " + a.node() + " published on "
                        + m.getSubject() + ": a node announces only itself");
            }
            return;
        }
        announcements.accept(a);
    }

    private static String describe(Subjects.Addressed a) {
        return a.sender() + "@" + a.node() + " -> " + a.to();
    }

    private void refuse(String replyTo, WharfException why, String what) {
        if (replyTo != null) {
            answer(replyTo, null, why);
        } else {
            note(what, why);
        }
    }

    /** A refused tell: its sender was told "accepted" on its node; here it is a dead letter and a log line. */
    private void note(String what, WharfException why) {
        if (throttle()) {
            LOG.log(Level.WARNING, "lattice: message " + what + " not delivered: " + why.getMessage());
        }
    }

    private void answer(String replyTo, byte[] bytes, Throwable failure) {
        Connection c = connection.get();
        if (c == null) {
            return;
        }
        Throwable f = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        try {
            c.publish(NatsMessage.builder().subject(replyTo)
                    .headers(f == null ? Replies.ok(node) : Replies.error(node, f))
                    .data(f == null ? bytes : Replies.text(f)).build());
        } catch (IllegalArgumentException e) {
            // larger than the server's max_payload: the asker hears why rather than waiting for its timeout
            if (f == null) {
                answer(replyTo, null, new DeliveryRefusedException(ErrorCode.TOO_LARGE, "the reply of " + bytes.length
                        + " bytes is larger than NATS carries: " + e.getMessage()));
            } else if (throttle()) {
                LOG.log(Level.WARNING, "lattice: an error reply could not be sent: " + e.getMessage(), e);
            }
        } catch (IllegalStateException e) {
            // the connection went down: the asker's ask fails on its side
            if (throttle()) {
                LOG.log(Level.WARNING, "lattice: a reply could not be sent: " + e.getMessage(), e);
            }
        }
    }

    private boolean throttle() {
        long now = System.nanoTime();
        long last = lastLogged.get();
        return now - last >= LOG_EVERY_NANOS && lastLogged.compareAndSet(last, now);
    }
}
