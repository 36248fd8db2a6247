package dev.wharf.itest;

import static dev.wharf.itest.WharfTestSupport.invoke;
import static dev.wharf.itest.WharfTestSupport.invokeFails;
import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.api.CallTimeoutException;
import dev.wharf.api.Codec;
import dev.wharf.api.ErrorCode;
import dev.wharf.api.GuestTrapException;
import dev.wharf.api.InvalidArgumentsException;
import dev.wharf.api.InvokeResult;
import dev.wharf.api.MessageDispatcher;
import dev.wharf.api.UnknownCodecException;
import dev.wharf.api.UnknownComponentException;
import dev.wharf.api.UnknownExportException;
import dev.wharf.api.WharfException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.BundleContext;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.junit5.context.BundleContextExtension;
import org.osgi.test.junit5.service.ServiceExtension;

/** Invoke, end to end: bytes in a codec, into a real guest export, results back in the same codec. */
@ExtendWith(BundleContextExtension.class)
@ExtendWith(ServiceExtension.class)
class InvokeIT {

    @InjectBundleContext
    BundleContext context;

    @InjectService(timeout = 10_000)
    MessageDispatcher dispatcher;

    ComponentBundles bundles;

    @BeforeEach
    void deployCalc() {
        bundles = new ComponentBundles(context);
        bundles.start("calc.wasm;id=calc", "calc");
    }

    @Test
    void addsInEachCodec() {
        InvokeResult json = invoke(dispatcher, "calc", "add", Args.json("[2, 3]"));
        assertThat(json.codec()).isEqualTo(Codec.JSON);
        assertThat(Args.jsonText(json.payload())).isEqualTo("[5]");
        assertThat(json.values()).containsExactly(5);

        InvokeResult cbor = invoke(dispatcher, "calc", "add", Args.cbor(40, 2));
        assertThat(cbor.codec()).isEqualTo(Codec.CBOR);
        // prefix 0x51, then a one-element array (0x81) holding the small integer 42 (0x18 0x2a)
        assertThat(cbor.payload()).containsExactly(0x51, 0x81, 0x18, 0x2a);

        InvokeResult borsh = invoke(dispatcher, "calc", "add", Args.borsh(-7, 3));
        assertThat(borsh.codec()).isEqualTo(Codec.BORSH);
        assertThat(borsh.payload()).hasSize(2 + 4);
        assertThat(Args.borshBody(borsh.payload()).getInt()).isEqualTo(-4);
    }

    @Test
    void everyNumberTypeAndSeveralResultsInEachCodec() {
        assertThat(invoke(dispatcher, "calc", "sub64", Args.json("[9007199254740993, 1]")).values())
                .containsExactly(9007199254740992L);
        assertThat(invoke(dispatcher, "calc", "scale32", Args.cbor(1.5f, 4.0f)).values()).containsExactly(6.0f);
        assertThat(invoke(dispatcher, "calc", "hypot", Args.borsh(3.0, 4.0)).values()).containsExactly(5.0);

        InvokeResult swapJson = invoke(dispatcher, "calc", "swap", Args.json("[7, -8000000000]"));
        assertThat(swapJson.values()).containsExactly(-8_000_000_000L, 7);
        assertThat(Args.jsonText(swapJson.payload())).isEqualTo("[-8000000000,7]");

        InvokeResult swapCbor = invoke(dispatcher, "calc", "swap", Args.cbor(7, -8_000_000_000L));
        assertThat(Args.cborValues(swapCbor.payload())).containsExactly(-8_000_000_000L, 7);

        InvokeResult swapBorsh = invoke(dispatcher, "calc", "swap", Args.borsh(7, -8_000_000_000L));
        ByteBuffer b = Args.borshBody(swapBorsh.payload());
        assertThat(b.remaining()).isEqualTo(12);
        assertThat(b.getLong()).isEqualTo(-8_000_000_000L);
        assertThat(b.getInt()).isEqualTo(7);

        // i32 + i64 + f32 + f64, in each codec
        assertThat(invoke(dispatcher, "calc", "mix", Args.json("[1, 2, 0.5, 0.25]")).values()).containsExactly(3.75);
        assertThat(invoke(dispatcher, "calc", "mix", Args.cbor(1, 2L, 0.5f, 0.25)).values()).containsExactly(3.75);
        InvokeResult mixBorsh = invoke(dispatcher, "calc", "mix", Args.borsh(1, 2L, 0.5f, 0.25));
        assertThat(Args.borshBody(mixBorsh.payload()).getDouble()).isEqualTo(3.75);

        assertThat(invoke(dispatcher, "calc", "sum8", Args.json("[1,2,3,4,5,6,7,8]")).values()).containsExactly(36);
    }

