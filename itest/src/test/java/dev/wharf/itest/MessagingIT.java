package dev.wharf.itest;

import static dev.wharf.itest.WharfTestSupport.await;
import static dev.wharf.itest.WharfTestSupport.eventually;
import static dev.wharf.itest.WharfTestSupport.failure;
import static dev.wharf.itest.WharfTestSupport.fromHost;
import static dev.wharf.itest.WharfTestSupport.invoke;
import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.api.CallTimeoutException;
import dev.wharf.api.Codec;
import dev.wharf.api.ComponentId;
import dev.wharf.api.ComponentMessage;
import dev.wharf.api.Delivery;
import dev.wharf.api.DeliveryRefusedException;
import dev.wharf.api.ErrorCode;
import dev.wharf.api.GuestErrorException;
import dev.wharf.api.GuestTrapException;
import dev.wharf.api.InvokeResult;
import dev.wharf.api.MessageDispatcher;
import dev.wharf.api.NoReplyException;
import dev.wharf.api.UnknownExportException;
import dev.wharf.api.WharfException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.felix.service.command.CommandProcessor;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.junit5.context.BundleContextExtension;
import org.osgi.test.junit5.service.ServiceExtension;

/**
 * Messages between components and from the host, end to end: bytes enter a real guest's
 * handle-message, and its effect comes back as a reply, a counter read by Invoke, or an error.
 */
@ExtendWith(BundleContextExtension.class)
@ExtendWith(ServiceExtension.class)
class MessagingIT {

    static final Duration ASK = Duration.ofSeconds(10);

    @InjectBundleContext
    BundleContext context;

    @InjectService(timeout = 10_000)
    MessageDispatcher dispatcher;

    @InjectService(timeout = 10_000)
    CommandProcessor processor;

    ComponentBundles bundles;

    @BeforeEach
    void setUp() {
        bundles = new ComponentBundles(context);
    }

    static byte[] json(String text) {
        return Args.json(text);
    }

    int count(String id) {
        return (Integer) invoke(dispatcher, id, "count", Args.json("[]")).values().get(0);
    }

    int call(String id, String function) {
        return (Integer) invoke(dispatcher, id, function, Args.json("[]")).values().get(0);
    }


    // ---- host to guest ------------------------------------------------------------------------

    @Test
    void tellFromTheHostReachesHandleMessage() {
        bundles.start("mailbox.wasm;id=inbox", "mailbox");
        Delivery d = dispatcher.tell(fromHost("inbox", json("123")));
        assertThat(d).isEqualTo(Delivery.ACCEPTED);
        // an Invoke queued after the tell is handled after it
        assertThat(count("inbox")).isEqualTo(1);
        assertThat(call("inbox", "sender_len")).isEqualTo(4);
        assertThat(call("inbox", "sender_first")).isEqualTo('h');
        assertThat(invoke(dispatcher, "inbox", "bytes", Args.json("[]")).values()).containsExactly(5L);
        // the host gave every buffer back with dealloc
        assertThat(call("inbox", "live_buffers")).isZero();
    }

    @Test
    void askIsAnsweredWithTheGuestsReply() {
        bundles.start("mailbox.wasm;id=echo", "mailbox");
        byte[] payload = json("\"echo me\"");
        assertThat(await(dispatcher.ask(fromHost("echo", payload), ASK))).isEqualTo(payload);
        byte[] big = json("\"e" + "x".repeat(200_000) + "\"");
        assertThat(await(dispatcher.ask(fromHost("echo", big), ASK))).isEqualTo(big);
    }

    @Test
    void askWithoutReplyErrorCodeOrTrapEndsInAClearError() {
        bundles.start("mailbox.wasm;id=moody", "mailbox");
        WharfException e = failure(dispatcher.ask(fromHost("moody", json("\"silent\"")), ASK));
        assertThat(e).isInstanceOf(NoReplyException.class).hasMessageContaining("without replying");
        assertThat(e.code()).isEqualTo(ErrorCode.NO_REPLY);

        e = failure(dispatcher.ask(fromHost("moody", json("\"refuse\"")), ASK));
        assertThat(e).isInstanceOf(GuestErrorException.class).hasMessageContaining("error code 7");
        assertThat(((GuestErrorException) e).guestCode()).isEqualTo(7);

        e = failure(dispatcher.ask(fromHost("moody", json("\"xplode\"")), ASK));
        assertThat(e).isInstanceOf(GuestTrapException.class).hasMessageContaining("handle-message")
                .hasMessageContaining("unreachable");

        // still serving, and the failed messages were not counted as handled
        assertThat(count("moody")).isZero();
        assertThat(dispatcher.tell(fromHost("moody", json("1")))).isEqualTo(Delivery.ACCEPTED);
        assertThat(count("moody")).isEqualTo(1);
    }

