package dev.wharf.itest;

import static dev.wharf.itest.InstancePools.WAIT;
import static dev.wharf.itest.InstancePools.instances;
import static dev.wharf.itest.WharfTestSupport.await;
import static dev.wharf.itest.WharfTestSupport.eventually;
import static dev.wharf.itest.WharfTestSupport.fromHost;
import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.api.Codec;
import dev.wharf.api.ComponentId;
import dev.wharf.api.ComponentMetadata;
import dev.wharf.api.ComponentState;
import dev.wharf.api.Delivery;
import dev.wharf.api.GuestTrapException;
import dev.wharf.api.MessageDispatcher;
import dev.wharf.api.MessageHandler;
import dev.wharf.api.WharfException;
import dev.wharf.api.runtime.ComponentRuntime;
import dev.wharf.api.runtime.InstanceStats;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.junit5.context.BundleContextExtension;
import org.osgi.test.junit5.service.ServiceExtension;

/**
 * Instance pools ({@code instances=N}), in Felix and in Equinox, with pool-worker
 * (src/test/wat/pool-worker.wat): several senders' messages spread over several instances and
 * each sender's keep their order; a trap restarts the one instance it happened in while another
 * finishes a long call; instances start as the load needs them and are given back after
 * {@code instance-idle-ms}. Under load with updates and the memory budget: {@link InstancesUnderLoadIT}.
 */
@ExtendWith(BundleContextExtension.class)
@ExtendWith(ServiceExtension.class)
class InstancesIT {

    @InjectBundleContext
    BundleContext context;

    @InjectService(timeout = 10_000)
    ComponentRuntime runtime;

    @InjectService(timeout = 10_000)
    MessageDispatcher dispatcher;

    @InjectService(timeout = 10_000)
    ConfigurationAdmin cm;

    ComponentBundles bundles;
    final List<Bundle> installed = new ArrayList<>();
    final List<ServiceRegistration<?>> registrations = new ArrayList<>();
    final List<InstancePools.Setting> settings = new ArrayList<>();
    ExecutorService executor;

    @BeforeEach
    void setUp() {
        bundles = new ComponentBundles(context);
        executor = Executors.newCachedThreadPool();
    }

    @AfterEach
    void tearDown() throws Exception {
        executor.shutdownNow();
        WharfTestSupport.uninstall(installed);
        registrations.forEach(ServiceRegistration::unregister);
        for (InstancePools.Setting s : settings) {
            s.restore();
        }
    }

    Bundle start(String header, Map<String, byte[]> entries) {
        Bundle b = bundles.start(header, entries);
        installed.add(b);
        return b;
    }

    Bundle startWorker(String id, String attributes) {
        Bundle b = start("pool-worker.wasm;id=" + id + ";" + attributes, Map.of("pool-worker.wasm", InstancePools.worker(1)));
        WharfTestSupport.wasmComponent(context, id);
        InstancePools.calibrate(dispatcher, id);
        return b;
    }

