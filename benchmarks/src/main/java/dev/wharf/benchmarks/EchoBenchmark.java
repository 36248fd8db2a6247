package dev.wharf.benchmarks;

import dev.wharf.api.ComponentId;
import dev.wharf.api.ComponentMessage;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What {@link ActorBenchmark} and {@link ComponentBenchmark} share: the runtime with the real
 * security policy ({@link Guests#runtime}), a test component of module wasm-components in it
 * beside the core-ABI echo (benchmarks/src/main/wat/messaging.wat as {@code core-echo}), both with
 * a mailbox of 1000, and their baseline {@code coreAskEcho}: the host asks the core echo with
 * {@link #ECHO16} and gets it back, synchronously ({@code askAndWait}, an idle actor running on
 * the caller's thread). A subclass starts it with {@link #start} in its {@code @Setup}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
// 15 s of warm-up: on 2 cores the JIT is still compiling Chicory's classes for the component's
// cores after 3 s, and a fork measured then is up to 1.6x slower than one measured after
@Warmup(iterations = 5, time = 3)
@Measurement(iterations = 5, time = 2)
@Fork(3)
public abstract class EchoBenchmark {

    /** The core echo's 16 bytes: the same payload as PeerBenchmark's, so that the figures compare. */
    static final byte[] ECHO16 =
            {(byte) 0x80, 0x04, '"', 'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'l', '"'};

    Wired runtime;
    private final ComponentMessage.InterComponent coreMessage =
            new ComponentMessage.InterComponent(ComponentId.HOST, ComponentId.of("core-echo"), ECHO16);
    final Duration timeout = Duration.ofSeconds(10);

    /**
     * Starts the runtime with test component {@code components/<component>.wasm} deployed as
     * {@code id} (named {@code file}) and the core echo.
     */
    void start(String id, String file, String component) {
        runtime = Guests.runtime(0);
        Guests.deploy(runtime, id, file, ComponentBenchmark.component(component), List.of(), List.of(), 1000);
        Guests.deploy(runtime, "core-echo", "messaging", List.of(), List.of(), 1000);
    }

    @TearDown
    public void tearDown() {
        runtime.shutdown();
    }

    /** The core-ABI baseline: an ask answered by {@code handle-message} with {@code wharf.reply}, synchronous. */
    @Benchmark
    public byte[] coreAskEcho() {
        return runtime.router().askAndWait(coreMessage, timeout);
    }
}
