package dev.wharf.benchmarks;

import dev.wharf.api.Codec;
import dev.wharf.api.ComponentId;
import dev.wharf.api.ComponentMessage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The ask round trip of the echo components written with each guest SDK, against the WAT echo
 * of the messaging benchmark, in the same run. The SDK examples are read from their modules'
 * build output ({@code -Dwharf.examples=<repo>/examples}, default {@code examples} in the
 * working directory); run the benchmark from the repository's root after a full build.
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar SdkBenchmark</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SdkBenchmark {

    @Param({"wat", "rust", "assemblyscript"})
    public String sdk;

    private Wired runtime;
    private ComponentMessage.InterComponent ask;
    private final Duration timeout = Duration.ofSeconds(10);

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        Path examples = Path.of(System.getProperty("wharf.examples", "examples"));
        byte[] module = switch (sdk) {
            case "rust" -> Files.readAllBytes(examples.resolve("rust-echo/target/classes/rust-echo.wasm"));
            case "assemblyscript" -> Files.readAllBytes(examples.resolve("as-echo/target/classes/as-echo.wasm"));
            default -> Guests.wasm("messaging");
        };
        System.out.printf("%n%s echo module: %d bytes%n", sdk, module.length);
        runtime = Guests.runtime(0);
        runtime.deploy(new dev.wharf.api.ComponentSpec(ComponentId.of("echo"), "echo.wasm", List.of(), List.of(),
                dev.wharf.api.ComponentLimits.DEFAULTS), module);
        ask = new ComponentMessage.InterComponent(ComponentId.HOST, ComponentId.of("echo"),
                Codec.JSON.encode("{\"q\":1}".getBytes(StandardCharsets.UTF_8)));
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        runtime.shutdown();
    }

    @Benchmark
    public byte[] askEcho() {
        return runtime.router().askAndWait(ask, timeout);
    }
}
