package dev.wharf.benchmarks;

import dev.wharf.api.ComponentId;
import dev.wharf.api.http.IncomingRequest;
import dev.wharf.api.http.OutgoingResponse;
import dev.wharf.runtime.internal.dispatch.HttpRouter;
import dev.wharf.runtime.internal.header.ComponentHeader;
import java.util.List;
import java.util.Map;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The component's own share of {@link HttpBenchmark}: the same request for http-hello handed to
 * the runtime in-process ({@code WasmComponent.serve}, i.e. {@link HttpRouter#serve}: the mailbox,
 * a turn on the dispatcher pool, the canonical ABI and wasi:http's resources, the guest), without
 * any HTTP, by the same four threads. Its rate is what the component path could serve if HTTP
 * cost nothing.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(1)
@Threads(4)
@State(Scope.Benchmark)
public class HttpServeBenchmark {

    private static final ComponentId ID = ComponentId.of("http-hello");
    private static final IncomingRequest REQUEST = new IncomingRequest("GET", "http", "127.0.0.1", "/x", List.of(),
            new byte[0]);

    private Wired runtime;
    private HttpRouter router;

    @Setup
    public void start() {
        runtime = Guests.runtime(0);
        router = new HttpRouter(runtime.system());
        runtime.deploy(ComponentHeader.toSpec("http-hello.wasm", Map.of("id", ID.value(), "http-path", "/hello",
                "http-max-concurrent", "64")), ComponentBenchmark.component("http-hello"));
    }

    @TearDown
    public void stop() {
        runtime.shutdown();
    }

    /** A response other than 200 ends the run: a figure of errors would mean nothing. */
    @Benchmark
    public int serve() {
        OutgoingResponse r = router.serve(ID, REQUEST).toCompletableFuture().join();
        if (r.status() != 200) {
            throw new IllegalStateException("http-hello answered " + r.status());
        }
        return r.bodyLength();
    }
}
