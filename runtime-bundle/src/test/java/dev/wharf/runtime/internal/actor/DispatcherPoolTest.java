package dev.wharf.runtime.internal.actor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class DispatcherPoolTest {

    @Test
    void runsEveryTaskOnNamedThreadsAndStops() throws Exception {
        DispatcherPool pool = new DispatcherPool("test-pool", 2, TimeUnit.MICROSECONDS.toNanos(50));
        int tasks = 100_000;
        CountDownLatch done = new CountDownLatch(tasks);
        AtomicInteger wrongThread = new AtomicInteger();
        for (int i = 0; i < tasks; i++) {
            pool.execute(() -> {
                if (!Thread.currentThread().getName().startsWith("test-pool-")) {
                    wrongThread.incrementAndGet();
                }
                done.countDown();
            });
        }
        assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
        assertThat(wrongThread).hasValue(0);
        assertThat(pool.shutdown(5000)).isTrue();
    }

    @Test
    void parkedWorkersWakeUpForWorkAfterIdling() throws Exception {
        DispatcherPool pool = new DispatcherPool("idle-pool", 2, 0);
        for (int round = 0; round < 50; round++) {
            CountDownLatch done = new CountDownLatch(1);
            // let the workers park, then hand them one task
            Thread.yield();
            pool.execute(done::countDown);
            assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(pool.shutdown(5000)).isTrue();
    }

    @Test
    void aTaskLeavesNoInterruptBehind() throws Exception {
        DispatcherPool pool = new DispatcherPool("int-pool", 1, 0);
        CountDownLatch done = new CountDownLatch(1);
        AtomicInteger interrupted = new AtomicInteger(-1);
        pool.execute(() -> Thread.currentThread().interrupt());
        pool.execute(() -> {
            interrupted.set(Thread.currentThread().isInterrupted() ? 1 : 0);
            done.countDown();
        });
        assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(interrupted).hasValue(0);
        pool.shutdown(5000);
    }
}
