package dev.wharf.lattice.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.api.ComponentId;
import dev.wharf.api.Delivery;
import dev.wharf.spi.lattice.LatticeDelivery;
import dev.wharf.testing.nats.NatsServer;
import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Subscription;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The W3C trace context across two nodes of a lattice, against a real nats-server on loopback:
 * node a sends, node b delivers to a fake runtime that notes the span current at delivery, which
 * is what the real runtime takes as the parent of the receiver's span.
 */
class TraceContextTest {

    static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
    static final String SPAN_ID = "00f067aa0ba902b7";
    static final ComponentId RECEIVER = ComponentId.of("receiver");
    static final ComponentId SENDER = ComponentId.of("sender");
    static final String SUBJECT = "wharf.traced.msg.receiver.a.sender";

    NatsServer server;
    NatsLattice a;
    NatsLattice b;
    Connection raw;
    /** The span context current on node b's side at each delivery, in order. */
    final BlockingQueue<SpanContext> delivered = new LinkedBlockingQueue<>();

    @BeforeEach
    void lattice() throws Exception {
        java.nio.file.Path binary = NatsServer.find();
        // a local build without nats-server skips it; CI (and .ci/run, which sets CI) never does
        Assumptions.assumeTrue(binary != null || System.getenv("CI") != null, "nats-server is not installed");
        server = new NatsServer(binary);
        server.start();
        raw = Nats.connect(server.url());
        Subscription announcements = raw.subscribe("wharf.traced.node.*");
        raw.flush(Duration.ofSeconds(5));
        b = new NatsLattice(new Runtime(List.of(RECEIVER)), config("b"), Tracing.of(null));
        a = new NatsLattice(new Runtime(List.of()), config("a"), Tracing.of(null));
        // b announces receiver only once it has subscribed to it (the server takes a connection's
        // messages in order), and a beats only while it counts as connected: then both are ready
        boolean bReady = false;
        boolean aReady = false;
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!(aReady && bReady) && System.nanoTime() < end) {
            Message m = announcements.nextMessage(Duration.ofSeconds(1));
            Announcement heard = m == null ? null : Announcement.decode(m.getData());
            if (heard != null && heard.node().equals("b") && heard.hosts().contains(RECEIVER)) {
                bReady = true;
            } else if (heard != null && heard.node().equals("a") && heard.kind() == Announcement.Kind.BEAT) {
                aReady = true;
            }
        }
        assertThat(aReady && bReady).as("a connected (" + aReady + ") and b subscribed (" + bReady + ")").isTrue();
        announcements.unsubscribe();
    }

    @AfterEach
    void stop() throws Exception {
        if (a != null) {
            a.close();
        }
        if (b != null) {
            b.close();
        }
        if (raw != null) {
            raw.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void outsideOsgiTheApiOnTheClassPathIsUsed() {
        assertThat(Tracing.of(null)).isInstanceOf(TraceHeaders.class);
    }

    @Test
    void aTellAndAnAskCarryTheCurrentSpanToTheOtherNode() throws Exception {
        SpanContext sent = SpanContext.create(TRACE_ID, SPAN_ID, TraceFlags.getSampled(),
                TraceState.builder().put("vendor", "value").build());
        byte[] reply;
        try (Scope s = Span.wrap(sent).storeInContext(Context.root()).makeCurrent()) {
            assertThat(a.tell(SENDER, RECEIVER, bytes("tell")).accepted()).isTrue();
            reply = a.ask(SENDER, RECEIVER, bytes("ask"), Duration.ofSeconds(5)).get(10, TimeUnit.SECONDS);
        }
        assertThat(reply).isEqualTo(bytes("ask"));
        for (String what : List.of("tell", "ask")) {
            SpanContext parent = delivered.poll(10, TimeUnit.SECONDS);
            assertThat(parent).as(what).isNotNull();
            assertThat(parent.isValid()).as(what).isTrue();
            assertThat(parent.isRemote()).as(what).isTrue();
            assertThat(parent.getTraceId()).as(what).isEqualTo(TRACE_ID);
            assertThat(parent.getSpanId()).as(what).isEqualTo(SPAN_ID);
            assertThat(parent.isSampled()).as(what).isTrue();
            assertThat(parent.getTraceState().get("vendor")).as(what).isEqualTo("value");
        }
    }

    @Test
    void withoutACurrentSpanNoHeaderIsSentAndNoParentArrives() throws Exception {
        Subscription wire = raw.subscribe(SUBJECT);
        raw.flush(Duration.ofSeconds(5));
        assertThat(a.tell(SENDER, RECEIVER, bytes("tell")).accepted()).isTrue();
        assertThat(a.ask(SENDER, RECEIVER, bytes("ask"), Duration.ofSeconds(5)).get(10, TimeUnit.SECONDS))
                .isEqualTo(bytes("ask"));
        for (String what : List.of("tell", "ask")) {
            Message m = wire.nextMessage(Duration.ofSeconds(10));
            assertThat(m).as(what).isNotNull();
            assertThat(m.getData()).as(what).isEqualTo(bytes(what));
            assertThat(m.getHeaders() == null || !m.getHeaders().containsKeyIgnoreCase(TraceHeaders.TRACEPARENT))
                    .as(what + " without traceparent: " + m.getHeaders()).isTrue();
            SpanContext parent = delivered.poll(10, TimeUnit.SECONDS);
            assertThat(parent).as(what).isNotNull();
            assertThat(parent.isValid()).as(what).isFalse();
        }
    }

    @Test
    void aMalformedTraceparentIsIgnored() throws Exception {
        Headers bad = new Headers().put(TraceHeaders.TRACEPARENT, "00-not-a-trace-01");
        raw.publish(SUBJECT, bad, bytes("tell"));
        Message answer = raw.request(NatsMessage.builder().subject(SUBJECT).headers(bad).data(bytes("ask")).build(),
                Duration.ofSeconds(10));
        assertThat(answer).isNotNull();
        assertThat(answer.getHeaders().getFirst("Wharf-Error")).isNull();
        assertThat(answer.getData()).isEqualTo(bytes("ask"));
        for (String what : List.of("tell", "ask")) {
            SpanContext parent = delivered.poll(10, TimeUnit.SECONDS);
            assertThat(parent).as(what).isNotNull();
            assertThat(parent.isValid()).as(what).isFalse();
        }
    }

    /** Notes the span current at each delivery and answers an ask with its payload. */
    final class Runtime implements LatticeDelivery {

        private final List<ComponentId> hosted;

        Runtime(List<ComponentId> hosted) {
            this.hosted = hosted;
        }

        @Override
        public Delivery deliver(String node, ComponentId sender, ComponentId to, byte[] payload,
                CompletableFuture<byte[]> reply) {
            delivered.add(Span.current().getSpanContext());
            if (reply != null) {
                reply.complete(payload);
            }
            return Delivery.ACCEPTED;
        }

        @Override
        public List<ComponentId> hosted() {
            return hosted;
        }
    }

    LatticeConfig config(String node) {
        LatticeSettingsTest.Config c = new LatticeSettingsTest.Config();
        c.servers = new String[] {server.url()};
        c.lattice = "traced";
        c.node = node;
        return c;
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
