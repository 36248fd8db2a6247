package dev.wharf.runtime.internal.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.api.Codec;
import dev.wharf.api.ComponentId;
import dev.wharf.api.ComponentMessage;
import dev.wharf.api.ErrorCode;
import dev.wharf.api.ValueType;
import dev.wharf.api.http.HttpField;
import dev.wharf.api.http.IncomingRequest;
import dev.wharf.runtime.internal.actor.Harness;
import dev.wharf.runtime.internal.engine.CapabilityImport;
import dev.wharf.runtime.internal.guest.FakeGuest;
import dev.wharf.runtime.internal.guest.FakeModule;
import dev.wharf.runtime.internal.telemetry.Telemetry;
import dev.wharf.runtime.internal.telemetry.TraceParent;
import dev.wharf.runtime.internal.telemetry.TraceSpan;
import dev.wharf.runtime.internal.telemetry.Tracing;
import dev.wharf.runtime.internal.telemetry.otel.OtelTracing;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The runtime's spans, through a real OpenTelemetry SDK with an in-memory exporter: an ask from
 * the host through two components, a tell, a capability call, an Invoke, a trap and an HTTP
 * request that names its parent; each span's parent, kind and outcome.
 */
class MessageTracingTest {

    static final ComponentId A = ComponentId.of("a");
    static final ComponentId B = ComponentId.of("b");
    static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("wharf.outcome");
    static final CapabilityImport KV_GET = new CapabilityImport("kv", "get",
            com.dylibso.chicory.wasm.types.FunctionType.of(List.of(), List.of(com.dylibso.chicory.wasm.types.ValType.I32)),
            List.of(), List.of(ValueType.I32));