    @Test
    void noParametersAndNoResults() {
        InvokeResult r = invoke(dispatcher, "calc", "nothing", Args.json("[]"));
        assertThat(r.values()).isEmpty();
        assertThat(Args.jsonText(r.payload())).isEqualTo("[]");
        assertThat(invoke(dispatcher, "calc", "nothing", Args.borsh()).payload()).containsExactly(Codec.BORSH.prefix());
        assertThat(Args.cborValues(invoke(dispatcher, "calc", "nothing", Args.cbor()).payload())).isEmpty();
    }

    @Test
    void integersWrapLikeWebAssemblyAndAcceptTheUnsignedRange() {
        assertThat(invoke(dispatcher, "calc", "add", Args.json("[4294967295, 1]")).values()).containsExactly(0);
        assertThat(invoke(dispatcher, "calc", "add", Args.json("[2147483647, 1]")).values()).containsExactly(Integer.MIN_VALUE);
        assertThat(invoke(dispatcher, "calc", "add", Args.json("[2.0, 1e1]")).values()).containsExactly(12);
    }

    @Test
    void unknownComponentAndExport() {
        WharfException e = invokeFails(dispatcher, "nobody", "add", Args.json("[1, 2]"));
        assertThat(e).isInstanceOf(UnknownComponentException.class).hasMessageContaining("'nobody'");
        assertThat(e.code()).isEqualTo(ErrorCode.UNKNOWN_TARGET);

        e = invokeFails(dispatcher, "calc", "multiply", Args.json("[1, 2]"));
        assertThat(e).isInstanceOf(UnknownExportException.class).hasMessageContaining("'multiply'");
        assertThat(e.code()).isEqualTo(ErrorCode.UNKNOWN_EXPORT);
    }

    @Test
    void wrongArgumentCountInEachCodec() {
        assertThat(invokeFails(dispatcher, "calc", "add", Args.json("[1]")))
                .isInstanceOf(InvalidArgumentsException.class).hasMessageContaining("takes 2 arguments, got 1");
        assertThat(invokeFails(dispatcher, "calc", "add", Args.cbor(1, 2, 3)))
                .isInstanceOf(InvalidArgumentsException.class).hasMessageContaining("takes 2 arguments, got 3");
        assertThat(invokeFails(dispatcher, "calc", "add", Args.borsh(1)))
                .isInstanceOf(InvalidArgumentsException.class).hasMessageContaining("must be 8 bytes, got 4");
    }

    @Test
    void wrongTypeAndRangeNameTheParameter() {
        InvalidArgumentsException e = (InvalidArgumentsException) invokeFails(dispatcher, "calc", "add",
                Args.json("[1, \"two\"]"));
        assertThat(e.parameter()).isEqualTo(2);
        assertThat(e).hasMessageContaining("parameter 2 (i32) of add").hasMessageContaining("\"two\"");

        e = (InvalidArgumentsException) invokeFails(dispatcher, "calc", "add", Args.json("[4294967296, 1]"));
        assertThat(e.parameter()).isEqualTo(1);
        assertThat(e).hasMessageContaining("parameter 1 (i32)").hasMessageContaining("out of range");

        e = (InvalidArgumentsException) invokeFails(dispatcher, "calc", "add", Args.json("[1, 2.5]"));
        assertThat(e).hasMessageContaining("parameter 2 (i32)").hasMessageContaining("not an integer");

        e = (InvalidArgumentsException) invokeFails(dispatcher, "calc", "sub64", Args.cbor(BigInteger.ONE.shiftLeft(64), 1));
        assertThat(e).hasMessageContaining("parameter 1 (i64)").hasMessageContaining("out of range");

        e = (InvalidArgumentsException) invokeFails(dispatcher, "calc", "scale32", Args.json("[1e39, 1]"));
        assertThat(e).hasMessageContaining("parameter 1 (f32)").hasMessageContaining("out of range");

        e = (InvalidArgumentsException) invokeFails(dispatcher, "calc", "hypot", Args.cbor(1.0, "x"));
        assertThat(e).hasMessageContaining("parameter 2 (f64)");

        assertThat(invokeFails(dispatcher, "calc", "add", Args.json("{\"a\": 1}")))
                .isInstanceOf(InvalidArgumentsException.class).hasMessageContaining("array of numbers");
        assertThat(invokeFails(dispatcher, "calc", "add", Args.json("[1, 2")))
                .isInstanceOf(InvalidArgumentsException.class).hasMessageContaining("JSON");
    }

