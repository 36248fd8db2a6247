package dev.wharf.benchmarks;

import dev.wharf.api.ComponentId;
import dev.wharf.api.ComponentLimits;
import dev.wharf.api.ComponentMetadata;
import dev.wharf.api.ComponentSpec;
import dev.wharf.api.ComponentState;
import dev.wharf.api.ExportSignature;
import dev.wharf.api.HealthStatus;
import dev.wharf.api.ValueType;
import dev.wharf.registry.internal.PersistentComponentRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The persistent registry: a lookup by id (memory only), and reloading a store of 10,000
 * entries at start (open, decode, reconcile).
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar RegistryBenchmark</pre>
 */
@State(Scope.Benchmark)
@Fork(1)
public class RegistryBenchmark {

    static final int ENTRIES = 10_000;

    private Path dir;
    private PersistentComponentRegistry registry;
    private final ComponentId probe = ComponentId.of("component-4711");

    static ComponentMetadata entry(int i) {
        ComponentSpec spec = new ComponentSpec(ComponentId.of("component-" + i), "c.wasm", List.of("gateway", "billing.*"),
                List.of("audit"), ComponentLimits.DEFAULTS);
        return new ComponentMetadata(spec, 1, "bench.bundle", "1.0.0", "00112233445566778899aabbccddeeff",
                List.of(new ExportSignature("add", List.of(ValueType.I32, ValueType.I32), List.of(ValueType.I32)),
                        new ExportSignature("handle-message", List.of(ValueType.I32, ValueType.I32, ValueType.I32,
                                ValueType.I32), List.of(ValueType.I32))),
                ComponentState.READY, Instant.now(), Optional.empty(), HealthStatus.HEALTHY, 0, Instant.now(), List.of());
    }

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        dir = Files.createTempDirectory("wharf-registry-bench");
        PersistentComponentRegistry r = new PersistentComponentRegistry(dir.resolve("registry.mv.db"), id -> "bench.bundle");
        for (int i = 0; i < ENTRIES; i++) {
            r.put(entry(i));
        }
        r.deactivate();
        registry = new PersistentComponentRegistry(dir.resolve("registry.mv.db"), id -> "bench.bundle");
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        registry.deactivate();
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    @Warmup(iterations = 3, time = 1)
    @Measurement(iterations = 5, time = 1)
    public Optional<ComponentMetadata> lookup() {
        return registry.lookup(probe);
    }

    /** Opening a store of 10,000 entries: read, decode, reconcile with the bundles present. */
    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @Warmup(iterations = 3)
    @Measurement(iterations = 10)
    public int reload10k(ReloadState state) {
        PersistentComponentRegistry r = new PersistentComponentRegistry(state.copy, id -> "bench.bundle");
        int n = r.list().size();
        r.deactivate();
        return n;
    }

    /** A fresh copy of the 10,000-entry store for every reload (a reload rewrites the states it finds). */
    @State(Scope.Benchmark)
    public static class ReloadState {
        Path copy;

        @Setup(Level.Iteration)
        public void copyStore(RegistryBenchmark b) throws IOException {
            b.registry.deactivate();
            copy = b.dir.resolve("reload.mv.db");
            Files.copy(b.dir.resolve("registry.mv.db"), copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            b.registry = new PersistentComponentRegistry(b.dir.resolve("registry.mv.db"), id -> "bench.bundle");
        }
    }
}
