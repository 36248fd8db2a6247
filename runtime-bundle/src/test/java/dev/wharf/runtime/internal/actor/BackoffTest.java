package dev.wharf.runtime.internal.actor;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BackoffTest {

    @Test
    void startsAt100MsDoublesAndIsCappedAt30s() {
        assertThat(ComponentActor.backoffMs(1)).isEqualTo(100);
        assertThat(ComponentActor.backoffMs(2)).isEqualTo(200);
        assertThat(ComponentActor.backoffMs(3)).isEqualTo(400);
        assertThat(ComponentActor.backoffMs(9)).isEqualTo(25_600);
        assertThat(ComponentActor.backoffMs(10)).isEqualTo(30_000);
        assertThat(ComponentActor.backoffMs(1000)).isEqualTo(30_000);
    }
}
