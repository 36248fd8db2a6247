package dev.wharf.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CodecTest {

    @Test
    void prefixesAreMulticodecVarints() {
        assertThat(Codec.CBOR.prefix()).containsExactly(0x51);
        assertThat(Codec.JSON.prefix()).containsExactly(0x80, 0x04);
        assertThat(Codec.BORSH.prefix()).containsExactly(0x81, 0x0e);
    }

    @Test
    void detectsEachCodecAndStripsItsPrefix() {
        for (Codec c : Codec.values()) {
            byte[] payload = c.encode(new byte[] {1, 2, 3});
            assertThat(Codec.of(payload)).isEqualTo(c);
            assertThat(c.body(payload)).containsExactly(1, 2, 3);
        }
    }

    @Test
    void unknownOrMalformedPrefixesNameTheBytes() {
        assertThatThrownBy(() -> Codec.of(new byte[] {0x52, 1}))
                .isInstanceOf(UnknownCodecException.class)
                .hasMessageContaining("0x52")
                .extracting(e -> ((WharfException) e).code()).isEqualTo(ErrorCode.UNKNOWN_CODEC);
        assertThatThrownBy(() -> Codec.of(new byte[0])).hasMessageContaining("empty payload");
        assertThatThrownBy(() -> Codec.of(new byte[] {(byte) 0x80})).hasMessageContaining("0x80");
        // 0x51 spelled with a redundant continuation byte is not the CBOR prefix
        assertThatThrownBy(() -> Codec.of(new byte[] {(byte) 0xd1, 0x00})).isInstanceOf(UnknownCodecException.class);
    }

    @Test
    void componentIdsFollowTheSyntax() {
        assertThat(ComponentId.of("billing.eu-1_a").value()).isEqualTo("billing.eu-1_a");
        assertThat(ComponentId.isValid("Calc")).isFalse();
        assertThat(ComponentId.isValid(".calc")).isFalse();
        assertThat(ComponentId.isValid("a".repeat(128))).isTrue();
        assertThat(ComponentId.isValid("a".repeat(129))).isFalse();
        assertThatThrownBy(() -> ComponentId.of("bad id")).hasMessageContaining("'bad id'");
    }
}
