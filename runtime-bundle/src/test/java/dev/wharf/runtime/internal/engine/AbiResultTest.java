package dev.wharf.runtime.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.api.ErrorCode;
import org.junit.jupiter.api.Test;

class AbiResultTest {

    @Test
    void resultsMatchTheGuestContract() {
        assertThat(AbiResult.of(ErrorCode.UNKNOWN_TARGET)).isEqualTo(-1);
        assertThat(AbiResult.of(ErrorCode.DENIED)).isEqualTo(-2);
        assertThat(AbiResult.of(ErrorCode.MAILBOX_FULL)).isEqualTo(-5);
        assertThat(AbiResult.of(ErrorCode.OUT_OF_BOUNDS)).isEqualTo(-7);
        assertThat(AbiResult.of(ErrorCode.NOTHING_TO_REPLY)).isEqualTo(-8);
        // errors the ABI does not define: the policy's as denied, the rest as unknown target
        assertThat(AbiResult.of(ErrorCode.NO_POLICY)).isEqualTo(-2);
        assertThat(AbiResult.of(ErrorCode.UNAVAILABLE)).isEqualTo(-1);
        assertThat(AbiResult.of(ErrorCode.TRAP)).isEqualTo(-1);
    }
}
