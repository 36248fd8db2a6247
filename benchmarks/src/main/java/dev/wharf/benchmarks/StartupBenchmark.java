package dev.wharf.benchmarks;

import dev.wharf.api.ComponentState;
import dev.wharf.api.RestartRecord;
import dev.wharf.runtime.internal.actor.ComponentActor;
import dev.wharf.runtime.internal.engine.WasmEngine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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
 * Bringing components up, each measured once per iteration on a fresh runtime: a component whose
 * module is compiled for the first time, the same with the compile cache on disk already warm
 * (what a container restart sees), 1,000 components of one module, and an operator's restart of
 * 100 running components of one module until all are ready again. The direct baseline in the
 * same run: parsing, compiling and instantiating the module with Chicory alone.
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar StartupBenchmark</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5)
@Measurement(iterations = 10)
@Fork(1)
public class StartupBenchmark {

    /** The guest: the messaging benchmark's module, with memory, alloc and handle-message. */
    static final String MODULE = "messaging";

    @Param({"cold", "warm-cache"})
    public String cache;

    private Path warm;
    private Path dir;
    private Wired runtime;
    private final List<ComponentActor> running = new ArrayList<>();

    @Setup(Level.Trial)
    public void warmTheCache() throws IOException {
        warm = Files.createTempDirectory("wharf-cache-warm");
        Wired w = Guests.runtimeWith(engine(warm));
        Guests.deploy(w, "first", MODULE, List.of(), List.of(), 1000);
        w.shutdown();
    }

    private static WasmEngine engine(Path dir) throws IOException {
        WasmEngine e = new WasmEngine(true, WasmEngine.DEFAULT_MAX_TIMEOUT_MS);
        e.useCompileCache(dir, 256L << 20, "benchmark");
        return e;
    }

    @Setup(Level.Iteration)
    public void freshRuntime() throws IOException {
        dir = cache.equals("cold") ? Files.createTempDirectory("wharf-cache-cold") : warm;
        runtime = Guests.runtimeWith(engine(dir));
    }

    @TearDown(Level.Iteration)
    public void stop() throws IOException {
        running.clear();
        runtime.shutdown();
        if (!dir.equals(warm)) {
            delete(dir);
        }
    }

    @TearDown(Level.Trial)
    public void dropTheCache() throws IOException {
        delete(warm);
    }

    /** One component deployed: loaded, compiled (or taken from the cache), instantiated, ready. */
    @Benchmark
    public ComponentActor oneComponent() {
        return Guests.deploy(runtime, "one", MODULE, List.of(), List.of(), 1000);
    }

    /** 1,000 components of one module: it is compiled once, each is instantiated. */
    @Benchmark
    public int thousandComponentsOfOneModule() {
        for (int i = 0; i < 1000; i++) {
            running.add(Guests.deploy(runtime, "c" + i, MODULE, List.of(), List.of(), 100));
        }
        return running.size();
    }

    /** 100 running components of one module, on a runtime of their own. */
    @State(Scope.Benchmark)
    public static class HundredRunning {
        Wired runtime;
        final List<ComponentActor> actors = new ArrayList<>();

        @Setup(Level.Iteration)
        public void deploy() {
            runtime = Guests.runtime(0);
            actors.clear();
            for (int i = 0; i < 100; i++) {
                actors.add(Guests.deploy(runtime, "r" + i, MODULE, List.of(), List.of(), 100));
            }
        }

        @TearDown(Level.Iteration)
        public void stop() {
            runtime.shutdown();
        }
    }

    /** An operator's restart of 100 running components of one module, until every one is ready again. */
    @Benchmark
    public int restartHundredOfOneModule(HundredRunning h) {
        for (ComponentActor a : h.actors) {
            a.requestRestart(RestartRecord.Reason.OPERATOR, "benchmark");
        }
        for (ComponentActor a : h.actors) {
            while (a.restartCount() == 0 || a.state() != ComponentState.READY) {
                Thread.onSpinWait();
            }
        }
        return h.actors.size();
    }

    static void delete(Path p) throws IOException {
        if (p == null || !Files.exists(p)) {
            return;
        }
        try (var s = Files.walk(p)) {
            s.sorted(java.util.Comparator.reverseOrder()).forEach(x -> x.toFile().delete());
        }
    }

}
