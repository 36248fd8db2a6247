package dev.wharf.runtime.internal.registry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.api.ComponentId;
import dev.wharf.api.ComponentLimits;
import dev.wharf.api.ComponentMetadata;
import dev.wharf.api.ComponentSpec;
import dev.wharf.api.ComponentState;
import dev.wharf.api.HealthStatus;
import dev.wharf.spi.registry.ComponentStore;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RegistryPublisherTest {

    /** A store that records every write and can be held on its first write. */
    static final class RecordingStore implements ComponentStore {
        final List<String> writes = new CopyOnWriteArrayList<>();
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release;
        final List<String> threads = new CopyOnWriteArrayList<>();

        RecordingStore(boolean hold) {
            release = new CountDownLatch(hold ? 1 : 0);
        }

        @Override
        public void put(ComponentMetadata m) {
            record(m.id() + " " + m.state() + "@" + m.stateSince().getEpochSecond() + " " + m.health().label());
        }

        @Override
        public boolean remove(ComponentId id) {
            record(id + " removed");
            return true;
        }

        private void record(String what) {
            threads.add(Thread.currentThread().getName());
            writes.add(what);
            entered.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    static ComponentMetadata entry(String id, ComponentState state, long since, HealthStatus health) {
        ComponentSpec spec = new ComponentSpec(ComponentId.of(id), id + ".wasm", List.of(), List.of(), ComponentLimits.DEFAULTS);
        return new ComponentMetadata(spec, 1, "b", "1.0.0", "00", List.of(), state, Instant.ofEpochSecond(since),
                Optional.empty(), health, 0, Instant.ofEpochSecond(0), List.of());
    }

    static final HealthStatus SICK = new HealthStatus.Unhealthy("sick");
    static final HealthStatus TIRED = new HealthStatus.Degraded("tired");

    RegistryPublisher publisher;

    @AfterEach
    void stop() {
        if (publisher != null) {
            publisher.stop();
        }
    }

    @Test
    void writesOnItsOwnThreadAndAwaitWaitsForTheWrite() {
        RecordingStore store = new RecordingStore(false);
        publisher = new RegistryPublisher(List::of, 100);
        publisher.bindStore(store);
        long ticket = publisher.publish(entry("a", ComponentState.READY, 1, HealthStatus.HEALTHY));
        assertThat(publisher.await(ticket, 5000)).isTrue();
        assertThat(store.writes).containsExactly("a READY@1 healthy");
        assertThat(store.threads).containsOnly("wharf-registry-writer");
    }

    @Test
    void coalescesUpdatesThatKeepTheStateButWritesEveryChangeOfState() throws Exception {
        RecordingStore store = new RecordingStore(true);
        publisher = new RegistryPublisher(List::of, 100);
        publisher.bindStore(store);
        publisher.publish(entry("a", ComponentState.STARTING, 1, TIRED));
        assertThat(store.entered.await(5, TimeUnit.SECONDS)).isTrue(); // the writer is busy with it
        publisher.publish(entry("a", ComponentState.READY, 2, HealthStatus.HEALTHY));
        publisher.publish(entry("a", ComponentState.READY, 2, SICK));
        publisher.publish(entry("a", ComponentState.READY, 2, TIRED));
        publisher.publish(entry("a", ComponentState.STOPPING, 3, TIRED));
        publisher.publish(entry("a", ComponentState.STOPPED, 4, SICK));
        long last = publisher.publish(entry("a", ComponentState.STOPPED, 4, HealthStatus.HEALTHY));
        store.release.countDown();
        assertThat(publisher.await(last, 5000)).isTrue();
        assertThat(store.writes).containsExactly("a STARTING@1 degraded", "a READY@2 degraded", "a STOPPING@3 degraded",
                "a STOPPED@4 healthy");
    }

    @Test
    void keepsTheOrderOfEachComponentsUpdatesAndOfRemovals() throws Exception {
        RecordingStore store = new RecordingStore(true);
        publisher = new RegistryPublisher(List::of, 100);
        publisher.bindStore(store);
        publisher.publish(entry("x", ComponentState.READY, 1, HealthStatus.HEALTHY));
        assertThat(store.entered.await(5, TimeUnit.SECONDS)).isTrue();
        publisher.publish(entry("a", ComponentState.READY, 1, HealthStatus.HEALTHY));
        publisher.publish(entry("b", ComponentState.READY, 1, HealthStatus.HEALTHY));
        publisher.remove(ComponentId.of("a"));
        publisher.publish(entry("b", ComponentState.FAILED, 2, SICK));
        long last = publisher.publish(entry("a", ComponentState.STARTING, 3, TIRED));
        store.release.countDown();
        assertThat(publisher.await(last, 5000)).isTrue();
        assertThat(store.writes).containsExactly("x READY@1 healthy", "a READY@1 healthy", "b READY@1 healthy",
                "a removed", "b FAILED@2 unhealthy", "a STARTING@3 degraded");
    }

    @Test
    void aStoreThatAppearsLearnsEveryLiveComponent() {
        RecordingStore store = new RecordingStore(false);
        publisher = new RegistryPublisher(() -> List.of(entry("a", ComponentState.READY, 1, HealthStatus.HEALTHY),
                entry("b", ComponentState.FAILED, 2, SICK)), 100);
        long nothing = publisher.publish(entry("c", ComponentState.READY, 1, HealthStatus.HEALTHY));
        assertThat(publisher.await(nothing, 5000)).isTrue();
        assertThat(store.writes).isEmpty(); // no store yet: nothing to write to
        publisher.bindStore(store);
        assertThat(publisher.await(publisher.publish(entry("z", ComponentState.READY, 1, HealthStatus.HEALTHY)), 5000)).isTrue();
        assertThat(store.writes).containsExactly("a READY@1 healthy", "b FAILED@2 unhealthy", "z READY@1 healthy");
    }

    @Test
    void aStoreFarBehindGetsTheLatestOfEachComponentAndTheQueueStaysBounded() throws Exception {
        RecordingStore store = new RecordingStore(true);
        publisher = new RegistryPublisher(List::of, 2);
        publisher.bindStore(store);
        publisher.publish(entry("x", ComponentState.READY, 1, HealthStatus.HEALTHY));
        assertThat(store.entered.await(5, TimeUnit.SECONDS)).isTrue();
        publisher.publish(entry("a", ComponentState.READY, 1, HealthStatus.HEALTHY));
        publisher.publish(entry("b", ComponentState.READY, 1, HealthStatus.HEALTHY));
        // full: a's state changes are merged into its queued update, c cannot get in
        publisher.publish(entry("a", ComponentState.STOPPING, 2, TIRED));
        publisher.publish(entry("a", ComponentState.STOPPED, 3, SICK));
        long last = publisher.publish(entry("c", ComponentState.READY, 1, HealthStatus.HEALTHY));
        store.release.countDown();
        assertThat(publisher.await(last, 5000)).isTrue();
        assertThat(store.writes).containsExactly("x READY@1 healthy", "a STOPPED@3 unhealthy", "b READY@1 healthy");
    }

    @Test
    void stopWritesWhatIsQueuedAndEndsTheThread() throws Exception {
        RecordingStore store = new RecordingStore(false);
        publisher = new RegistryPublisher(List::of, 100);
        publisher.bindStore(store);
        for (int i = 0; i < 50; i++) {
            publisher.publish(entry("c" + i, ComponentState.READY, 1, HealthStatus.HEALTHY));
        }
        publisher.stop();
        assertThat(store.writes).hasSize(50);
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().equals("wharf-registry-writer"));
        publisher = null;
    }
}