    @Test
    void eachSendersMessagesKeepTheirOrderWhileSeveralInstancesServe() throws Exception {
        // the collector: a Java component that records, per sender (and tag), the sequence numbers pool.order forwards
        Map<String, List<Integer>> seen = new ConcurrentHashMap<>();
        AtomicInteger collected = new AtomicInteger();
        MessageHandler collector = m -> {
            byte[] body = Codec.BORSH.body(m.payload());
            int slash = 0;
            while (body[slash] != '/') {
                slash++;
            }
            String sender = new String(body, 0, slash, StandardCharsets.UTF_8);
            int seq = ByteBuffer.wrap(body, slash + 1, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
            String tag = new String(body, slash + 5, body.length - slash - 5, StandardCharsets.UTF_8);
            seen.computeIfAbsent(tag.isEmpty() ? sender : sender + "/" + tag,
                    k -> Collections.synchronizedList(new ArrayList<>())).add(seq);
            collected.incrementAndGet();
        };
        registrations.add(context.registerService(MessageHandler.class, collector, new Hashtable<>(Map.of(
                MessageHandler.COMPONENT_ID, "pool.collector", MessageHandler.RECEIVE_FROM, "pool.order",
                MessageHandler.RATE_LIMIT, "1000000"))));
        eventually(() -> runtime.component(ComponentId.of("pool.collector")).isPresent(), "the collector registered");
        // three sender components, pool-relay, and the pool: each of its messages computes, then is forwarded
        String relays = "abc".chars().mapToObj(c -> "pool-relay.wasm;id=pool.relay." + (char) c + ";send-to=pool.order")
                .reduce((x, y) -> x + ", " + y).orElseThrow();
        start("pool-worker.wasm;id=pool.order;instances=4;receive-from=\"pool.relay.*\";send-to=pool.collector;"
                + "rate-limit=1000000;timeout-ms=5000, " + relays,
                Map.of("pool-worker.wasm", InstancePools.worker(1), "pool-relay.wasm", ComponentBundles.guest("pool-relay")));
        WharfTestSupport.wasmComponent(context, "pool.order");
        InstancePools.calibrate(dispatcher, "pool.order");
        InstancePools.growTo(dispatcher, runtime, "pool.order", 4);
        Map<Integer, Long> inBefore = new HashMap<>();
        instances(runtime, "pool.order").forEach(i -> inBefore.put(i.number(), i.messagesIn()));

        // two host threads, each a sender of its own, tell 60 numbered messages each
        int perThread = 60;
        List<CompletableFuture<Void>> hostSenders = new ArrayList<>();
        for (int t = 0; t < 2; t++) {
            String tag = "t" + t;
            hostSenders.add(CompletableFuture.runAsync(() -> {
                for (int seq = 0; seq < perThread; seq++) {
                    Delivery d = dispatcher.tell(fromHost("pool.order", InstancePools.forwardAfter(0.3, seq, tag)));
                    assertThat(d.accepted()).as("tell %d of %s", seq, tag).isTrue();
                }
            }, executor));
        }
        // the three relays send bursts of 20, three rounds each, all at once
        int rounds = 3;
        int burst = 20;
        List<CompletableFuture<byte[]>> bursts = new ArrayList<>();
        for (int r = 0; r < rounds; r++) {
            for (char relay = 'a'; relay <= 'c'; relay++) {
                bursts.add(dispatcher.ask(fromHost("pool.relay." + relay, InstancePools.burst(r * burst, burst, 0.3)), WAIT)
                        .toCompletableFuture());
            }
        }
        for (CompletableFuture<byte[]> f : bursts) {
            assertThat(Args.borshBody(await(f)).getInt()).as("messages a relay's burst got accepted").isEqualTo(burst);
        }
        hostSenders.forEach(WharfTestSupport::await);
        int expected = 3 * rounds * burst + 2 * perThread;
        eventually(() -> collected.get() >= expected, expected + " messages forwarded to the collector");

        // each sender's messages arrived in the order it sent them, every one once
        assertThat(seen).containsOnlyKeys("pool.relay.a", "pool.relay.b", "pool.relay.c", "host/t0", "host/t1");
        seen.forEach((sender, seqs) -> assertThat(seqs).as("the messages of %s as the pool handled them", sender)
                .containsExactlyElementsOf(IntStream.range(0, sender.startsWith("host") ? perThread : rounds * burst)
                        .boxed().toList()));
        assertThat(collected.get()).isEqualTo(expected);
        // and more than one instance served them
        List<InstanceStats> after = instances(runtime, "pool.order");
        long served = after.stream().filter(i -> i.messagesIn() > inBefore.getOrDefault(i.number(), 0L)).count();
        System.out.println("InstancesIT: the ordered messages went through " + served + " instances: " + after);
        assertThat(served).as("instances that took some of the messages: " + after).isGreaterThanOrEqualTo(2);
        assertThat(InstancePools.stats(runtime, "pool.order").messagesFailed()).isZero();
    }

    @Test
    void aTrapRestartsTheInstanceItHappenedInWhileAnotherFinishesItsLongCall() throws Exception {
        String id = "pool.trap";
        startWorker(id, "instances=2;timeout-ms=5000");
        InstancePools.growTo(dispatcher, runtime, id, 2);

        // a call of about 800 ms in one instance, from a thread of its own (a sender of its own)
        long t0 = System.nanoTime();
        CompletableFuture<byte[]> longCall = CompletableFuture.supplyAsync(() -> dispatcher.askAndWait(
                fromHost(id, InstancePools.replyAfter(800, "long call")), WAIT), executor);
        eventually(() -> instances(runtime, id).stream().anyMatch(InstanceStats::busy) || longCall.isDone(),
                "the long call under way");
        int busy = instances(runtime, id).stream().filter(InstanceStats::busy).findFirst().orElseThrow().number();
        long busySeen = System.nanoTime() - t0;
        // meanwhile a message that traps goes to the other instance
        WharfException trap = WharfTestSupport.failure(dispatcher.ask(fromHost(id, InstancePools.trap()), WAIT));
        assertThat(trap).isInstanceOf(GuestTrapException.class);
        long trapped = System.nanoTime() - t0;
        assertThat(longCall).as("the long call still under way when the trap was answered").isNotDone();

        // the long call was not interrupted: its reply comes back whole
        byte[] reply = longCall.get(30, TimeUnit.SECONDS);
        System.out.printf("InstancesIT: the long call seen busy after %d ms, the trap answered after %d ms, "
                + "the long call after %d ms%n", TimeUnit.NANOSECONDS.toMillis(busySeen), TimeUnit.NANOSECONDS.toMillis(trapped), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
        assertThat(InstancePools.version(reply)).isEqualTo('1');
        assertThat(InstancePools.tag(reply)).isEqualTo("long call");

        // one instance restarted, the other not; the component as a whole stayed READY
        eventually(() -> instances(runtime, id).stream().mapToInt(InstanceStats::restarts).sum() == 1
                && instances(runtime, id).stream().allMatch(i -> i.state() == ComponentState.READY),
                "one restart, every instance ready again");
        List<InstanceStats> now = instances(runtime, id);
        assertThat(now).hasSize(2);
        assertThat(now).filteredOn(i -> i.restarts() == 1).singleElement()
                .satisfies(i -> assertThat(i.number()).as("the instance restarted").isNotEqualTo(busy));
        assertThat(now).filteredOn(i -> i.number() == busy).singleElement()
                .satisfies(i -> assertThat(i.restarts()).isZero());
        ComponentMetadata m = runtime.component(ComponentId.of(id)).orElseThrow().metadata();
        assertThat(m.restartCount()).isEqualTo(1);
        assertThat(m.state()).isEqualTo(ComponentState.READY);
        // both serve on
        List<CompletableFuture<byte[]>> more = IntStream.range(0, 2).mapToObj(i -> CompletableFuture.supplyAsync(() ->
                dispatcher.askAndWait(fromHost(id, InstancePools.replyAfter(20, "after " + i)), WAIT), executor)).toList();
        for (int i = 0; i < 2; i++) {
            assertThat(InstancePools.tag(more.get(i).get(30, TimeUnit.SECONDS))).isEqualTo("after " + i);
        }
    }

    @Test
    void theSenderOfAMessageThatTrappedIsServedOnByAnotherInstanceWithoutWaitingForTheRestart() {
        String id = "pool.trap.sender";
        startWorker(id, "instances=2;timeout-ms=5000");
        InstancePools.growTo(dispatcher, runtime, id, 2);
        // the sender has nothing under way once its trap is answered: its next message may go to the idle instance
        WharfException trap = WharfTestSupport.failure(dispatcher.ask(fromHost(id, InstancePools.trap()), WAIT));
        assertThat(trap).isInstanceOf(GuestTrapException.class);
        byte[] next = dispatcher.askAndWait(fromHost(id, InstancePools.replyAfter(1, "next")), WAIT);
        List<InstanceStats> now = instances(runtime, id);
        assertThat(InstancePools.tag(next)).isEqualTo("next");
        // the restart comes 100 ms after the trap: the next answer came from the other instance before
        assertThat(now).as("instances when the next message was answered").allSatisfy(i -> assertThat(i.restarts()).isZero());
    }

    @Test
    void instancesStartAsTheLoadNeedsThemAndGoBackAfterInstanceIdleMs() throws Exception {
        settings.add(new InstancePools.Setting(cm, "dev.wharf.dispatcher", "instance-idle-ms", 200L));
        InstancePools.awaitServiceProperties(context, "dev.wharf.runtime.internal.actor.ActorSystem", "(instance-idle-ms=200)");
        String id = "pool.idle";
        startWorker(id, "instances=4");
        // at rest: the first instance only, and one sender after the other needs no other
        assertThat(instances(runtime, id)).singleElement().satisfies(i -> assertThat(i.number()).isEqualTo(1));
        for (int i = 0; i < 20; i++) {
            assertThat(InstancePools.tag(dispatcher.askAndWait(fromHost(id, InstancePools.replyAfter(1, "one " + i)), WAIT)))
                    .isEqualTo("one " + i);
        }
        assertThat(instances(runtime, id)).hasSize(1);

        // under a load from four threads, more
        int most;
        try (InstancePools.Load load = new InstancePools.Load(4, t -> assertThat(InstancePools.tag(dispatcher.askAndWait(
                fromHost(id, InstancePools.replyAfter(2, "load " + t)), WAIT))).isEqualTo("load " + t))) {
            eventually(() -> instances(runtime, id).size() > 1 || !load.failures.isEmpty(), "more than one instance");
            most = instances(runtime, id).size();
            load.stop();
            assertThat(load.failures).isEmpty();
        }
        assertThat(most).isBetween(2, 4);
        // once the load stops, the others are given back after 200 to 400 ms without a message
        long stopped = System.nanoTime();
        eventually(() -> instances(runtime, id).size() == 1, "back to one instance");
        long back = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stopped);
        System.out.println("InstancesIT: " + most + " instances under load, back to 1 in " + back + " ms");
        assertThat(back).as("ms until the instances beyond the first were given back").isLessThan(3000);
        assertThat(instances(runtime, id)).singleElement().satisfies(i -> {
            assertThat(i.number()).isEqualTo(1);
            assertThat(i.state()).isEqualTo(ComponentState.READY);
        });
        assertThat(InstancePools.tag(dispatcher.askAndWait(fromHost(id, InstancePools.replyAfter(1, "still")), WAIT)))
                .isEqualTo("still");
        assertThat(InstancePools.stats(runtime, id).messagesFailed()).isZero();
    }
}
