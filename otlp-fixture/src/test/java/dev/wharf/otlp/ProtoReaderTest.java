package dev.wharf.otlp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProtoReaderTest {

    @Test
    void readsEveryWireTypeAndSkipsWhatIsNotAskedFor() {
        byte[] bytes = new Proto().varint(1, 300).fixed64(2, -5).fixed32(3, 7).string(4, "wharf")
                .message(5, new Proto().varint(1, Long.MAX_VALUE)).varint(99, 1).dbl(6, 2.5).toBytes();
        ProtoReader r = new ProtoReader(bytes);
        List<Object> seen = new ArrayList<>();
        while (r.next()) {
            switch (r.field()) {
                case 1 -> seen.add(r.varintValue());
                case 2 -> seen.add(r.fixed64Value());
                case 4 -> seen.add(r.stringValue());
                case 5 -> {
                    ProtoReader nested = r.messageValue();
                    assertThat(nested.next()).isTrue();
                    seen.add(nested.varintValue());
                    assertThat(nested.next()).isFalse();
                }
                case 6 -> seen.add(r.doubleValue());
                default -> { } // 3 and 99 are skipped by next()
            }
        }
        assertThat(seen).containsExactly(300L, -5L, "wharf", Long.MAX_VALUE, 2.5);
    }

    @Test
    void negativeVarintsTakeTenBytes() {
        ProtoReader r = new ProtoReader(new Proto().varint(1, -1).toBytes());
        assertThat(r.next()).isTrue();
        assertThat(r.varintValue()).isEqualTo(-1L);
    }

    @Test
    void repeatedFixed64PackedOrNot() {
        List<Long> packed = new ArrayList<>();
        ProtoReader r = new ProtoReader(new Proto().packedFixed64(6, 1, 2, 3).fixed64(6, 4).toBytes());
        while (r.next()) {
            r.addFixed64s(packed);
        }
        assertThat(packed).containsExactly(1L, 2L, 3L, 4L);
    }

    @Test
    void malformedBytesAreRefused() {
        assertThatThrownBy(() -> drain(new byte[] {0x0a, 0x05, 'a'})).isInstanceOf(ProtoReader.MalformedException.class)
                .hasMessageContaining("5 bytes but 1 are left");
        assertThatThrownBy(() -> drain(new byte[] {0x08, (byte) 0x80})).hasMessageContaining("truncated");
        assertThatThrownBy(() -> drain(new byte[] {0x0b})).hasMessageContaining("unsupported wire type 3");
        assertThatThrownBy(() -> drain(new byte[] {0x00})).hasMessageContaining("field number 0");
        ProtoReader r = new ProtoReader(new Proto().varint(1, 1).toBytes());
        r.next();
        assertThatThrownBy(r::stringValue).hasMessageContaining("wire type 0, expected 2");
    }

    private static void drain(byte[] bytes) {
        ProtoReader r = new ProtoReader(bytes);
        while (r.next()) {
            r.skip();
        }
    }
}
