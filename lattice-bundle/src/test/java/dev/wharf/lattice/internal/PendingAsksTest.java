package dev.wharf.lattice.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.api.CallTimeoutException;
import dev.wharf.api.ComponentId;
import dev.wharf.api.ErrorCode;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class PendingAsksTest {

    private static final ComponentId WORKER = ComponentId.of("worker");

    @Test
    void anAskFailsAtItsDeadlineAndNotBefore() {
        PendingAsks asks = new PendingAsks(10);
        long start = System.nanoTime();
        CompletableFuture<byte[]> f = asks.open(WORKER, 100);
        asks.expire(start + TimeUnit.MILLISECONDS.toNanos(50));
        assertThat(f).isNotDone();
        asks.expire(start + TimeUnit.MILLISECONDS.toNanos(200));
        assertThat(f).isCompletedExceptionally();
        assertThat(f.handle((r, x) -> x).join()).isInstanceOf(CallTimeoutException.class)
                .hasMessage("no reply from component 'worker' within 100 ms");
        assertThat(asks.size()).isZero();
    }

    @Test
    void atMostMaxWaitAndAnsweredOnesMakeRoom() {
        PendingAsks asks = new PendingAsks(2);
        CompletableFuture<byte[]> a = asks.open(WORKER, 1000);
        asks.open(WORKER, 1000);
        assertThat(asks.open(WORKER, 1000)).isNull();
        assertThat(PendingAsks.tooMany(2).code()).isEqualTo(ErrorCode.LATTICE_UNAVAILABLE);
        a.complete(new byte[0]);
        assertThat(asks.size()).isEqualTo(1);
        assertThat(asks.open(WORKER, 1000)).isNotNull();
    }

    @Test
    void aLostConnectionFailsEveryPendingAsk() {
        PendingAsks asks = new PendingAsks(10);
        CompletableFuture<byte[]> a = asks.open(WORKER, 1000);
        CompletableFuture<byte[]> b = asks.open(WORKER, 1000);
        asks.failAll(NatsLattice.unavailable("lost"));
        for (CompletableFuture<byte[]> f : java.util.List.of(a, b)) {
            assertThat(f).isCompletedExceptionally();
            try {
                f.join();
            } catch (CompletionException e) {
                assertThat(e.getCause()).hasMessage("lost");
            }
        }
        assertThat(asks.size()).isZero();
    }
}
