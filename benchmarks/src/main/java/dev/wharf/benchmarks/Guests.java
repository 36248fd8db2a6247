package dev.wharf.benchmarks;

import dev.wharf.api.ComponentLimits;
import dev.wharf.api.ComponentSpec;
import dev.wharf.runtime.internal.actor.ComponentActor;
import dev.wharf.security.internal.DeclarationPolicy;
import dev.wharf.security.internal.SecurityConfig;
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

    /** The runtime with the real security policy (strict mode, audit off), as the bundles wire it. */
    static Wired runtime(int threads) {
        return Wired.start(threads, new DeclarationPolicy(securityConfig("strict", false)));
    }

    /** The same, tracing through {@code telemetry}. */
    static Wired runtime(int threads, dev.wharf.runtime.internal.telemetry.Telemetry telemetry) {
        return Wired.start(threads, new DeclarationPolicy(securityConfig("strict", false)),
                new dev.wharf.runtime.internal.engine.WasmEngine(true, dev.wharf.runtime.internal.engine.WasmEngine.DEFAULT_MAX_TIMEOUT_MS),
                telemetry);
    }

    /** The same with {@code engine} (a compile cache of its own, say). */
    static Wired runtimeWith(dev.wharf.runtime.internal.engine.WasmEngine engine) {
        return Wired.start(0, new DeclarationPolicy(securityConfig("strict", false)), engine);
    }

    static SecurityConfig securityConfig(String mode, boolean audit) {
        return new SecurityConfig() {
            @Override public Class<? extends Annotation> annotationType() { return SecurityConfig.class; }
            @Override public String mode() { return mode; }
            @Override public boolean audit() { return audit; }
            @Override public int default$_$max$_$message$_$size() { return 1_048_576; }
            @Override public int default$_$rate$_$limit() { return 1000; }
            @Override public long audit$_$max$_$bytes() { return 10L << 20; }
            @Override public int audit$_$files() { return 5; }
            @Override public int audit$_$queue() { return 65_536; }
        };
    }

    static ComponentActor deploy(Wired runtime, String id, String module, List<String> receiveFrom,
            List<String> sendTo, int mailbox) {
        return deploy(runtime, id, module + ".wasm", wasm(module), receiveFrom, sendTo, mailbox);
    }

    /** Deploys {@code wasm} (named {@code file}) as component {@code id}, with the default limits but no rate limit. */
    static ComponentActor deploy(Wired runtime, String id, String file, byte[] wasm, List<String> receiveFrom,
            List<String> sendTo, int mailbox) {
        ComponentLimits d = ComponentLimits.DEFAULTS;
        ComponentLimits limits = new ComponentLimits(d.maxMessageSize(), Integer.MAX_VALUE, d.memoryMaxPages(),
                d.timeoutMs(), mailbox, d.restart(), d.maxRestarts(), d.restartWindowMs());
        ComponentSpec spec = new ComponentSpec(dev.wharf.api.ComponentId.of(id), file, receiveFrom, sendTo, limits);
        return runtime.deploy(spec, wasm);
    }

    /** The test plugin {@code extism/<name>.wasm} of module extism-plugins (on the class path). */
    static byte[] extismPlugin(String name) {
        try (InputStream in = Guests.class.getResourceAsStream("/extism/" + name + ".wasm")) {
            if (in == null) {
                throw new IllegalStateException("extism/" + name + ".wasm is not on the class path (module extism-plugins)");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

}