    @Test
    void aSecondReplyIsRefused() {
        bundles.start("mailbox.wasm;id=twice", "mailbox");
        byte[] payload = json("\"double\"");
        assertThat(await(dispatcher.ask(fromHost("twice", payload), ASK))).isEqualTo(payload);
        assertThat(call("twice", "second_reply")).isEqualTo(-8);
    }

    @Test
    void askTimesOutWhenNoReplyComes() {
        bundles.start("mailbox.wasm;id=busy;timeout-ms=400", "mailbox");
        CompletableFuture<InvokeResult> spinning = dispatcher.invoke(ComponentId.of("busy"),
                new ComponentMessage.Invoke("send_forever", Args.json("[]"))).toCompletableFuture();
        WharfException e = failure(dispatcher.ask(fromHost("busy", json("\"echo\"")), Duration.ofMillis(50)));
        assertThat(e).isInstanceOf(CallTimeoutException.class).hasMessageContaining("no reply from component 'busy' within 50 ms");
        // the guest that sent in a loop ended by its own timeout; the component serves again
        assertThat(failure(spinning)).isInstanceOf(CallTimeoutException.class);
        assertThat(count("busy")).isZero();
    }

    // ---- refusals -------------------------------------------------------------------------------

    @Test
    void refusalsAreAnsweredAtOnceWithTheirOwnError() throws Exception {
        Delivery d = dispatcher.tell(fromHost("nobody", json("1")));
        assertThat(d).isInstanceOf(Delivery.Refused.class);
        assertThat(((Delivery.Refused) d).error().code()).isEqualTo(ErrorCode.UNKNOWN_TARGET);
        assertThat(failure(dispatcher.ask(fromHost("nobody", json("1")), ASK)).code()).isEqualTo(ErrorCode.UNKNOWN_TARGET);

        Bundle b = bundles.start("mailbox.wasm;id=picky", "mailbox");
        d = dispatcher.tell(fromHost("picky", new byte[] {0x52, 1, 2}));
        assertThat(((Delivery.Refused) d).error()).hasMessageContaining("0x52");
        assertThat(((Delivery.Refused) d).error().code()).isEqualTo(ErrorCode.UNKNOWN_CODEC);
        assertThat(count("picky")).isZero();

        // a component without handle-message: the asker is told, a tell becomes a dead letter
        bundles.start("calc.wasm;id=deaf", "calc");
        assertThat(failure(dispatcher.ask(fromHost("deaf", json("1")), ASK)))
                .isInstanceOf(UnknownExportException.class).hasMessageContaining("'handle-message'");

        // a component whose alloc fails never sees the message
        bundles.start("noalloc.wasm;id=broke", "noalloc");
        WharfException e = failure(dispatcher.ask(fromHost("broke", json("\"echo\"")), ASK));
        assertThat(e).isInstanceOf(DeliveryRefusedException.class).hasMessageContaining("alloc returned 0");
        assertThat(e.code()).isEqualTo(ErrorCode.ALLOCATION_FAILED);
        assertThat(count("broke")).isZero();

        b.stop();
        d = dispatcher.tell(fromHost("picky", json("1")));
        assertThat(((Delivery.Refused) d).error().code()).isEqualTo(ErrorCode.UNKNOWN_TARGET);

        String deadLetters = new Shell(processor).run("wasm:deadletters 50");
        assertThat(deadLetters).contains("host -> nobody").contains("unknown_target")
                .contains("host -> picky").contains("unknown_codec");
    }

