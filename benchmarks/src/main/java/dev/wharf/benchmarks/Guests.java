package dev.wharf.benchmarks;

import dev.wharf.api.ComponentLimits;
import dev.wharf.api.ComponentSpec;
import dev.wharf.runtime.internal.actor.ActorSystem;
import dev.wharf.runtime.internal.actor.ComponentActor;
import dev.wharf.runtime.internal.actor.DispatcherConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.annotation.Annotation;
import java.util.List;

/** Builds the runtime outside OSGi, exactly as its DS components wire it, for benchmarks. */
final class Guests {

    private Guests() {}

    static byte[] wasm(String name) {
        try (InputStream in = Guests.class.getResourceAsStream("/guests/" + name + ".wasm")) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ActorSystem actorSystem(int threads) {
        return new ActorSystem(config(threads));
    }

    static ComponentActor deploy(ActorSystem system, String id, String module, List<String> receiveFrom,
            List<String> sendTo, int mailbox) {
        ComponentLimits d = ComponentLimits.DEFAULTS;
        ComponentLimits limits = new ComponentLimits(d.maxMessageSize(), Integer.MAX_VALUE, d.memoryMaxPages(),
                d.timeoutMs(), mailbox, d.restart(), d.maxRestarts(), d.restartWindowMs());
        ComponentSpec spec = new ComponentSpec(dev.wharf.api.ComponentId.of(id), module + ".wasm", receiveFrom, sendTo, limits);
        return system.deploy(spec, wasm(module), new ComponentActor.Origin(0, "benchmark", "0"));
    }

    static DispatcherConfig config(int threads) {
        return new DispatcherConfig() {
            @Override public Class<? extends Annotation> annotationType() { return DispatcherConfig.class; }
            @Override public int threads() { return threads; }
            @Override public int throughput() { return 64; }
            @Override public long drain_timeout_ms() { return 5000; }
            @Override public boolean compile() { return true; }
            @Override public long watchdog_tick_ms() { return 5; }
            @Override public long spin_us() { return 50; }
        };
    }
}
