package dev.wharf.itest;

import static dev.wharf.itest.CollectingSdk.attribute;
import static dev.wharf.itest.WharfTestSupport.await;
import static dev.wharf.itest.WharfTestSupport.eventually;
import static dev.wharf.itest.WharfTestSupport.failure;
import static dev.wharf.itest.WharfTestSupport.fromHost;
import static dev.wharf.itest.WharfTestSupport.invoke;
import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.api.GuestTrapException;
import dev.wharf.api.MessageDispatcher;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.junit5.context.BundleContextExtension;
import org.osgi.test.junit5.service.ServiceExtension;

/**
 * With an {@code io.opentelemetry.api.OpenTelemetry} service (an SDK the test registers itself),
 * the real runtime traces real guests: one trace from a host's ask through a guest that asks or
 * sends on, capability calls inside the turn that made them, a trap as an error, the caller's own
 * span as the parent, the turns' latency as a histogram; and nothing once the service is gone.
 */
@ExtendWith(BundleContextExtension.class)
@ExtendWith(ServiceExtension.class)
class TracingIT {

    static final Duration ASK = Duration.ofSeconds(10);

    @InjectBundleContext
    BundleContext context;

    @InjectService(timeout = 10_000)
    MessageDispatcher dispatcher;

    ComponentBundles bundles;
    CollectingSdk otel;
    ServiceRegistration<OpenTelemetry> registration;

    @BeforeEach
    void setUp() {
        bundles = new ComponentBundles(context);
        otel = new CollectingSdk();
        registration = context.registerService(OpenTelemetry.class, otel.sdk(), null);
        // the runtime's metrics appear in a collection once it has bound the service
        eventually(() -> metric("wharf.dead_letters").isPresent(), "the runtime bound the OpenTelemetry service");
    }

    @AfterEach
    void tearDown() {
        // the component bundles go with the test's bundle context; the service must go before the SDK closes
        if (registration != null) {
            registration.unregister();
        }
        otel.close();
    }

    void start(String header, String... guests) {
        bundles.start(header, guests);
    }

    static byte[] json(String text) {
        return Args.json(text);
    }

    @Test
    void aHostAskThroughAGuestThatAsksIsOneTrace() {
        start("asker.wasm;id=asker;send-to=javasink, mailbox.wasm;id=javasink;receive-from=asker", "asker", "mailbox");
        byte[] payload = json("\"echo\"");
        assertThat(await(dispatcher.ask(fromHost("asker", payload), ASK))).isEqualTo(payload);

        SpanData hostAsk = span("ask asker", SpanKind.CLIENT);
        assertThat(hostAsk.getParentSpanContext().isValid()).as("the host's ask is the root").isFalse();
        assertAsk(hostAsk, "host", "asker");
        SpanData askerTurn = span("ask asker", SpanKind.SERVER);
        assertChildOf(askerTurn, hostAsk);
        assertTurn(askerTurn, "asker", "host");
        SpanData guestAsk = span("ask javasink", SpanKind.CLIENT);
        assertChildOf(guestAsk, askerTurn);
        assertAsk(guestAsk, "asker", "javasink");
        SpanData sinkTurn = span("ask javasink", SpanKind.SERVER);
        assertChildOf(sinkTurn, guestAsk);
        assertTurn(sinkTurn, "javasink", "asker");
        assertThat(otel.spans()).extracting(SpanData::getTraceId).containsOnly(hostAsk.getTraceId());
    }

    @Test
    void aMessageAGuestSendsIsAChildOfTheTurnThatSentIt() {
        start("mailbox.wasm;id=relay;send-to=sink, mailbox.wasm;id=sink;receive-from=relay", "mailbox");
        assertThat(dispatcher.tell(fromHost("relay", json("\"forward\""))).accepted()).isTrue();

        SpanData relayTurn = span("message relay", SpanKind.CONSUMER);
        assertThat(relayTurn.getParentSpanContext().isValid()).as("a tell outside any span starts a trace").isFalse();
        assertTurn(relayTurn, "relay", "host");
        SpanData sinkTurn = span("message sink", SpanKind.CONSUMER);
        assertChildOf(sinkTurn, relayTurn);
        assertTurn(sinkTurn, "sink", "relay");
    }

