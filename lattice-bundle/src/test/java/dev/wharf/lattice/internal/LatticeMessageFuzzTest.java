package dev.wharf.lattice.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.wharf.api.ComponentId;
import dev.wharf.api.WharfException;
import io.nats.client.Message;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import io.opentelemetry.api.trace.Span;
import java.util.List;

/**
 * What a message from another node carries besides its payload. Its subject is a parsed
 * {@code <to>.<node>.<sender>} with valid ids that writes back as the same subject, or
 * {@code null} (which {@link Inbound} refuses as an unknown target). A reply's headers and data
 * are its payload, or a {@link WharfException} with a code, the only exception
 * {@link Outbound} expects from {@link Replies#read}. Any {@code traceparent} and
 * {@code tracestate} are taken as a trace context or ignored, never thrown over, and leave no
 * context behind once the delivery is over.
 */
class LatticeMessageFuzzTest {

    private static final Subjects SUBJECTS = new Subjects("x");
    private static final ComponentId TO = ComponentId.of("worker");
    private static final List<String> KEYS = List.of("Wharf-Error", "Wharf-Node", "Wharf-Guest-Code",
            TraceHeaders.TRACEPARENT, "tracestate");
    private static final TraceHeaders TRACING = new TraceHeaders();

    @FuzzTest
    void message(FuzzedDataProvider data) {
        String subject = data.consumeString(200);
        Subjects.Addressed a = SUBJECTS.parse(subject);
        if (a != null) {
            assertThat(a.node()).isNotEmpty().doesNotContain(".");
            assertThat(SUBJECTS.message(a.to(), a.node(), a.sender())).isEqualTo(subject);
        }
        Headers headers = new Headers();
        if (data.consumeBoolean()) {
            // the shape of a valid one, so that a trace context is often made current and must be restored
            headers.add(TraceHeaders.TRACEPARENT, hex(data, 1) + "-" + hex(data, 16) + "-" + hex(data, 8) + "-" + hex(data, 1));
        }
        int n = data.consumeInt(0, 6);
        for (int i = 0; i < n; i++) {
            String key = data.consumeBoolean() ? data.pickValue(KEYS) : data.consumeString(20);
            String value = data.consumeString(100);
            try {
                headers.add(key, value);
            } catch (IllegalArgumentException notAHeader) {
                // jnats refuses it before it is sent: no node can receive it
            }
        }
        byte[] payload = data.consumeBoolean() ? null : data.consumeRemainingAsBytes();
        Message reply = NatsMessage.builder().subject("wharf.x.reply.a.1").headers(headers).data(payload).build();
        try (Tracing.Restore restore = TRACING.incoming(reply)) {
            assertThat(restore).isNotNull();
        }
        assertThat(Span.current().getSpanContext().isValid()).as("no trace context left behind").isFalse();
        try {
            byte[] read = Replies.read(reply, TO);
            assertThat(headers.getFirst("Wharf-Error")).isNull();
            assertThat(read).isEqualTo(payload == null ? new byte[0] : payload);
        } catch (WharfException e) {
            assertThat(e.code()).isNotNull();
            assertThat(e.getMessage()).as("names the node that answered").contains("node ");
        }
    }

    private static String hex(FuzzedDataProvider data, int bytes) {
        StringBuilder sb = new StringBuilder(bytes * 2);
        for (byte b : data.consumeBytes(bytes)) {
            sb.append(String.format("%02x", b));
        }
        return sb.toString();
    }
}