    @Test
    void aFullMailboxRefusesAtOnce() {
        bundles.start("mailbox.wasm;id=narrow;mailbox=2;timeout-ms=300", "mailbox");
        CompletableFuture<InvokeResult> busy = dispatcher.invoke(ComponentId.of("narrow"),
                new ComponentMessage.Invoke("send_forever", Args.json("[]"))).toCompletableFuture();
        // wait until the actor has taken the call out of its mailbox and is running it
        eventually(() -> dispatcher.tell(fromHost("narrow", json("1"))).accepted(), "first message accepted");
        List<Delivery> answers = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            answers.add(dispatcher.tell(fromHost("narrow", json("1"))));
        }
        long refused = answers.stream().filter(x -> !x.accepted()).count();
        assertThat(refused).isGreaterThanOrEqualTo(4);
        Delivery.Refused r = (Delivery.Refused) answers.get(answers.size() - 1);
        assertThat(r.error().code()).isEqualTo(ErrorCode.MAILBOX_FULL);
        assertThat(r.error()).hasMessageContaining("mailbox of component 'narrow' is full (2 messages)");
        assertThat(failure(busy)).isInstanceOf(CallTimeoutException.class);
        // every accepted message is handled: 1 + (5 - refused)
        assertThat(countBehindTheQueue("narrow")).isEqualTo((int) (1 + 5 - refused));
    }

    // ---- guest to guest ----------------------------------------------------------------------

    @Test
    void guestSendGoesThroughTheSamePathAndTheDeclarations() {
        bundles.start("mailbox.wasm;id=relay;send-to=sink, mailbox.wasm;id=sink;receive-from=\"relay,relay2\","
                + " mailbox.wasm;id=relay2;send-to=other, mailbox.wasm;id=relay3, mailbox.wasm;id=outsider;send-to=sink",
                "mailbox");
        assertThat(dispatcher.tell(fromHost("relay", json("\"forward\"")))).isEqualTo(Delivery.ACCEPTED);
        assertThat(call("relay", "last_send")).isZero();
        eventually(() -> count("sink") == 1, "the forwarded message reaches sink");
        assertThat(call("sink", "sender_len")).isEqualTo(5);
        assertThat(call("sink", "sender_first")).isEqualTo('r');

        // sink admits relay2, but relay2 may only send to 'other'
        dispatcher.tell(fromHost("relay2", json("\"forward\"")));
        assertThat(call("relay2", "last_send")).isEqualTo(-2);
        // relay3 declares no send-to at all
        dispatcher.tell(fromHost("relay3", json("\"forward\"")));
        assertThat(call("relay3", "last_send")).isEqualTo(-2);
        // outsider may send to sink, but sink does not receive from it
        assertThat(call("outsider", "send_to_sink")).isEqualTo(-2);
        assertThat(count("sink")).isEqualTo(1);

        // bad arguments to send and reply: each a clear result for that one call
        assertThat(call("relay", "send_out_of_bounds")).isEqualTo(-7);
        assertThat(call("relay", "send_target_out_of_bounds")).isEqualTo(-7);
        assertThat(call("relay", "send_unknown_codec")).isEqualTo(-6);
        assertThat(call("relay", "send_unknown_target")).isEqualTo(-1);
        assertThat(call("relay", "send_invalid_target")).isEqualTo(-1);
        assertThat(call("relay", "reply_outside_a_request")).isEqualTo(-8);
        assertThat(call("relay", "send_to_sink")).isZero();
        eventually(() -> count("sink") == 2, "the direct send reaches sink");
    }

    @Test
    void guestSendIntoAFullMailboxGetsMinusFive() {
        bundles.start("mailbox.wasm;id=pusher;send-to=sink, mailbox.wasm;id=sink;receive-from=pusher;mailbox=5;timeout-ms=300",
                "mailbox");
        CompletableFuture<InvokeResult> busy = dispatcher.invoke(ComponentId.of("sink"),
                new ComponentMessage.Invoke("send_forever", Args.json("[]"))).toCompletableFuture();
        eventually(() -> dispatcher.tell(fromHost("sink", json("1"))).accepted(), "sink busy and accepting");
        int accepted = (Integer) invoke(dispatcher, "pusher", "send_burst", Args.json("[100]")).values().get(0);
        assertThat(accepted).isLessThan(5);
        // the burst stopped at its first refusal, which was -5: check by sending once more
        assertThat(call("pusher", "send_to_sink")).isEqualTo(-5);
        assertThat(failure(busy)).isInstanceOf(CallTimeoutException.class);
        assertThat(countBehindTheQueue("sink")).isEqualTo(1 + accepted);
    }

    // ---- order and volume -----------------------------------------------------------------------

    static byte[] sequenced(int slot, int seq) {
        ByteBuffer b = ByteBuffer.allocate(10).order(ByteOrder.LITTLE_ENDIAN);
        b.put(Codec.BORSH.prefix()).putInt(slot).putInt(seq);
        return b.array();
    }

    @Test
    void orderIsKeptPerSenderUnderConcurrentSenders() throws Exception {
        bundles.start("mailbox.wasm;id=ordered;mailbox=100000", "mailbox");
        int senders = 4;
        int each = 5_000;
        ExecutorService pool = Executors.newFixedThreadPool(senders);
        try {
            List<Future<Integer>> accepted = new ArrayList<>();
            for (int s = 0; s < senders; s++) {
                int slot = s;
                accepted.add(pool.submit(() -> {
                    int n = 0;
                    for (int seq = 0; seq < each; seq++) {
                        if (dispatcher.tell(fromHost("ordered", sequenced(slot, seq))).accepted()) {
                            n++;
                        }
                    }
                    return n;
                }));
            }
            int total = 0;
            for (Future<Integer> f : accepted) {
                total += f.get(60, TimeUnit.SECONDS);
            }
            assertThat(total).isEqualTo(senders * each);
            assertThat(count("ordered")).isEqualTo(total);
            assertThat(call("ordered", "violations")).isZero();
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void hundredThousandMessagesNothingLostNothingDuplicated() throws Exception {
        bundles.start("mailbox.wasm;id=r1;mailbox=500, mailbox.wasm;id=r2;mailbox=500", "mailbox");
        int senders = 4;
        int each = 25_000;
        ExecutorService pool = Executors.newFixedThreadPool(senders);
        try {
            List<Future<int[]>> results = new ArrayList<>();
            for (int s = 0; s < senders; s++) {
                int sender = s;
                results.add(pool.submit(() -> {
                    int[] accepted = new int[2];
                    byte[] payload = json("1");
                    for (int i = 0; i < each; i++) {
                        int r = (i + sender) % 2;
                        Delivery d = dispatcher.tell(fromHost(r == 0 ? "r1" : "r2", payload));
                        if (d.accepted()) {
                            accepted[r]++;
                        } else if (((Delivery.Refused) d).error().code() != ErrorCode.MAILBOX_FULL) {
                            throw new AssertionError("unexpected refusal " + d);
                        }
                    }
                    return accepted;
                }));
            }
            int[] accepted = new int[2];
            for (Future<int[]> f : results) {
                int[] a = f.get(120, TimeUnit.SECONDS);
                accepted[0] += a[0];
                accepted[1] += a[1];
            }
            System.out.println("100000 tells: r1 accepted " + accepted[0] + ", r2 accepted " + accepted[1]);
            // every accepted message was handled exactly once; the count is read behind them
            assertThat(countBehindTheQueue("r1")).isEqualTo(accepted[0]);
            assertThat(countBehindTheQueue("r2")).isEqualTo(accepted[1]);
        } finally {
            pool.shutdownNow();
        }
    }

    /** Invokes count, retrying while the mailbox is still full of accepted messages. */
    private int countBehindTheQueue(String id) {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            CompletableFuture<InvokeResult> r = dispatcher.invoke(ComponentId.of(id),
                    new ComponentMessage.Invoke("count", Args.json("[]"))).toCompletableFuture();
            try {
                return (Integer) r.get(30, TimeUnit.SECONDS).values().get(0);
            } catch (Exception e) {
                if (!(e.getCause() instanceof DeliveryRefusedException) || System.nanoTime() - end > 0) {
                    throw new AssertionError(e);
                }
                Thread.onSpinWait();
            }
        }
    }

    // ---- a guest written in C -------------------------------------------------------------------

    @Test
    void guestWrittenInC() {
        // a local build without clang skips it; CI (and .ci/run, which sets CI) never does
        org.junit.jupiter.api.Assumptions.assumeTrue(ComponentBundles.class.getResource("/guests/cguest.wasm") != null
                || System.getenv("CI") != null, "C test guest not built: clang for wasm32 is not installed (.ci/run installs it)");
        bundles.start("cguest.wasm;id=cee;send-to=sink, mailbox.wasm;id=sink;receive-from=cee", "cguest", "mailbox");
        byte[] reply = await(dispatcher.ask(fromHost("cee", json("\"echo\"")), ASK));
        assertThat(new String(Codec.JSON.body(reply), StandardCharsets.UTF_8))
                .isEqualTo("{\"from\":\"host\",\"echo\":\"echo\"}");
        assertThat(failure(dispatcher.ask(fromHost("cee", json("\"silent\"")), ASK))).isInstanceOf(NoReplyException.class);
        assertThat(failure(dispatcher.ask(fromHost("cee", json("\"refuse\"")), ASK))).isInstanceOf(GuestErrorException.class);
        assertThat(failure(dispatcher.ask(fromHost("cee", json("\"xplode\"")), ASK))).isInstanceOf(GuestTrapException.class);
        dispatcher.tell(fromHost("cee", json("42")));
        assertThat(count("cee")).isEqualTo(1);

        dispatcher.tell(fromHost("cee", json("\"forward\"")));
        assertThat(call("cee", "last_send")).isZero();
        eventually(() -> count("sink") == 1, "the C guest's message reaches sink");
        assertThat(call("cee", "send_out_of_bounds")).isEqualTo(-7);
        assertThat(call("cee", "send_unknown_codec")).isEqualTo(-6);
        assertThat(call("cee", "send_unknown_target")).isEqualTo(-1);
        assertThat(call("cee", "reply_outside_a_request")).isEqualTo(-8);
        assertThat(call("cee", "send_to_sink")).isZero();
    }
}
