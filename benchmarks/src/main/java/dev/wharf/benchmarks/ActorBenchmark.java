package dev.wharf.benchmarks;

import dev.wharf.api.ComponentId;
import dev.wharf.api.ComponentMessage;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * An ask round trip into an actor component (wharf:actor) beside the same ask into a core
 * module of Wharf's own ABI, in the same run: the host asks with a 16-byte JSON payload and gets
 * it back, synchronously ({@code askAndWait}, an idle actor running on the caller's thread, as
 * {@link ComponentBenchmark#coreAskEcho()}).
 * <ul>
 *   <li>{@code actorAskEcho}: components/actor-echo.wasm of module wasm-components (a WAT core with
 *       hand-written canonical-ABI glue): {@code handler#handle-message} gets the message record
 *       (sender, payload, request) lowered into its memory and answers with
 *       {@code messaging.reply}, whose payload is lifted back; its core does the same work as the
 *       core echo's (a bump allocator, the heap reset after the call);</li>
 *   <li>{@code coreAskEcho}, the baseline: benchmarks/src/main/wat/messaging.wat ({@code alloc},
 *       {@code handle-message} with {@code wharf.reply}, {@code dealloc}).</li>
 * </ul>
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar ActorBenchmark</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
// as ComponentBenchmark: on 2 cores the JIT still compiles Chicory's classes after a few seconds
@Warmup(iterations = 5, time = 3)
@Measurement(iterations = 5, time = 2)
@Fork(3)
public class ActorBenchmark {

    /** The 16 bytes both echoes carry: PeerBenchmark's payload, so that the figures compare. */
    private static final byte[] ECHO16 =
            {(byte) 0x80, 0x04, '"', 'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'l', '"'};

    private Wired runtime;
    private final ComponentMessage.InterComponent actorMessage =
            new ComponentMessage.InterComponent(ComponentId.HOST, ComponentId.of("actor-echo"), ECHO16);
    private final ComponentMessage.InterComponent coreMessage =
            new ComponentMessage.InterComponent(ComponentId.HOST, ComponentId.of("core-echo"), ECHO16);
    private final Duration timeout = Duration.ofSeconds(10);

    @Setup
    public void setUp() {
        runtime = Guests.runtime(0);
        Guests.deploy(runtime, "actor-echo", "actor-echo.wasm", ComponentBenchmark.component("actor-echo"), List.of(),
                List.of(), 1000);
        Guests.deploy(runtime, "core-echo", "messaging", List.of(), List.of(), 1000);
        if (!Arrays.equals(actorAskEcho(), ECHO16) || !Arrays.equals(coreAskEcho(), ECHO16)) {
            throw new IllegalStateException("an echo does not give its payload back");
        }
    }

    @TearDown
    public void tearDown() {
        runtime.shutdown();
    }

    /** The actor component: handle-message, reply through wharf:actor/messaging. */
    @Benchmark
    public byte[] actorAskEcho() {
        return runtime.router().askAndWait(actorMessage, timeout);
    }

    /** The core-ABI baseline: handle-message with wharf.reply. */
    @Benchmark
    public byte[] coreAskEcho() {
        return runtime.router().askAndWait(coreMessage, timeout);
    }
}
