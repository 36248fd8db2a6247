package dev.wharf.capabilities.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.api.ComponentId;
import dev.wharf.api.ComponentLimits;
import dev.wharf.api.ComponentMetadata;
import dev.wharf.api.ComponentSpec;
import dev.wharf.api.ComponentState;
import dev.wharf.api.HealthStatus;
import dev.wharf.api.runtime.ComponentInfo;
import dev.wharf.api.runtime.ComponentRuntime;
import dev.wharf.spi.capability.CapabilityUsage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@link KvCapability#usage} tells the Web Console, and the quota it shares with {@code wasm:kv}. */
class KvUsageTest {

    static final ComponentId A = ComponentId.of("a");
    static final ComponentId B = ComponentId.of("b");

    @TempDir
    Path dir;
    KvStore store;
    KvCapability kv;

    @BeforeEach
    void open() {
        store = new KvStore(dir.resolve(KvStore.FILE));
        kv = new KvCapability(store, Configs.kv(1000));
    }

    @AfterEach
    void close() {
        kv.deactivate();
    }

    void put(ComponentId id, String key, String value) {
        assertThat(store.set(id, bytes(key), bytes(value), 1000)).isTrue();
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** A runtime that knows only component {@code a}, which sets {@code kv-max-bytes} to {@code quota}. */
    static ComponentRuntime runtimeKnowingA(String quota) {
        ComponentSpec spec = new ComponentSpec(A, "a.wasm", List.of(), List.of(), ComponentLimits.DEFAULTS, Set.of(),
                List.of("kv"), Map.of(KvCapability.MAX_BYTES, quota));
        Instant t = Instant.parse("2026-12-01T10:00:00Z");
        ComponentInfo a = ComponentInfo.remembered(new ComponentMetadata(spec, 1, "dev.example", "1.0.0", "abcd",
                List.of(), ComponentState.STOPPED, t, Optional.empty(), HealthStatus.HEALTHY, 0, t, List.of()));
        return (ComponentRuntime) Proxy.newProxyInstance(ComponentRuntime.class.getClassLoader(),
                new Class<?>[] {ComponentRuntime.class}, (proxy, method, args) -> {
                    if (method.getName().equals("component")) {
                        return A.equals(args[0]) ? Optional.of(a) : Optional.empty();
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    @Test
    void entriesAndBytesOfTheComponentWithTheDefaultQuota() {
        put(A, "color", "green");
        put(A, "n", "1");
        put(B, "other", "x");
        assertThat(kv.usage(A)).containsExactly(new CapabilityUsage("entries", 2, CapabilityUsage.NO_LIMIT),
                new CapabilityUsage("bytes", 12, 1000));
        put(A, "color", "red");
        assertThat(kv.usage(A)).containsExactly(new CapabilityUsage("entries", 2, CapabilityUsage.NO_LIMIT),
                new CapabilityUsage("bytes", 10, 1000));
    }

    @Test
    void aComponentWithoutEntriesHoldsNoneOfItsQuotaAndGetsNoMapForTheQuestion() {
        assertThat(kv.usage(ComponentId.of("nobody"))).containsExactly(
                new CapabilityUsage("entries", 0, CapabilityUsage.NO_LIMIT), new CapabilityUsage("bytes", 0, 1000));
        assertThat(kv.entries(ComponentId.of("nobody"), "")).isEmpty();
    }

    @Test
    void theQuotaIsTheComponentsKvMaxBytesWhileTheRuntimeKnowsItAsWasmKvShows() {
        put(A, "k", "v");
        kv.runtime = runtimeKnowingA("500");
        assertThat(kv.usage(A)).contains(new CapabilityUsage("bytes", 2, 500));
        assertThat(kv.usage(B)).contains(new CapabilityUsage("bytes", 0, 1000));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new KvCommands(kv).kv(new PrintStream(out, true, StandardCharsets.UTF_8), "a");
        assertThat(out.toString(StandardCharsets.UTF_8)).endsWith("1 entries, 2 of 500 bytes\n");
        kv.runtime = null;
        assertThat(kv.usage(A)).contains(new CapabilityUsage("bytes", 2, 1000));
    }

    @Test
    void aClosedStoreAnswersEmptyInsteadOfThrowing() {
        put(A, "k", "v");
        kv.deactivate();
        assertThat(kv.usage(A)).isEmpty();
        assertThat(kv.usage(B)).isEmpty();
    }

    @Test
    void aUsageLineChecksItsArguments() {
        assertThat(new CapabilityUsage("bytes", 0, 0).limited()).isTrue();
        assertThat(new CapabilityUsage("entries", 3, CapabilityUsage.NO_LIMIT).limited()).isFalse();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new CapabilityUsage(" ", 1, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs a name");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new CapabilityUsage("bytes", -1, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'bytes' cannot be negative: -1");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new CapabilityUsage("bytes", 1, -2))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("limit -2");
    }
}
