package dev.wharf.runtime.internal.actor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wharf.api.ComponentId;
import dev.wharf.api.ComponentState;
import dev.wharf.api.GuestTrapException;
import dev.wharf.api.RestartPolicy;
import dev.wharf.api.runtime.InstanceStats;
import dev.wharf.runtime.internal.guest.FakeGuest;
import dev.wharf.runtime.internal.guest.FakeModule;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A component with several instances, on fake guests: order per sender, lazy start, idle return, one restart. */
class InstancesTest {

    /** Records what each instance saw, and burns a little time per message so several instances are needed. */
    private static class Recording implements FakeModule.Script {
        final List<String> seen = new CopyOnWriteArrayList<>();
        final Map<Integer, Integer> byInstance = new ConcurrentHashMap<>();
        volatile CountDownLatch hold = new CountDownLatch(0);

        @Override
        public byte[] deliver(FakeGuest g, ComponentId sender, byte[] payload, boolean request) {
            String text = new String(payload, StandardCharsets.UTF_8);
            if (text.equals("trap")) {
                throw new IllegalStateException("asked to trap");
            }
            if (text.equals("hold")) {
                try {
                    hold.await();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            }
            long end = System.nanoTime() + TimeUnit.MICROSECONDS.toNanos(50);
            while (System.nanoTime() < end) {
                Thread.onSpinWait();
            }
            seen.add(text);
            byInstance.merge(g.number, 1, Integer::sum);
            return request ? (g.number + ":" + text).getBytes(StandardCharsets.UTF_8) : null;
        }
    }

    /** An ask from a thread of its own: another sender than the test's thread. */
    private static CompletableFuture<byte[]> askFromAnotherThread(ComponentActor a, String text) throws InterruptedException {
        List<CompletableFuture<byte[]>> out = new ArrayList<>();
        Thread t = new Thread(() -> out.add(Harness.ask(a, text)), "another-sender");
        t.start();
        t.join();
        return out.get(0);
    }

    private static ComponentActor pooled(Harness h, FakeModule m, int instances) {
        ComponentActor a = h.actor("pool", m, Harness.limits(2000, RestartPolicy.PERMANENT, 5, instances));
        a.start();
        return a;
    }

    @Test
    void keepsTheOrderOfEachSenderAndSpreadsSendersOverInstances() throws Exception {
        FakeModule m = new FakeModule();
        Recording r = new Recording();
        m.script = r;
        try (Harness h = new Harness(true)) {
            ComponentActor a = pooled(h, m, 4);
            assertEquals(1, a.instances().size(), "one instance at rest");
            List<Thread> senders = new ArrayList<>();
            List<CompletableFuture<byte[]>> last = new CopyOnWriteArrayList<>();
            for (int s = 0; s < 4; s++) {
                String tag = "s" + s;
                // bursts of 10: between them a sender has nothing under way and may go to another instance
                Thread t = new Thread(() -> {
                    for (int n = 0; n < 200; n++) {
                        CompletableFuture<byte[]> reply = Harness.ask(a, tag + ":" + n);
                        if (n % 10 == 9) {
                            reply.join();
                        }
                        if (n == 199) {
                            last.add(reply);
                        }
                    }
                }, "sender-" + s);
                senders.add(t);
                t.start();
            }
            for (Thread t : senders) {
                t.join();
            }
            for (CompletableFuture<byte[]> reply : last) {
                Harness.text(reply);
            }
            assertTrue(Harness.eventually(() -> r.seen.size() == 800), "every message handled: " + r.seen.size());
            for (int s = 0; s < 4; s++) {
                String tag = "s" + s + ":";
                List<Integer> order = r.seen.stream().filter(x -> x.startsWith(tag))
                        .map(x -> Integer.parseInt(x.substring(tag.length()))).toList();
                for (int n = 0; n < order.size(); n++) {
                    assertEquals(n, order.get(n), "sender " + s + " kept its order");
                }
            }
            assertTrue(r.byInstance.size() > 1, "more than one instance served: " + r.byInstance);
            assertTrue(a.instances().size() <= 4);
            assertEquals(800, a.stats().messagesIn());
        }
    }

