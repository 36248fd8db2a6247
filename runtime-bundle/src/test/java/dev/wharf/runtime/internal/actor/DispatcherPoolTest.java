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

    @Test
    void aLongTurnGetsItsThreadReplacedUpToTheMaximumAndExtrasEndWhenIdle() throws Exception {
        DispatcherPool pool = new DispatcherPool("test-compensate", 1, 3, java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(10), 0);
        try {
            java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
            java.util.concurrent.CountDownLatch started = new java.util.concurrent.CountDownLatch(2);
            for (int i = 0; i < 2; i++) {
                pool.execute(() -> {
                    started.countDown();
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
                // the only free worker is blocked: the second long task needs an extra worker
                long end = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(5);
                while (started.getCount() > 1 - i && System.nanoTime() < end) {
                    pool.compensate(i + 1, 0); // the long calls the watchdog would count
                    Thread.onSpinWait();
                }
            }
            assertThat(started.await(5, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            // two blocked, one free: a quick task still runs at once
            long end = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(5);
            while (pool.workers() < 3 && System.nanoTime() < end) {
                pool.compensate(2, 0);
                Thread.onSpinWait();
            }
            assertThat(pool.workers()).isEqualTo(3);
            java.util.concurrent.CountDownLatch quick = new java.util.concurrent.CountDownLatch(1);
            pool.execute(quick::countDown);
            assertThat(quick.await(5, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            // never beyond the maximum
            pool.compensate(3, 0);
            assertThat(pool.workers()).isEqualTo(3);
            release.countDown();
            // the extra workers end after their keep-alive without work
            end = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
            while (pool.workers() > 1 && System.nanoTime() < end) {
                Thread.onSpinWait();
            }
            assertThat(pool.workers()).isEqualTo(1);
        } finally {
            pool.shutdown(5000);
        }
    }

    @Test
    void threadsParkedInCapabilitiesAreReplacedBeyondTheMaximum() throws Exception {
        DispatcherPool pool = new DispatcherPool("test-parked", 1, 2, java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(10), 0);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        try {
            for (int i = 0; i < 4; i++) {
                pool.execute(() -> {
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
                // every worker so far waits in a capability: the pool adds one, past max-threads (2)
                int parked = i + 1;
                long end = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(5);
                while (pool.workers() < parked + 1 && System.nanoTime() < end) {
                    pool.compensate(0, parked);
                    Thread.onSpinWait();
                }
            }
            assertThat(pool.workers()).isEqualTo(5);
            java.util.concurrent.CountDownLatch quick = new java.util.concurrent.CountDownLatch(1);
            pool.execute(quick::countDown);
            assertThat(quick.await(5, java.util.concurrent.TimeUnit.SECONDS)).as("a free worker beside four parked").isTrue();
            // computing calls still stop at max-threads: 4 parked + 1 computing, max 2 beyond the parked
            pool.compensate(1, 4);
            assertThat(pool.workers()).isEqualTo(6);
            pool.compensate(3, 4);
            assertThat(pool.workers()).isEqualTo(6);
        } finally {
            release.countDown();
            pool.shutdown(5000);
        }
    }
}