    @Test
    void aCapabilityCallIsAClientSpanInTheTurnThatMadeIt() {
        start("kv.wasm;id=kv-traced;capabilities=kv", "kv");
        assertThat(invoke(dispatcher, "kv-traced", "incr", Args.json("[]")).values()).containsExactly(1);

        SpanData turn = span("invoke kv-traced incr", SpanKind.SERVER);
        assertThat(attribute(turn, "wharf.component")).isEqualTo("kv-traced");
        assertThat(attribute(turn, "wharf.function")).isEqualTo("incr");
        assertThat(attribute(turn, "wharf.outcome")).isEqualTo("ok");
        SpanData get = span("capability kv get", SpanKind.CLIENT);
        SpanData set = span("capability kv set", SpanKind.CLIENT);
        for (SpanData call : List.of(get, set)) {
            assertChildOf(call, turn);
            assertThat(attribute(call, "wharf.component")).isEqualTo("kv-traced");
            assertThat(attribute(call, "wharf.capability")).isEqualTo("kv");
        }
        assertThat(attribute(get, "wharf.function")).isEqualTo("get");
        assertThat(attribute(set, "wharf.function")).isEqualTo("set");
        // the counter's key is not there yet: the answer NOT_FOUND is the call's outcome, not a failure
        assertThat(attribute(get, "wharf.outcome")).isEqualTo("NOT_FOUND");
        assertThat(get.getStatus().getStatusCode()).isNotEqualTo(StatusCode.ERROR);
        assertThat(attribute(set, "wharf.outcome")).isEqualTo("ok");
        assertThat(set.getStatus().getStatusCode()).isNotEqualTo(StatusCode.ERROR);
    }

