package dev.wharf.runtime.internal.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** How wasm:call prints a function's output: its text when it is UTF-8, else marked base64. */
class PayloadTextTest {

    @Test
    void utf8IsPrintedAsTextAndAnythingElseAsMarkedBase64() {
        assertThat(PayloadText.output("Hello, Wörld ✓".getBytes(StandardCharsets.UTF_8))).isEqualTo("Hello, Wörld ✓");
        assertThat(PayloadText.output(new byte[0])).isEmpty();
        assertThat(PayloadText.output(new byte[] {(byte) 0xA9, (byte) 0xC3})).isEqualTo("(base64) qcM=");
        assertThat(PayloadText.output(new byte[] {0, 1, 2, (byte) 0xFF})).isEqualTo("(base64) AAEC/w==");
    }
}
