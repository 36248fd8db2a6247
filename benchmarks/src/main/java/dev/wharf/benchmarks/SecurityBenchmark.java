package dev.wharf.benchmarks;

import dev.wharf.api.ComponentAttribute;
import dev.wharf.api.Codec;
import dev.wharf.api.ComponentId;
import dev.wharf.api.ComponentLimits;
import dev.wharf.api.ComponentMessage;
import dev.wharf.api.ComponentSpec;
import dev.wharf.api.Delivery;
import dev.wharf.spi.security.PolicyDecision;
import dev.wharf.api.RestartPolicy;
import dev.wharf.security.internal.DeclarationPolicy;
import dev.wharf.security.internal.FileAuditLog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
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
 * The security check on its own (allowed and denied path), and a whole tell with audit off and
 * on, so the check's share of a message and the cost of audit are read from one run.
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar SecurityBenchmark</pre>
 */
@State(Scope.Benchmark)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SecurityBenchmark {

    @Param({"false", "true"})
    public boolean audit;

    private DeclarationPolicy policy;
    private Wired runtime;
    private FileAuditLog auditLog;
    private final ComponentId senderId = ComponentId.of("billing.eu");
    private final ComponentId strangerId = ComponentId.of("stranger");
    private ComponentSpec sender;
    private ComponentSpec receiver;
    private final ComponentMessage.InterComponent tell = new ComponentMessage.InterComponent(ComponentId.HOST,
            ComponentId.of("sink"), Codec.JSON.encode("\"hi\"".getBytes(StandardCharsets.UTF_8)));

    @Setup(Level.Trial)
    public void setUp() {
        ComponentLimits limits = new ComponentLimits(65_536, Integer.MAX_VALUE, 256, 1000, 1000,
                RestartPolicy.PERMANENT, 5, 60_000);
        sender = new ComponentSpec(senderId, "s.wasm", List.of(), List.of("audit", "sink"), limits,
                Set.of(ComponentAttribute.RATE_LIMIT, ComponentAttribute.MAX_MESSAGE_SIZE));
        receiver = new ComponentSpec(ComponentId.of("sink"), "r.wasm", List.of("gateway", "billing.*"), List.of(), limits,
                Set.of(ComponentAttribute.RATE_LIMIT, ComponentAttribute.MAX_MESSAGE_SIZE));
        policy = new DeclarationPolicy(Guests.securityConfig("strict", audit));
        DeclarationPolicy systemPolicy = new DeclarationPolicy(Guests.securityConfig("strict", audit));
        try {
            auditLog = new FileAuditLog(Files.createTempDirectory("wharf-audit-bench"), Guests.securityConfig("strict", audit));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // denials are always audited; with audit on, grants too
        policy.bindAudit(auditLog);
        systemPolicy.bindAudit(auditLog);
        runtime = Wired.start(0, systemPolicy);
        Guests.deploy(runtime, "sink", "messaging", List.of(), List.of(), 10_000);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws InterruptedException {
        runtime.shutdown();
        auditLog.deactivate();
    }

    /** receive-from by pattern, send-to, size and a token from the sender's bucket. */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public PolicyDecision checkAllowed() {
        return policy.check(senderId, sender, receiver, 64);
    }

    /** A sender the receiver does not admit: the decision, its reason and its audit record. */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public PolicyDecision checkDenied() {
        return policy.check(strangerId, sender, receiver, 64);
    }

    /** A whole tell into a guest's handle-message, policy included, at the rate the guest handles them. */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public Delivery tell() {
        Delivery d;
        while (!(d = runtime.router().tell(tell)).accepted()) {
            Thread.onSpinWait();
        }
        return d;
    }
}