    @Test
    void aTrapEndsTheTurnAsAnError() {
        start("mailbox.wasm;id=trapper", "mailbox");
        assertThat(failure(dispatcher.ask(fromHost("trapper", json("\"xplode\"")), ASK)))
                .isInstanceOf(GuestTrapException.class);

        for (SpanData s : List.of(span("ask trapper", SpanKind.SERVER), span("ask trapper", SpanKind.CLIENT))) {
            assertThat(attribute(s, "wharf.outcome")).as(s.getKind() + " outcome").isEqualTo("TRAP");
            assertThat(attribute(s, "error.type")).isEqualTo("TRAP");
            assertThat(s.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
        }
    }

    @Test
    void theCallersOwnSpanIsTheParentOfItsAsk() {
        start("mailbox.wasm;id=echo-traced", "mailbox");
        byte[] payload = json("\"echo\"");
        Span caller = otel.sdk().getTracer("dev.wharf.itest").spanBuilder("caller").startSpan();
        try (Scope current = caller.makeCurrent()) {
            assertThat(await(dispatcher.ask(fromHost("echo-traced", payload), ASK))).isEqualTo(payload);
        } finally {
            caller.end();
        }

        SpanData ask = span("ask echo-traced", SpanKind.CLIENT);
        assertThat(ask.getParentSpanId()).isEqualTo(caller.getSpanContext().getSpanId());
        assertThat(ask.getTraceId()).isEqualTo(caller.getSpanContext().getTraceId());
        assertChildOf(span("ask echo-traced", SpanKind.SERVER), ask);
    }

    @Test
    void theLatencyHistogramAndTheMessageCountersHaveTheComponent() {
        start("mailbox.wasm;id=measured", "mailbox");
        byte[] payload = json("\"echo\"");
        assertThat(await(dispatcher.ask(fromHost("measured", payload), ASK))).isEqualTo(payload);

        // a turn is recorded as it ends, which may be just after its reply reached the host
        eventually(() -> latency("measured").isPresent(), "a latency point of component measured");
        HistogramPointData point = latency("measured").orElseThrow();
        assertThat(point.getCount()).isGreaterThanOrEqualTo(1);
        assertThat(point.getAttributes().get(AttributeKey.stringKey("wharf.outcome"))).isEqualTo("ok");
        assertThat(metric("wharf.call.latency").orElseThrow().getUnit()).isEqualTo("s");

        LongPointData in = metric("wharf.messages.in").orElseThrow().getLongSumData().getPoints().stream()
                .filter(p -> "measured".equals(component(p.getAttributes()))).findFirst().orElseThrow();
        assertThat(in.getValue()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void withoutTheServiceNothingIsTracedAndAsksStillAnswer() {
        start("mailbox.wasm;id=untraced", "mailbox");
        byte[] payload = json("\"echo\"");
        assertThat(await(dispatcher.ask(fromHost("untraced", payload), ASK))).isEqualTo(payload);
        span("ask untraced", SpanKind.SERVER);

        registration.unregister();
        registration = null;
        int before = otel.spans().size();
        assertThat(await(dispatcher.ask(fromHost("untraced", payload), ASK))).isEqualTo(payload);
        // the next turn of the same component starts only when the ask's turn has ended: by its
        // answer, any span of the ask would have been exported
        assertThat(invoke(dispatcher, "untraced", "count", Args.json("[]")).values()).containsExactly(0);
        assertThat(invoke(dispatcher, "untraced", "count", Args.json("[]")).values()).containsExactly(0);
        assertThat(otel.spans()).as("spans after the service went: %s", names()).hasSize(before);
    }

    // ---- helpers --------------------------------------------------------------------------------

    /** The one span named {@code name} of {@code kind}, once it has ended (a turn ends just after its answer). */
    SpanData span(String name, SpanKind kind) {
        eventually(() -> otel.spans().stream().anyMatch(s -> s.getName().equals(name) && s.getKind() == kind),
                "a " + kind + " span '" + name + "'");
        List<SpanData> found = otel.spans().stream().filter(s -> s.getName().equals(name) && s.getKind() == kind).toList();
        assertThat(found).as("%s spans '%s' among %s", kind, name, names()).hasSize(1);
        return found.get(0);
    }

    List<String> names() {
        return otel.spans().stream().map(s -> s.getKind() + " " + s.getName()).toList();
    }

    static void assertChildOf(SpanData child, SpanData parent) {
        assertThat(child.getTraceId()).as("trace of %s", child.getName()).isEqualTo(parent.getTraceId());
        assertThat(child.getParentSpanId()).as("parent of %s %s", child.getKind(), child.getName())
                .isEqualTo(parent.getSpanId());
    }

    /** A successful turn of {@code component}, for a message from {@code sender}. */
    static void assertTurn(SpanData turn, String component, String sender) {
        assertThat(attribute(turn, "wharf.component")).isEqualTo(component);
        assertThat(attribute(turn, "wharf.sender")).isEqualTo(sender);
        assertThat(turn.getAttributes().get(AttributeKey.longKey("wharf.instance"))).isNotNull();
        assertThat(attribute(turn, "wharf.outcome")).isEqualTo("ok");
        assertThat(turn.getStatus().getStatusCode()).isNotEqualTo(StatusCode.ERROR);
    }

    /** A successful ask from {@code sender} to {@code target}, from its sending to its answer. */
    static void assertAsk(SpanData ask, String sender, String target) {
        assertThat(attribute(ask, "wharf.sender")).isEqualTo(sender);
        assertThat(attribute(ask, "wharf.target")).isEqualTo(target);
        assertThat(attribute(ask, "wharf.outcome")).isEqualTo("ok");
    }

    /** Metric {@code name} of the runtime's meter in a new collection. */
    Optional<MetricData> metric(String name) {
        return otel.collect().stream().filter(m -> m.getName().equals(name)
                && m.getInstrumentationScopeInfo().getName().equals("dev.wharf.runtime")).findFirst();
    }

    Optional<HistogramPointData> latency(String component) {
        return metric("wharf.call.latency").flatMap(m -> m.getHistogramData().getPoints().stream()
                .filter(p -> component.equals(component(p.getAttributes()))).findFirst());
    }

    static String component(Attributes attributes) {
        return attributes.get(AttributeKey.stringKey("wharf.component"));
    }
}