    final InMemorySpanExporter spans = InMemorySpanExporter.create();
    final InMemoryMetricReader metrics = InMemoryMetricReader.create();
    final OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
            .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans)).build())
            .setMeterProvider(SdkMeterProvider.builder().registerMetricReader(metrics).build()).build();
    final Harness h = new Harness(new OtelTracing(sdk, "1.0.0"));
    final PolicyGate gate = new PolicyGate(new ActorRoute(h.system), h.watchdog, 5000, 100);
    final MessageRouter router = new MessageRouter(h.system, gate, h.watchdog);

    MessageTracingTest() {
        h.outbox(router);
        gate.bindPolicy(new MessageRouterTest.Recording());
    }

    @AfterEach
    void close() {
        h.close();
        sdk.close();
    }

    static byte[] cbor(String text) {
        return Codec.CBOR.encode(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Waits until {@code n} spans have ended (the last ones end on pool threads). */
    List<SpanData> ended(int n) throws InterruptedException {
        assertThat(Harness.eventually(() -> spans.getFinishedSpanItems().size() >= n)).as("%s", spans.getFinishedSpanItems())
                .isTrue();
        return spans.getFinishedSpanItems();
    }

    static SpanData named(List<SpanData> all, String name, SpanKind kind) {
        return all.stream().filter(s -> s.getName().equals(name) && s.getKind() == kind).findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " span '" + name + "' in " + all));
    }

    @Test
    void anAskThroughTwoComponentsIsOneTraceWithEachStepAChildOfTheOneBefore() throws Exception {
        FakeModule first = new FakeModule();
        first.script = new FakeModule.Script() {
            @Override
            public byte[] deliver(FakeGuest g, ComponentId sender, byte[] payload, boolean request) {
                g.host.send(B, cbor("note"));
                g.host.capability(KV_GET, null, new long[0]);
                return g.host.ask(B, payload, 2000).reply();
            }
        };
        h.started("a", first);
        h.started("b", new FakeModule());
        byte[] answer = router.askAndWait(new ComponentMessage.InterComponent(ComponentId.HOST, A, cbor("hi")),
                Duration.ofSeconds(5));
        assertThat(answer).isEqualTo(cbor("hi"));

        List<SpanData> all = ended(6);
        SpanData root = named(all, "ask a", SpanKind.CLIENT);
        SpanData inA = named(all, "ask a", SpanKind.SERVER);
        SpanData askB = named(all, "ask b", SpanKind.CLIENT);
        SpanData inB = named(all, "ask b", SpanKind.SERVER);
        SpanData tell = named(all, "message b", SpanKind.CONSUMER);
        SpanData kv = named(all, "capability kv get", SpanKind.CLIENT);
        assertThat(root.getParentSpanContext().isValid()).isFalse();
        assertThat(all).allSatisfy(s -> assertThat(s.getTraceId()).isEqualTo(root.getTraceId()));
        assertThat(inA.getParentSpanId()).isEqualTo(root.getSpanId());
        assertThat(askB.getParentSpanId()).isEqualTo(inA.getSpanId());
        assertThat(inB.getParentSpanId()).isEqualTo(askB.getSpanId());
        assertThat(tell.getParentSpanId()).isEqualTo(inA.getSpanId());
        assertThat(kv.getParentSpanId()).isEqualTo(inA.getSpanId());
        assertThat(inA.getAttributes().get(AttributeKey.stringKey("wharf.sender"))).isEqualTo("host");
        assertThat(inB.getAttributes().get(AttributeKey.stringKey("wharf.sender"))).isEqualTo("a");
        assertThat(inA.getAttributes().get(OUTCOME)).isEqualTo("ok");
        // no provider of kv in this runtime: the call's span says so
        assertThat(kv.getAttributes().get(OUTCOME)).isEqualTo(ErrorCode.CAPABILITY_UNAVAILABLE.name());
        assertThat(kv.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
        // the turns' latency is a histogram by component and outcome
        assertThat(metrics.collectAllMetrics()).filteredOn(m -> m.getName().equals("wharf.call.latency"))
                .flatMap(m -> m.getHistogramData().getPoints())
                .anySatisfy(p -> {
                    assertThat(p.getAttributes().get(AttributeKey.stringKey("wharf.component"))).isEqualTo("b");
                    assertThat(p.getCount()).isEqualTo(2);
                });
    }

    @Test
    void aJavaCallersOwnSpanIsTheParentOfItsAsk() throws Exception {
        h.started("a", new FakeModule());
        Span caller = sdk.getTracer("test").spanBuilder("caller").startSpan();
        try (Scope s = caller.makeCurrent()) {
            router.askAndWait(new ComponentMessage.InterComponent(ComponentId.HOST, A, cbor("x")), Duration.ofSeconds(5));
        } finally {
            caller.end();
        }
        List<SpanData> all = ended(3);
        SpanData ask = named(all, "ask a", SpanKind.CLIENT);
        assertThat(ask.getParentSpanId()).isEqualTo(caller.getSpanContext().getSpanId());
        assertThat(named(all, "ask a", SpanKind.SERVER).getParentSpanId()).isEqualTo(ask.getSpanId());
    }

    @Test
    void aTrapAndAnInvokeEndWithTheirOutcome() throws Exception {
        FakeModule module = new FakeModule();
        module.script = new FakeModule.Script() {
            @Override
            public byte[] deliver(FakeGuest g, ComponentId sender, byte[] payload, boolean request) {
                throw new IllegalStateException("boom");
            }
        };
        h.started("a", module);
        assertThat(router.ask(new ComponentMessage.InterComponent(ComponentId.HOST, A, cbor("x")), Duration.ofSeconds(5))
                .toCompletableFuture()).failsWithin(5, TimeUnit.SECONDS);
        List<SpanData> all = ended(2);
        SpanData turn = named(all, "ask a", SpanKind.SERVER);
        assertThat(turn.getAttributes().get(OUTCOME)).isEqualTo(ErrorCode.TRAP.name());
        assertThat(turn.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
        assertThat(named(all, "ask a", SpanKind.CLIENT).getAttributes().get(OUTCOME)).isEqualTo(ErrorCode.TRAP.name());

        spans.reset();
        assertThat(Harness.eventually(() -> h.system.get(A).acceptsMessages())).isTrue();
        router.invoke(A, new ComponentMessage.Invoke("add", Codec.JSON.encode("[2,3]".getBytes())))
                .toCompletableFuture().get(5, TimeUnit.SECONDS);
        SpanData invoke = named(ended(1), "invoke a add", SpanKind.SERVER);
        assertThat(invoke.getAttributes().get(AttributeKey.stringKey("wharf.function"))).isEqualTo("add");
        assertThat(invoke.getAttributes().get(OUTCOME)).isEqualTo("ok");
    }

    @Test
    void anHttpRequestContinuesTheTraceItsTraceparentNames() throws Exception {
        FakeModule module = new FakeModule();
        module.servesHttp = true;
        h.started("a", module);
        String trace = "4bf92f3577b34da6a3ce929d0e0e4736";
        IncomingRequest request = new IncomingRequest("GET", "http", "localhost", "/x",
                List.of(HttpField.of("traceparent", "00-" + trace + "-00f067aa0ba902b7-01")), new byte[0]);
        new HttpRouter(h.system).serve(A, request).toCompletableFuture().get(5, TimeUnit.SECONDS);
        SpanData http = named(ended(1), "http a", SpanKind.SERVER);
        assertThat(http.getTraceId()).isEqualTo(trace);
        assertThat(http.getParentSpanId()).isEqualTo("00f067aa0ba902b7");
        assertThat(http.getParentSpanContext().isRemote()).isTrue();
    }

    @Test
    void withoutOpenTelemetryNothingIsCapturedOrRecorded() {
        Telemetry off = new Telemetry();
        assertThat(off.tracing()).isFalse();
        assertThat(off.capture()).isSameAs(TraceParent.NONE);
        assertThat(off.ask(ComponentId.HOST, A)).isSameAs(TraceSpan.NONE);
        assertThat(off.turn(Tracing.Work.MESSAGE, TraceParent.NONE, A, 1, B, null)).isSameAs(TraceSpan.NONE);
    }
}