    @Test
    void givesIdleInstancesBackAndKeepsTheFirst() throws Exception {
        FakeModule m = new FakeModule();
        Recording r = new Recording();
        m.script = r;
        try (Harness h = new Harness(true, 50)) {
            ComponentActor a = pooled(h, m, 3);
            r.hold = new CountDownLatch(1);
            List<CompletableFuture<byte[]>> held = new ArrayList<>();
            held.add(Harness.ask(a, "hold"));
            assertTrue(Harness.eventually(a::busy));
            // the first is busy: another instance starts for what comes next
            held.add(askFromAnotherThread(a, "hold"));
            assertTrue(Harness.eventually(() -> a.instances().size() == 2), "a second instance started");
            r.hold.countDown();
            for (CompletableFuture<byte[]> f : held) {
                Harness.text(f);
            }
            assertTrue(Harness.eventually(() -> a.instances().size() == 1), "the idle instance was given back");
            assertEquals(1, a.instances().get(0).number());
            assertEquals(2, m.created.get());
            assertTrue(Harness.eventually(() -> m.closed.get() == 1), "its guest closed");
            assertTrue(m.events.contains("2:cleanup"), "with its cleanup: " + m.events);
            assertEquals(2, a.stats().messagesIn(), "its figures stay the component's");
            assertEquals("1:again", Harness.text(Harness.ask(a, "again")).substring(0, 7));
        }
    }

    @Test
    void aTrapRestartsThatInstanceAloneWhileTheOthersServe() throws Exception {
        FakeModule m = new FakeModule();
        Recording r = new Recording();
        m.script = r;
        try (Harness h = new Harness(true)) {
            ComponentActor a = pooled(h, m, 2);
            r.hold = new CountDownLatch(1);
            CompletableFuture<byte[]> slow = Harness.ask(a, "hold");
            assertTrue(Harness.eventually(a::busy));
            CompletableFuture<byte[]> second = askFromAnotherThread(a, "hold");
            assertTrue(Harness.eventually(() -> a.instances().size() == 2
                    && a.instances().get(1).state() == ComponentState.READY));
            r.hold.countDown();
            Harness.text(slow);
            Harness.text(second);
            // one instance holds a long call; the trap goes to the idle one
            r.hold = new CountDownLatch(1);
            CompletableFuture<byte[]> held = Harness.ask(a, "hold");
            assertTrue(Harness.eventually(a::busy));
            ExecutionException trap = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                    () -> askFromAnotherThread(a, "trap").get(5, TimeUnit.SECONDS));
            assertInstanceOf(GuestTrapException.class, trap.getCause());
            assertTrue(Harness.eventually(() -> a.instances().stream().mapToInt(InstanceStats::restarts).sum() == 1
                    && a.instances().stream().allMatch(i -> i.state() == ComponentState.READY)), "restarted: " + a.instances());
            assertEquals(ComponentState.READY, a.state(), "the component served throughout");
            r.hold.countDown();
            assertTrue(Harness.text(held).endsWith(":hold"), "the long call in the other instance was not disturbed");
            assertEquals(1, a.restartCount());
            assertTrue(a.metadata().restarts().get(0).detail().startsWith("instance "), a.metadata().restarts().toString());
            assertTrue(Harness.eventually(() -> !h.published.isEmpty()
                    && h.published.get(h.published.size() - 1).restartCount() == 1), "the registry heard of the restart");
        }
    }

    @Test
    void aStopWhileAnInstanceRestartsDrainsItsMailboxAtOnce() throws Exception {
        FakeModule m = new FakeModule();
        CountDownLatch restartMayEnd = new CountDownLatch(1);
        Recording r = new Recording() {
            @Override
            public void initialize(FakeGuest g) {
                if (g.number > 1) {
                    try {
                        restartMayEnd.await(); // the restart's new guest takes its time
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                }
            }
        };
        m.script = r;
        try (Harness h = new Harness(true)) {
            ComponentActor a = pooled(h, m, 1);
            assertInstanceOf(ExecutionException.class, org.junit.jupiter.api.Assertions.assertThrows(Exception.class,
                    () -> Harness.ask(a, "trap").get(5, TimeUnit.SECONDS)));
            assertTrue(Harness.eventually(() -> m.created.get() == 2), "the restart is under way");
            CompletableFuture<byte[]> waiting = Harness.ask(a, "waits for the restart");
            org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(30), () -> a.stop(60_000));
            ExecutionException why = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                    () -> waiting.get(5, TimeUnit.SECONDS));
            assertInstanceOf(dev.wharf.api.ComponentUnavailableException.class, why.getCause());
            assertEquals(ComponentState.STOPPED, a.state());
            restartMayEnd.countDown();
        }
    }
}
