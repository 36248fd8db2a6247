package dev.wharf.capabilities.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.api.ErrorCode;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConfigCapabilityTest {

    final ConfigCapability config = new ConfigCapability();
    final FakeCall c = new FakeCall(FakeCall.spec("a", List.of(), 0));

    @Test
    void answersTheValueAsUtf8() throws Exception {
        c.config.put("greeting", "grüß dich");
        int out = c.out();
        assertThat(c.call(config, "get", c.put("greeting"), 8, out)).isZero();
        assertThat(c.returnedText(out)).isEqualTo("grüß dich");
    }

    @Test
    void anEmptyValueIsReturnedWithoutAllocating() throws Exception {
        c.config.put("empty", "");
        int out = c.out();
        assertThat(c.call(config, "get", c.put("empty"), 5, out)).isZero();
        assertThat(c.returned(out)).isEmpty();
        assertThat(c.allocations).isZero();
    }

    @Test
    void anAbsentKeyIsNotFound() throws Exception {
        c.config.put("other", "x");
        assertThat(c.call(config, "get", c.put("missing"), 7, c.out())).isEqualTo(-ErrorCode.NOT_FOUND.code());
    }

    @Test
    void eachCallSeesTheConfigurationOfTheMoment() throws Exception {
        int key = c.put("k");
        assertThat(c.call(config, "get", key, 1, c.out())).isEqualTo(-ErrorCode.NOT_FOUND.code());
        c.config.put("k", "now");
        int out = c.out();
        assertThat(c.call(config, "get", key, 1, out)).isZero();
        assertThat(c.returnedText(out)).isEqualTo("now");
    }

    @Test
    void aKeyOutsideTheMemoryIsOutOfBounds() throws Exception {
        assertThat(c.call(config, "get", 0xFFFF_0000L, 0x10000, c.out())).isEqualTo(-ErrorCode.OUT_OF_BOUNDS.code());
    }

    @Test
    void listAnswersEveryKeyAndValueInKeyOrder() throws Exception {
        c.config.put("b", "zwei");
        c.config.put("a", "ünö");
        int out = c.out();
        assertThat(c.call(config, "list", out)).isEqualTo(2);
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(c.returned(out)).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        List<String> parts = new java.util.ArrayList<>();
        while (b.hasRemaining()) {
            byte[] part = new byte[b.getInt()];
            b.get(part);
            parts.add(new String(part, java.nio.charset.StandardCharsets.UTF_8));
        }
        assertThat(parts).containsExactly("a", "ünö", "b", "zwei");
    }

    @Test
    void listOfNoValuesIsZeroAndEmpty() throws Exception {
        int out = c.out();
        assertThat(c.call(config, "list", out)).isZero();
        assertThat(c.returned(out)).isEmpty();
    }
}
