package dev.wharf.benchmarks;

import dev.wharf.api.http.IncomingRequest;
import dev.wharf.api.http.OutgoingResponse;
import dev.wharf.runtime.internal.dispatch.HttpRouter;
import dev.wharf.runtime.internal.header.ComponentHeader;
import java.util.List;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The component's own share of {@link HttpBenchmark}: the same request for http-hello handed to
 * the runtime in-process ({@code WasmComponent.serve}, i.e. {@link HttpRouter#serve}: the mailbox,
 * a turn on the dispatcher pool, the canonical ABI and wasi:http's resources, the guest), without
 * any HTTP, by the same four threads. Its rate is what the component path could serve if HTTP
 * cost nothing. The component, its settings and the measurement are {@link HttpHelloBenchmark}'s.
 */
public class HttpServeBenchmark extends HttpHelloBenchmark {

    private static final IncomingRequest REQUEST = new IncomingRequest("GET", "http", "127.0.0.1", "/x", List.of(),
            new byte[0]);

    private Wired runtime;
    private HttpRouter router;

    @Setup
    public void start() {
        runtime = Guests.runtime(0);
        router = new HttpRouter(runtime.system());
        runtime.deploy(ComponentHeader.toSpec("http-hello.wasm", settings("id")), httpHello());
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
