package dev.wharf.runtime.internal.actor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wharf.api.CallTimeoutException;
import dev.wharf.api.ComponentId;
import dev.wharf.api.GuestTrapException;
import dev.wharf.api.UnknownExportException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CallGuardTest {

    private final ComponentId id = ComponentId.of("guarded");
    private final CallGuard guard = new CallGuard(id, 1000);
    private final Watchdog watchdog = new Watchdog(1);

    @AfterEach
    void stop() {
        watchdog.stop();
    }

    @Test
    void aCallInTimeReturnsItsResultAndLeavesTheGuardIdle() {
        assertThat(guard.run("add", 1000, () -> 5)).isEqualTo(5);
        assertThat(guard.busy()).isFalse();
        assertThat(guard.checkDeadline(System.nanoTime() + TimeUnit.HOURS.toNanos(1))).isFalse();
    }

    @Test
    void aCallPastItsDeadlineIsInterruptedAndEndsAsATimeout() {
        watchdog.watch(guard);
        long start = System.nanoTime();
        assertThatThrownBy(() -> guard.run("spin", 50, () -> {
            while (!Thread.currentThread().isInterrupted()) {
                Thread.onSpinWait();
            }
            throw new IllegalStateException("interrupted");
        })).isInstanceOf(CallTimeoutException.class).hasMessageContaining("'spin' within 50 ms");
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isGreaterThanOrEqualTo(50);
        // the interrupt never leaks into the next call on this thread
        assertThat(Thread.currentThread().isInterrupted()).isFalse();
        assertThat(guard.busy()).isFalse();
        assertThat(guard.run("next", 1000, () -> "fine")).isEqualTo("fine");
    }

    @Test
    void theDeadlineIsCheckedOnlyWhileRunning() throws Exception {
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread t = new Thread(() -> {
            try {
                guard.run("wait", 10, () -> {
                    inside.countDown();
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return null;
                });
            } catch (CallTimeoutException expected) {
                // the guard turned the interrupt into a timeout
            }
        });
        t.start();
        assertThat(inside.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(guard.busy()).isTrue();
        long later = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
        // a long call, as the pool's compensation counts them
        assertThat(guard.runningLongerThan(TimeUnit.MILLISECONDS.toNanos(500), later)).isTrue();
        assertThat(guard.runningLongerThan(TimeUnit.SECONDS.toNanos(5), later)).isFalse();
        assertThat(guard.checkDeadline(later)).isTrue();
        // interrupted once: a second tick does nothing
        assertThat(guard.checkDeadline(later)).isFalse();
        release.countDown();
        t.join(5000);
        assertThat(t.isAlive()).isFalse();
        assertThat(guard.busy()).isFalse();
        assertThat(guard.runningLongerThan(0, later)).isFalse();
    }

    @Test
    void trapsAndStackOverflowsBecomeGuestTraps() {
        assertThatThrownBy(() -> guard.run("boom", 1000, () -> {
            throw new RuntimeException("unreachable executed");
        })).isInstanceOf(GuestTrapException.class).hasMessageContaining("trapped in 'boom': unreachable executed");
        assertThatThrownBy(() -> guard.run("deep", 1000, () -> {
            throw new StackOverflowError();
        })).isInstanceOf(GuestTrapException.class).hasMessageContaining("call stack exhausted");
    }

    @Test
    void wharfErrorsPassThroughUnchanged() {
        UnknownExportException e = new UnknownExportException(id, "alloc");
        assertThatThrownBy(() -> guard.run("handle-message", 1000, () -> {
            throw e;
        })).isSameAs(e);
    }
}
