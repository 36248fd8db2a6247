package dev.wharf.runtime.internal.actor;

import dev.wharf.api.ComponentId;
import dev.wharf.api.ComponentLimits;
import dev.wharf.api.ComponentMetadata;
import dev.wharf.api.ComponentSpec;
import dev.wharf.api.Delivery;
import dev.wharf.api.RestartPolicy;
import dev.wharf.api.RestartRecord;
import dev.wharf.runtime.internal.codec.ArgumentCodec;
import dev.wharf.runtime.internal.guest.FakeModule;
import dev.wharf.runtime.internal.telemetry.Telemetry;
import dev.wharf.runtime.internal.telemetry.Tracing;
import java.lang.annotation.Annotation;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * An actor system wired by hand for unit tests: a real pool and watchdog, fake guests, an outbox
 * that refuses everything, and a list of what the registry would have been told.
 */
public final class Harness implements AutoCloseable {

    public static final Origin ORIGIN = new Origin(7, "test.bundle", "1.0.0");

    public final Watchdog watchdog = new Watchdog(1);
    public final ActorSystem system;
    public final List<ComponentMetadata> published = new CopyOnWriteArrayList<>();
    public ActorServices services;

    public Harness(boolean callerRuns) {
        this(callerRuns, 30_000);
    }

    /** @param instanceIdleMs how long an instance beyond a component's first may idle before it is given back */
    public Harness(boolean callerRuns, long instanceIdleMs) {
        this(callerRuns, instanceIdleMs, new Telemetry());
    }

    /** A harness whose actors trace through {@code tracing}. */
    public Harness(Tracing tracing) {
        this(false, 30_000, new Telemetry(tracing));
    }

    private Harness(boolean callerRuns, long instanceIdleMs, Telemetry telemetry) {
        system = new ActorSystem(watchdog, telemetry, config(2, callerRuns, instanceIdleMs), Map.of());
        Outbox none = new Outbox() {
            @Override
            public Delivery send(ComponentActor from, ComponentId to, byte[] payload) {
                return new Delivery.Refused(new dev.wharf.api.UnknownComponentException(to));
            }

            @Override
            public CompletableFuture<byte[]> ask(ComponentActor from, ComponentId to, byte[] payload) {
                return CompletableFuture.failedFuture(new dev.wharf.api.UnknownComponentException(to));
            }
        };
        services = new ActorServices(system, watchdog, none, a -> published.add(a.metadata()), new ArgumentCodec(),
                () -> new GuestLogLimits(100, 200), CapabilityRouter.NONE);
    }

    public Harness() {
        this(false);
    }

    /** Sends of the guests go to {@code outbox} (a router) from now on. */
    public void outbox(Outbox outbox) {
        services = new ActorServices(system, watchdog, outbox, services.changes(), services.codec(), services.logLimits(),
                services.capabilities());
    }

    public static ComponentLimits limits(long timeoutMs, RestartPolicy restart, int maxRestarts) {
        return limits(timeoutMs, restart, maxRestarts, 1);
    }

    public static ComponentLimits limits(long timeoutMs, RestartPolicy restart, int maxRestarts, int instances) {
        ComponentLimits d = ComponentLimits.DEFAULTS;
        return new ComponentLimits(d.maxMessageSize(), d.rateLimit(), d.memoryMaxPages(), timeoutMs, d.mailbox(), restart,
                maxRestarts, 60_000, instances);
    }

    public static ComponentSpec spec(String id, ComponentLimits limits) {
        return new ComponentSpec(ComponentId.of(id), id + ".wasm", List.of(), List.of(), limits);
    }

    /** A component of {@code module}, in the actor table and watched, not started. */
    public ComponentActor actor(String id, FakeModule module, ComponentLimits limits) {
        ComponentActor a = new ComponentActor(services, spec(id, limits), Map.of("id", id), module, ORIGIN,
                Instant.now(), 0, List.<RestartRecord>of());
        system.add(a);
        watchdog.watch(a.guard());
        return a;
    }

    /** A started component of {@code module} with a 500 ms timeout, restarted always, at most 5 times a minute. */
    public ComponentActor started(String id, FakeModule module) {
        ComponentActor a = actor(id, module, limits(500, RestartPolicy.PERMANENT, 5));
        a.start();
        return a;
    }

    /** An ask from the host; the future fails with the refusal when it is refused. */
    public static CompletableFuture<byte[]> ask(MessageTarget a, String text) {
        CompletableFuture<byte[]> reply = new CompletableFuture<>();
        Delivery d = a.enqueue(new Envelope.Deliver(ComponentId.HOST, a.id(), text.getBytes(StandardCharsets.UTF_8), reply,
                new DeadLetters(10, System.getLogger("test"))), false);
        if (d instanceof Delivery.Refused r) {
            reply.completeExceptionally(r.error());
        }
        return reply;
    }

    public static String text(CompletableFuture<byte[]> reply) throws Exception {
        return new String(reply.get(5, TimeUnit.SECONDS), StandardCharsets.UTF_8);
    }

    /** Waits at most 5 s for {@code condition}; returns whether it held. */
    public static boolean eventually(BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - end > 0) {
                return false;
            }
            Thread.sleep(2);
        }
        return true;
    }

    @Override
    public void close() {
        for (ComponentActor a : system.actors()) {
            a.stop(1000);
            system.remove(a);
        }
        watchdog.stop();
        system.shutdown();
    }

    public static DispatcherConfig config(int threads, boolean callerRuns) {
        return config(threads, callerRuns, 30_000);
    }

    public static DispatcherConfig config(int threads, boolean callerRuns, long instanceIdleMs) {
        return new DispatcherConfig() {
            @Override public Class<? extends Annotation> annotationType() { return DispatcherConfig.class; }
            @Override public int threads() { return threads; }
            @Override public int throughput() { return 64; }
            @Override public long drain$_$timeout$_$ms() { return 2000; }
            @Override public long spin$_$us() { return 0; }
            @Override public boolean caller$_$runs() { return callerRuns; }
            @Override public int max$_$threads() { return 0; }
            @Override public long blocked$_$after$_$ms() { return 20; }
            @Override public int max$_$capability$_$calls() { return 256; }
            @Override public long instance$_$idle$_$ms() { return instanceIdleMs; }
        };
    }
}
