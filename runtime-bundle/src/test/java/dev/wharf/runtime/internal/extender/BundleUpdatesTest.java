package dev.wharf.runtime.internal.extender;

import static dev.wharf.runtime.internal.actor.Harness.ask;
import static dev.wharf.runtime.internal.actor.Harness.text;
import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.api.ComponentState;
import dev.wharf.runtime.internal.actor.ComponentActor;
import dev.wharf.runtime.internal.actor.Origin;
import dev.wharf.runtime.internal.deploy.TestDeployer;
import dev.wharf.runtime.internal.guest.FakeGuest;
import dev.wharf.runtime.internal.guest.FakeModule;
import dev.wharf.runtime.internal.header.ComponentHeader;
import dev.wharf.runtime.internal.header.OsgiHeaderParser;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.Version;
import org.osgi.framework.startlevel.BundleStartLevel;

/** The update path of component bundles: a refresh changes nothing, an update swaps, a clause gone stops its component. */
class BundleUpdatesTest {

    @TempDir
    Path dir;

    final TestDeployer t = new TestDeployer();
    final ComponentOverrides overrides = new ComponentOverrides(t.system, t.deployer::checkSpec);
    final BundleUpdates updates = new BundleUpdates(t.deployer, overrides);

    @AfterEach
    void close() {
        t.close();
    }

    /** A bundle (id 5, {@code demo}) at {@code version} whose entries are {@code files}, as text. */
    Bundle bundle(String version, Map<String, String> files) throws IOException {
        Path root = Files.createTempDirectory(dir, "b");
        for (Map.Entry<String, String> f : files.entrySet()) {
            Files.writeString(root.resolve(f.getKey()), f.getValue());
        }
        return (Bundle) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Bundle.class}, (p, m, args) ->
                switch (m.getName()) {
                    case "getBundleId" -> 5L;
                    case "getSymbolicName" -> "demo";
                    case "getVersion" -> Version.parseVersion(version);
                    case "getState" -> Bundle.ACTIVE;
                    case "adapt" -> Proxy.newProxyInstance(getClass().getClassLoader(),
                            new Class<?>[] {BundleStartLevel.class}, (q, n, a) -> switch (n.getName()) {
                                case "isPersistentlyStarted" -> true;
                                default -> throw new UnsupportedOperationException(n.getName());
                            });
                    case "getEntry" -> {
                        Path f = root.resolve((String) args[0]);
                        yield Files.exists(f) ? f.toUri().toURL() : null;
                    }
                    case "hashCode" -> System.identityHashCode(p);
                    case "equals" -> p == args[0];
                    case "toString" -> "bundle 5 (demo " + version + ")";
                    default -> throw new UnsupportedOperationException(m.getName());
                });
    }

    List<ComponentActor> deployed(String... ids) {
        List<ComponentActor> out = new CopyOnWriteArrayList<>();
        for (String id : ids) {
            // as the extender deploys it: the spec of its clause
            out.add(t.deployer.deploy(ComponentHeader.toSpec(OsgiHeaderParser.parse(id + ".wasm;id=" + id).get(0)),
                    Map.of("id", id), "v1".getBytes(StandardCharsets.UTF_8), new Origin(5, "demo", "1.0.0")));
        }
        return out;
    }

    /**
     * The race behind "an update often becomes a stop and a fresh start": every wait for a bundle
     * to come back sets a timer; the timer of an earlier update, expiring during a later one,
     * ended the later wait too (the two lists of components are equal) and stopped them.
     */
    @Test
    void theTimerOfAnEarlierUpdateDoesNotEndTheWaitOfALaterOne() throws Exception {
        List<Runnable> timers = new ArrayList<>();
        BundleUpdates updates = new BundleUpdates(t.deployer, overrides, (task, delay) -> timers.add(task));
        t.module("v1");
        Bundle b = bundle("1.0.0", Map.of("a.wasm", "v1"));
        ComponentActor a = deployed("a").get(0);

        List<ComponentActor> first = new ArrayList<>(List.of(a));
        assertThat(updates.await(b, first)).isTrue(); // the first update: back at once
        assertThat(updates.remove(5)).isSameAs(first);
        List<ComponentActor> second = new ArrayList<>(List.of(a));
        assertThat(updates.await(b, second)).isTrue(); // a later update, still under way
        timers.get(0).run(); // the first update's timer expires now

        assertThat(updates.remove(5)).as("the later update still waits").isSameAs(second);
        assertThat(a.state()).isEqualTo(ComponentState.READY);
    }

    @Test
    void aRefreshWithNothingChangedKeepsTheComponentsAsTheyAre() throws Exception {
        FakeModule v1 = t.module("v1");
        List<ComponentActor> previous = deployed("a");
        List<ComponentActor> started = new ArrayList<>();
        updates.swap(bundle("1.0.0", Map.of("a.wasm", "v1")), "a.wasm;id=a", previous, started);
        assertThat(started).containsExactlyElementsOf(previous);
        assertThat(v1.created).hasValue(1);
        assertThat(previous.get(0).reason()).isEmpty();
    }

    @Test
    void anUpdateSwapsEachComponentAndAClauseThatIsGoneStopsItsComponent() throws Exception {
        t.module("v1");
        FakeModule v2 = t.module("v2");
        List<ComponentActor> previous = deployed("a", "b");
        List<ComponentActor> started = new ArrayList<>();
        updates.swap(bundle("2.0.0", Map.of("a.wasm", "v2")), "a.wasm;id=a", previous, started);
        ComponentActor a = previous.get(0);
        assertThat(started).containsExactly(a);
        assertThat(a.module()).isSameAs(v2);
        assertThat(a.reason()).contains("updated 1.0.0 -> 2.0.0");
        assertThat(previous.get(1).state()).isEqualTo(ComponentState.STOPPED);
        assertThat(text(ask(a, "x"))).isEqualTo("x");
    }

    @Test
    void aRefusedUpdateIsReportedAndTheOldVersionGoesOn() throws Exception {
        t.module("v1");
        FakeModule broken = t.module("v2");
        broken.script = new FakeModule.Script() {
            @Override
            public void initialize(FakeGuest g) {
                throw new IllegalStateException("v2 traps");
            }
        };
        List<ComponentActor> previous = deployed("a");
        List<ComponentActor> started = new ArrayList<>();
        updates.swap(bundle("2.0.0", Map.of("a.wasm", "v2")), "a.wasm;id=a", previous, started);
        ComponentActor a = previous.get(0);
        assertThat(started).containsExactly(a);
        assertThat(a.state()).isEqualTo(ComponentState.READY);
        assertThat(a.reason().orElseThrow()).startsWith("update to 2.0.0 refused, version 1.0.0 goes on").contains("v2 traps");
        assertThat(t.deployer.problems().all()).singleElement().satisfies(p -> assertThat(p.message()).contains("v2 traps"));
        assertThat(broken.live()).isZero();
    }

    @Test
    void aComponentItsSupervisorStoppedIsStoppedForTheNewVersionToStartAfresh() throws Exception {
        FakeModule v1 = t.module("v1");
        List<ComponentActor> previous = deployed("a");
        previous.get(0).requestRestart(dev.wharf.api.RestartRecord.Reason.OPERATOR, "x");
        previous.get(0).stop(1000);
        List<ComponentActor> started = new ArrayList<>();
        updates.swap(bundle("1.0.1", Map.of("a.wasm", "v1")), "a.wasm;id=a", previous, started);
        assertThat(started).isEmpty();
        assertThat(t.system.actors()).isEmpty();
        assertThat(v1.live()).isZero();
    }
}
