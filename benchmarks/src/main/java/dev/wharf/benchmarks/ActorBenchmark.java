package dev.wharf.benchmarks;

import dev.wharf.api.ComponentId;
import dev.wharf.api.ComponentMessage;
import java.util.Arrays;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Setup;

/**
 * An ask round trip into an actor component (wharf:actor) beside the same ask into a core
 * module of Wharf's own ABI, in the same run: the host asks with a 16-byte JSON payload and gets
 * it back, synchronously ({@code askAndWait}, an idle actor running on the caller's thread, as
 * {@link ComponentBenchmark#coreAskEcho()}; the runtime, the core echo and its benchmark are
 * {@link EchoBenchmark}'s).
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
public class ActorBenchmark extends EchoBenchmark {

    private final ComponentMessage.InterComponent actorMessage =
            new ComponentMessage.InterComponent(ComponentId.HOST, ComponentId.of("actor-echo"), ECHO16);

    @Setup
    public void setUp() {
        start("actor-echo", "actor-echo.wasm", "actor-echo");
        if (!Arrays.equals(actorAskEcho(), ECHO16) || !Arrays.equals(coreAskEcho(), ECHO16)) {
            throw new IllegalStateException("an echo does not give its payload back");
        }
    }

    /** The actor component: handle-message, reply through wharf:actor/messaging. */
    @Benchmark
    public byte[] actorAskEcho() {
        return runtime.router().askAndWait(actorMessage, timeout);
    }
}
