package dev.wharf.benchmarks;

import dev.wharf.api.ComponentId;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What {@link HttpBenchmark} and {@link HttpServeBenchmark} share: the component they measure,
 * http-hello (components/http-hello.wasm of module wasm-components, a wasi:http incoming handler
 * in C) deployed as {@link #ID} with its {@link #settings}, and how: requests per second, four
 * threads, one fork (a subclass sets its own warm-up where it needs a longer one).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(1)
@Threads(4)
@State(Scope.Benchmark)
public abstract class HttpHelloBenchmark {

    static final ComponentId ID = ComponentId.of("http-hello");

    /**
     * http-hello's settings, its id under the key {@code idKey} first: served under {@code /hello},
     * at most 64 requests at a time.
     */
    static Map<String, String> settings(String idKey) {
        Map<String, String> s = new LinkedHashMap<>();
        s.put(idKey, ID.value());
        s.put("http-path", "/hello");
        s.put("http-max-concurrent", "64");
        return s;
    }

    /** The component's bytes. */
    static byte[] httpHello() {
        return ComponentBenchmark.component("http-hello");
    }
}
