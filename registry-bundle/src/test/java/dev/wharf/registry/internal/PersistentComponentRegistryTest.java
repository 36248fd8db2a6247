package dev.wharf.registry.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wharf.api.ComponentId;
import dev.wharf.api.ComponentLimits;
import dev.wharf.api.ComponentMetadata;
import dev.wharf.api.ComponentSpec;
import dev.wharf.api.ComponentState;
import dev.wharf.api.ExportSignature;
import dev.wharf.api.HealthStatus;
import dev.wharf.api.RestartRecord;
import dev.wharf.api.ValueType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PersistentComponentRegistryTest {

    @TempDir
    Path dir;

    static ComponentMetadata entry(String id, long bundle, ComponentState state, Instant since, int restarts) {
        ComponentSpec spec = new ComponentSpec(ComponentId.of(id), id + ".wasm", List.of("gateway", "billing.*"),
                List.of("audit"), ComponentLimits.DEFAULTS);
        return new ComponentMetadata(spec, bundle, "b" + bundle, "1.0.0", "ab12",
                List.of(new ExportSignature("add", List.of(ValueType.I32, ValueType.I64), List.of(ValueType.F64))),
                state, since, Optional.of("why"), new HealthStatus.Degraded("slow"), restarts, Instant.ofEpochSecond(100),
                List.of(new RestartRecord(Instant.ofEpochSecond(200), RestartRecord.Reason.TRAP, "unreachable")));
    }

    PersistentComponentRegistry open(Map<Long, String> bundles) {
        return new PersistentComponentRegistry(dir.resolve(PersistentComponentRegistry.FILE), bundles::get);
    }

    @Test
    void registerLookupListAndQueries() {
        PersistentComponentRegistry r = open(Map.of(1L, "b1"));
        r.put(entry("b", 1, ComponentState.READY, Instant.ofEpochSecond(1), 0));
        r.put(entry("a", 1, ComponentState.STARTING, Instant.ofEpochSecond(1), 0));
        assertThat(r.list()).extracting(m -> m.id().value()).containsExactly("a", "b");
        assertThat(r.list(ComponentState.READY)).extracting(m -> m.id().value()).containsExactly("b");
        assertThat(r.withExport("add")).hasSize(2);
        assertThat(r.withExport("sub")).isEmpty();
        assertThat(r.withCapability("send-to:audit")).hasSize(2);
        assertThat(r.withCapability("receive-from:billing.*")).hasSize(2);
        assertThat(r.withCapability("receive-from:nobody")).isEmpty();
        assertThatThrownBy(() -> r.withCapability("audit")).hasMessageContaining("send-to:<pattern>");
        assertThat(r.lookup(ComponentId.of("missing"))).isEmpty();
        assertThat(r.remove(ComponentId.of("missing"))).isFalse();
        assertThat(r.remove(ComponentId.of("a"))).isTrue();
        assertThat(r.history(ComponentId.of("missing"))).isEmpty();
        r.deactivate();
    }

    @Test
    void everythingSurvivesAReopenAndStateChangesAreHistory() {
        PersistentComponentRegistry r = open(Map.of(1L, "b1"));
        r.put(entry("calc", 1, ComponentState.STARTING, Instant.ofEpochSecond(10), 0));
        r.put(entry("calc", 1, ComponentState.READY, Instant.ofEpochSecond(11), 0));
        r.put(entry("calc", 1, ComponentState.READY, Instant.ofEpochSecond(11), 0)); // same state: no history
        r.put(entry("calc", 1, ComponentState.STARTING, Instant.ofEpochSecond(12), 1));
        r.put(entry("calc", 1, ComponentState.READY, Instant.ofEpochSecond(13), 1));
        r.deactivate();

        PersistentComponentRegistry again = open(Map.of(1L, "b1"));
        ComponentMetadata m = again.lookup(ComponentId.of("calc")).orElseThrow();
        assertThat(m.restartCount()).isEqualTo(1);
        assertThat(m.firstInstalled()).isEqualTo(Instant.ofEpochSecond(100));
        assertThat(m.restarts()).singleElement().extracting(RestartRecord::detail).isEqualTo("unreachable");
        assertThat(m.exports()).isEqualTo(entry("x", 1, ComponentState.READY, Instant.EPOCH, 0).exports());
        assertThat(m.health()).isEqualTo(new HealthStatus.Degraded("slow"));
        assertThat(m.spec()).isEqualTo(entry("calc", 1, ComponentState.READY, Instant.EPOCH, 0).spec());
        // a container restart: stopped until the runtime brings it back
        assertThat(m.state()).isEqualTo(ComponentState.STOPPED);
        assertThat(again.history(ComponentId.of("calc"))).extracting(c -> c.state()).containsExactly(
                ComponentState.STARTING, ComponentState.READY, ComponentState.STARTING, ComponentState.READY,
                ComponentState.STOPPED);
        again.deactivate();
    }

    @Test
    void entriesOfBundlesThatAreGoneAreRemovedAtStartAndOnUninstall() {
        PersistentComponentRegistry r = open(Map.of(1L, "b1", 2L, "b2"));
        r.put(entry("one", 1, ComponentState.READY, Instant.ofEpochSecond(1), 0));
        r.put(entry("two", 2, ComponentState.READY, Instant.ofEpochSecond(1), 0));
        r.put(entry("three", 3, ComponentState.READY, Instant.ofEpochSecond(1), 0));
        r.deactivate();
        // bundle 2 was uninstalled while the container was down; bundle 3 is now another bundle
        PersistentComponentRegistry again = open(Map.of(1L, "b1", 3L, "other"));
        assertThat(again.list()).extracting(m -> m.id().value()).containsExactly("one");
        again.bundleUninstalled(1);
        assertThat(again.list()).isEmpty();
        again.deactivate();
        assertThat(open(Map.of(1L, "b1")).list()).isEmpty();
    }

    @Test
    void aCorruptStoreIsMovedAsideAndTheRegistryStartsEmpty() throws Exception {
        Path file = dir.resolve(PersistentComponentRegistry.FILE);
        Files.write(file, "this is not an MVStore file at all".repeat(200).getBytes());
        PersistentComponentRegistry r = open(Map.of(1L, "b1"));
        assertThat(r.list()).isEmpty();
        r.put(entry("fresh", 1, ComponentState.READY, Instant.ofEpochSecond(1), 0));
        r.deactivate();
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .anyMatch(n -> n.startsWith(PersistentComponentRegistry.FILE + ".unreadable-"));
        }
        assertThat(open(Map.of(1L, "b1")).lookup(ComponentId.of("fresh"))).isPresent();
    }

    @Test
    void aStoreOfANewerFormatIsMovedAsideNotMisread() throws Exception {
        Path file = dir.resolve(PersistentComponentRegistry.FILE);
        org.h2.mvstore.MVStore newer = new org.h2.mvstore.MVStore.Builder().fileName(file.toString()).open();
        newer.<String, Integer>openMap("wharf").put("format", EntryCodec.FORMAT + 1);
        newer.commit();
        newer.close();
        PersistentComponentRegistry r = open(Map.of(1L, "b1"));
        assertThat(r.list()).isEmpty();
        r.deactivate();
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .anyMatch(n -> n.startsWith(PersistentComponentRegistry.FILE + ".unreadable-"));
        }
    }

    @Test
    void concurrentReadsAndWrites() throws Exception {
        PersistentComponentRegistry r = open(Map.of(1L, "b1"));
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> work = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int thread = t;
                work.add(pool.submit(() -> {
                    for (int i = 0; i < 200; i++) {
                        String id = "c" + thread + "-" + (i % 20);
                        r.put(entry(id, 1, i % 2 == 0 ? ComponentState.READY : ComponentState.STARTING,
                                Instant.ofEpochSecond(i), i));
                        assertThat(r.lookup(ComponentId.of(id))).isPresent();
                        r.list();
                    }
                }));
            }
            for (Future<?> f : work) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(r.list()).hasSize(80);
        r.deactivate();
        assertThat(open(Map.of(1L, "b1")).list()).hasSize(80);
    }

    @Test
    void aRestartOfTheRegistryAloneAddsNoFalseStopToTheHistory() {
        Path file = dir.resolve(PersistentComponentRegistry.FILE);
        Map<Long, String> bundles = Map.of(1L, "b1");
        PersistentComponentRegistry r = new PersistentComponentRegistry(file, bundles::get, "launch-1");
        r.put(entry("live", 1, ComponentState.READY, Instant.ofEpochSecond(10), 0));
        r.deactivate();
        // the same launch of the framework: the component is still running
        PersistentComponentRegistry again = new PersistentComponentRegistry(file, bundles::get, "launch-1");
        assertThat(again.lookup(ComponentId.of("live")).orElseThrow().state()).isEqualTo(ComponentState.READY);
        assertThat(again.history(ComponentId.of("live"))).extracting(c -> c.state()).containsExactly(ComponentState.READY);
        again.deactivate();
        // a new launch: the container restarted, and nothing runs until the runtime says so
        PersistentComponentRegistry restarted = new PersistentComponentRegistry(file, bundles::get, "launch-2");
        assertThat(restarted.lookup(ComponentId.of("live")).orElseThrow().state()).isEqualTo(ComponentState.STOPPED);
        restarted.deactivate();
    }

    @Test
    void historyTimesNeverGoBackwards() {
        PersistentComponentRegistry r = open(Map.of(1L, "b1"));
        ComponentMetadata before = entry("back", 1, ComponentState.READY, Instant.ofEpochSecond(10), 0);
        r.put(before);
        r.put(entry("back", 1, ComponentState.STARTING, Instant.ofEpochSecond(20), 0));
        // a failed deploy puts the earlier entry back: the entry is restored, the history does not go back in time
        r.put(before);
        assertThat(r.lookup(ComponentId.of("back")).orElseThrow().state()).isEqualTo(ComponentState.READY);
        assertThat(r.history(ComponentId.of("back"))).extracting(c -> c.time().getEpochSecond()).isSorted();
        r.deactivate();
    }
}