    @Test
    void unknownCodecPrefix() {
        WharfException e = invokeFails(dispatcher, "calc", "add", new byte[] {0x52, (byte) 0x82, 1, 2});
        assertThat(e).isInstanceOf(UnknownCodecException.class).hasMessageContaining("0x52");
        assertThat(e.code()).isEqualTo(ErrorCode.UNKNOWN_CODEC);
        assertThat(invokeFails(dispatcher, "calc", "add", new byte[0])).isInstanceOf(UnknownCodecException.class);
    }

    @Test
    void trapCarriesItsMessageAndLeavesEverythingWorking() {
        bundles.start("stateful.wasm;id=bystander", "stateful");
        WharfException e = invokeFails(dispatcher, "calc", "div", Args.json("[1, 0]"));
        assertThat(e).isInstanceOf(GuestTrapException.class).hasMessageContaining("divide by zero");
        assertThat(e.code()).isEqualTo(ErrorCode.TRAP);
        assertThat(invokeFails(dispatcher, "calc", "unreachable", Args.json("[]")))
                .isInstanceOf(GuestTrapException.class).hasMessageContaining("unreachable");

        assertThat(invoke(dispatcher, "calc", "div", Args.json("[9, 3]")).values()).containsExactly(3);
        assertThat(invoke(dispatcher, "bystander", "inc", Args.json("[]")).values()).containsExactly(1001L);
    }

    @Test
    void callPastTimeoutIsInterruptedAndOthersKeepWorking() throws Exception {
        bundles.start("spin.wasm;id=spinner;timeout-ms=200", "spin");
        long start = System.nanoTime();
        CompletableFuture<InvokeResult> spinning = dispatcher.invoke(dev.wharf.api.ComponentId.of("spinner"),
                new dev.wharf.api.ComponentMessage.Invoke("spin", Args.json("[]"))).toCompletableFuture();
        // while the spinner burns its pool thread, other components are served
        for (int i = 0; i < 20; i++) {
            assertThat(invoke(dispatcher, "calc", "add", Args.json("[" + i + ", 1]")).values()).containsExactly(i + 1);
        }
        WharfException e = WharfTestSupport.failure(spinning);
        long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertThat(e).isInstanceOf(CallTimeoutException.class).hasMessageContaining("within 200 ms");
        assertThat(e.code()).isEqualTo(ErrorCode.TIMEOUT);
        assertThat(elapsedMs).isGreaterThanOrEqualTo(200);
        // the interrupted component serves again
        assertThat(invoke(dispatcher, "spinner", "ok", Args.json("[]")).values()).containsExactly(1);
    }

    @Test
    void stackOverflowInTheGuestIsATrap() {
        bundles.start("recursion.wasm;id=deep", "recursion");
        WharfException e = invokeFails(dispatcher, "deep", "down", Args.json("[0]"));
        assertThat(e).isInstanceOf(GuestTrapException.class).hasMessageContaining("deep");
        assertThat(invoke(dispatcher, "deep", "ok", Args.json("[]")).values()).containsExactly(1);
    }

    @Test
    void callsIntoOneInstanceNeverOverlap() throws Exception {
        bundles.start("stateful.wasm;id=counter;mailbox=100000", "stateful");
        int threads = 4;
        int calls = 2_000;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<List<CompletableFuture<InvokeResult>>>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                futures.add(pool.submit(() -> {
                    List<CompletableFuture<InvokeResult>> mine = new ArrayList<>();
                    for (int i = 0; i < calls; i++) {
                        mine.add(dispatcher.invoke(dev.wharf.api.ComponentId.of("counter"),
                                new dev.wharf.api.ComponentMessage.Invoke("inc", Args.borsh())).toCompletableFuture());
                    }
                    return mine;
                }));
            }
            List<Long> seen = new ArrayList<>();
            for (Future<List<CompletableFuture<InvokeResult>>> f : futures) {
                for (CompletableFuture<InvokeResult> r : f.get(60, TimeUnit.SECONDS)) {
                    seen.add((Long) r.get(60, TimeUnit.SECONDS).values().get(0));
                }
            }
            // every increment saw a distinct value: no call overlapped another
            assertThat(seen).doesNotHaveDuplicates().hasSize(threads * calls);
            assertThat(invoke(dispatcher, "counter", "get", Args.json("[]")).values())
                    .containsExactly(1000L + threads * calls);
        } finally {
            pool.shutdownNow();
        }
    }
}
