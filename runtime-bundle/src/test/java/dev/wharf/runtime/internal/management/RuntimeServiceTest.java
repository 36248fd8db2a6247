package dev.wharf.runtime.internal.management;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.api.ComponentId;
import dev.wharf.api.ComponentState;
import dev.wharf.api.RestartPolicy;
import dev.wharf.api.runtime.ComponentInfo;
import dev.wharf.api.runtime.InstanceStats;
import dev.wharf.runtime.internal.actor.ComponentActor;
import dev.wharf.runtime.internal.actor.Harness;
import dev.wharf.runtime.internal.guest.FakeModule;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** What {@link RuntimeService} says of a live component's instances. */
class RuntimeServiceTest {

    @Test
    void aLiveComponentListsItsInstancesByNumber() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        FakeModule m = new FakeModule();
        try (Harness h = new Harness(true)) {
            RuntimeService runtime = new RuntimeService(h.system, null, h.watchdog);
            ComponentActor a = h.actor("pool", m, Harness.limits(2000, RestartPolicy.PERMANENT, 5, 3));
            a.start();
            ComponentId id = ComponentId.of("pool");

            List<InstanceStats> atRest = runtime.component(id).map(ComponentInfo::instances).orElseThrow();
            assertThat(atRest).extracting(InstanceStats::number).containsExactly(1);
            assertThat(atRest.get(0).state()).isEqualTo(ComponentState.READY);
            assertThat(atRest.get(0).busy()).isFalse();

            m.script = FakeModule.waitingFor(release);
            CompletableFuture<byte[]> first = Harness.ask(a, "1");
            assertThat(Harness.eventually(a::busy)).isTrue();
            // from another thread: another sender for the host, not bound to the busy instance
            CompletableFuture<byte[]> second = CompletableFuture.supplyAsync(() -> Harness.ask(a, "2")).get();
            assertThat(Harness.eventually(() -> a.instances().size() == 2)).as("a second instance started").isTrue();

            ComponentInfo busy = runtime.component(id).orElseThrow();
            assertThat(busy.instances()).extracting(InstanceStats::number).containsExactly(1, 2);
            assertThat(busy.instances().get(0).busy()).isTrue();
            assertThat(runtime.components()).filteredOn(c -> c.id().equals(id)).singleElement()
                    .satisfies(c -> assertThat(c.instances()).hasSize(2));
            assertThat(runtime.stats(id).orElseThrow().instances()).hasSize(2);

            release.countDown();
            Harness.text(first);
            Harness.text(second);
        }
    }

    @Test
    void oneInstanceByDefault() throws Exception {
        try (Harness h = new Harness()) {
            RuntimeService runtime = new RuntimeService(h.system, null, h.watchdog);
            h.started("solo", new FakeModule());
            ComponentInfo c = runtime.component(ComponentId.of("solo")).orElseThrow();
            assertThat(c.instances()).extracting(InstanceStats::number).containsExactly(1);
            assertThat(c.metadata().spec().limits().instances()).isEqualTo(1);
        }
    }
}
