package dev.wharf.benchmarks;

import dev.wharf.api.ComponentAttribute;
import dev.wharf.api.ComponentId;
import dev.wharf.api.ComponentLimits;
import dev.wharf.api.ComponentMessage;
import dev.wharf.api.ComponentSpec;
import dev.wharf.api.InvokeResult;
import dev.wharf.api.MessageHandler;
import dev.wharf.capabilities.internal.KvCapability;
import dev.wharf.capabilities.internal.KvConfig;
import dev.wharf.capabilities.internal.KvStore;
import java.io.IOException;
import java.lang.annotation.Annotation;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost of one capability call from a guest: {@code kv.get} of a 16-byte value (the policy's
 * check, the provider's MVStore lookup, the result through the guest's alloc), against a plain
 * map lookup with the same copy, in the same run; and of one {@code ask} from a guest to a Java
 * component (mailbox, pool, handler, reply), 1000 and 100 of them in one guest call so that the
 * cost of reaching the guest is spread out.
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar CapabilityBenchmark</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class CapabilityBenchmark {

    static final int GETS = 1000;
    static final int ASKS = 100;

    private Wired runtime;
    private KvCapability kv;
    private Path data;
    private final ComponentId id = ComponentId.of("capbench");
    private final ComponentMessage.Invoke gets = new ComponentMessage.Invoke("gets",
            new byte[] {(byte) 0x81, 0x0e, (byte) GETS, (byte) (GETS >> 8), 0, 0});
    private final ComponentMessage.Invoke asks = new ComponentMessage.Invoke("asks",
            new byte[] {(byte) 0x81, 0x0e, (byte) ASKS, 0, 0, 0});
    private final Map<String, byte[]> map = new HashMap<>();

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        data = Files.createTempDirectory("wharf-kv-bench");
        runtime = Guests.runtime(0);
        kv = new KvCapability(new KvStore(data.resolve("kv.mv.db")), new KvConfig() {
            @Override public Class<? extends Annotation> annotationType() { return KvConfig.class; }
            @Override public long default$_$max$_$bytes() { return 1 << 20; }
        });
        runtime.capabilities().bindCapability(kv, Map.of("wharf.capability", "kv", "service.id", 1L));
        ComponentSpec spec = new ComponentSpec(id, "capability.wasm", List.of(), List.of("javasink"),
                ComponentLimits.DEFAULTS, EnumSet.noneOf(ComponentAttribute.class), List.of("kv"), Map.of());
        runtime.deploy(spec, Guests.wasm("capability"));
        if (invoke(new ComponentMessage.Invoke("put", new byte[] {(byte) 0x81, 0x0e})) != 0) {
            throw new IllegalStateException("kv.set failed");
        }
        byte[] answer = dev.wharf.api.Codec.JSON.encode("{}".getBytes(StandardCharsets.UTF_8));
        MessageHandler echo = m -> m.reply(answer);
        runtime.javaComponents().bindHandler(echo, Map.of(MessageHandler.COMPONENT_ID, "javasink",
                MessageHandler.RECEIVE_FROM, "capbench", "service.id", 2L));
        map.put("k", "0123456789abcdef".getBytes(StandardCharsets.UTF_8));
    }

    private int invoke(ComponentMessage.Invoke call) {
        InvokeResult r = runtime.router().call(id, call, Wired.WAIT);
        return ((Number) r.values().get(0)).intValue();
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        runtime.shutdown();
        kv.deactivate();
        StartupBenchmark.delete(data);
    }

    /** One kv.get from the guest, amortised over 1000 in one call. */
    @Benchmark
    @OperationsPerInvocation(GETS)
    public int kvGetFromGuest() {
        return invoke(gets);
    }

    /** The baseline: a map lookup and a copy of the value, as a Java plugin would do it. */
    @Benchmark
    @OperationsPerInvocation(GETS)
    public int mapLookup() {
        int sum = 0;
        for (int i = 0; i < GETS; i++) {
            sum += map.get("k").clone().length;
        }
        return sum;
    }

    /** One ask from the guest to a Java component that replies at once, amortised over 100. */
    @Benchmark
    @OperationsPerInvocation(ASKS)
    public int askJavaComponentFromGuest() {
        return invoke(asks);
    }
}
