package dev.wharf.itest;

import static dev.wharf.itest.WharfTestSupport.eventually;
import static dev.wharf.itest.WharfTestSupport.invoke;
import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.api.ComponentId;
import dev.wharf.api.ComponentRegistry;
import dev.wharf.api.ComponentState;
import dev.wharf.api.MessageDispatcher;
import dev.wharf.api.runtime.ComponentRuntime;
import java.util.Map;
import org.apache.felix.service.command.CommandProcessor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.junit5.context.BundleContextExtension;
import org.osgi.test.junit5.service.ServiceExtension;

/** An id belongs to the symbolic name that first registered it, until that bundle is uninstalled. */
@ExtendWith(BundleContextExtension.class)
@ExtendWith(ServiceExtension.class)
class OwnershipIT {

    @InjectBundleContext
    BundleContext context;

    @InjectService(timeout = 10_000)
    MessageDispatcher dispatcher;

    @InjectService(timeout = 10_000)
    ComponentRuntime runtime;

    @InjectService(timeout = 10_000)
    ComponentRegistry registry;

    @InjectService(timeout = 10_000)
    CommandProcessor processor;

    Bundle install(String bsn, String version, String header) throws Exception {
        return context.installBundle("wharf-itest:" + bsn + "-" + version, ComponentBundles.stream(ComponentBundles.jar(
                bsn, version, header, Map.of("mailbox.wasm", ComponentBundles.guest("mailbox")))));
    }

    boolean problemNames(Bundle b, String text) {
        return runtime.problems().stream().anyMatch(p -> p.bundleId() == b.getBundleId() && p.message().contains(text));
    }

    @Test
    void anotherBundleWaitsWhateverTheStartOrderUntilTheOwnerIsUninstalled() throws Exception {
        Bundle owner = install("com.example.recv", "1.0.0", "mailbox.wasm;id=own.recv;receive-from=sender");
        Bundle squatter = install("com.example.squat", "1.0.0", "mailbox.wasm;id=own.recv;receive-from=\"*\"");
        owner.start();
        squatter.start();
        assertThat(problemNames(squatter, "already provided by")).isTrue();
        // the owner stops: its id is still its own, whatever starts next
        owner.stop();
        squatter.stop();
        squatter.start();
        assertThat(problemNames(squatter, "'own.recv' is owned by com.example.recv")).isTrue();
        Shell shell = new Shell(processor);
        // every command agrees on what exists
        assertThat(shell.run("wasm:invoke own.recv count")).startsWith("error: component 'own.recv' is not deployed")
                .contains("is owned by com.example.recv");
        assertThat(shell.run("wasm:info own.recv")).contains("state:       STOPPED");
        owner.start();
        assertThat(invoke(dispatcher, "own.recv", "count", Args.json("[]")).values()).containsExactly(0);
        assertThat(WharfTestSupport.settled(registry, runtime, ComponentId.of("own.recv")).orElseThrow().bundleSymbolicName()).isEqualTo("com.example.recv");

        // uninstalled: the waiting bundle takes the id at once, without a touch
        owner.uninstall();
        eventually(() -> runtime.component(ComponentId.of("own.recv")).filter(c -> c.live()
                && c.metadata().state() == ComponentState.READY).isPresent(), "the squatter takes over");
        assertThat(WharfTestSupport.settled(registry, runtime, ComponentId.of("own.recv")).orElseThrow().bundleSymbolicName()).isEqualTo("com.example.squat");
        assertThat(problemNames(squatter, "own.recv")).isFalse();
        squatter.uninstall();
    }

    @Test
    void aNewVersionDroppedBesideTheOldTakesOverWhenTheOldIsDeleted() throws Exception {
        Bundle old = install("com.example.x", "1.0.0", "mailbox.wasm;id=own.x");
        old.start();
        Bundle newer = install("com.example.x", "1.1.0", "mailbox.wasm;id=own.x");
        newer.start();
        assertThat(problemNames(newer, "already provided by")).isTrue();
        assertThat(new Shell(processor).run("wasm:invoke own.x count").trim()).isEqualTo("0");
        old.uninstall(); // x-1.0.0.jar deleted from deploy/
        eventually(() -> runtime.component(ComponentId.of("own.x")).filter(c -> c.live()
                && c.metadata().state() == ComponentState.READY && c.metadata().bundleVersion().equals("1.1.0")).isPresent(),
                "1.1.0 takes over");
        assertThat(invoke(dispatcher, "own.x", "count", Args.json("[]")).values()).containsExactly(0);
        newer.uninstall();
    }

    /**
     * The holder of an id gives it up without stopping: an update drops the clause (its bundle
     * stopped for the update while its components went on, so that stop freed nothing). The
     * bundle waiting for the id takes it when the component goes, not at the next change of its own.
     */
    @Test
    void anIdGivenUpByAnUpdateOfItsHolderGoesAtOnceToTheBundleWaitingForIt() throws Exception {
        Bundle old = install("com.example.y", "1.0.0", "mailbox.wasm;id=own.y,mailbox.wasm;id=own.y2");
        old.start();
        Bundle newer = install("com.example.y", "1.1.0", "mailbox.wasm;id=own.y");
        newer.start();
        assertThat(problemNames(newer, "already provided by")).isTrue();
        old.update(ComponentBundles.stream(ComponentBundles.jar("com.example.y", "1.0.1", "mailbox.wasm;id=own.y2",
                Map.of("mailbox.wasm", ComponentBundles.guest("mailbox")))));
        eventually(() -> runtime.component(ComponentId.of("own.y")).filter(c -> c.live()
                && c.metadata().state() == ComponentState.READY && c.metadata().bundleVersion().equals("1.1.0")).isPresent(),
                "1.1.0 takes own.y once the update of 1.0.0 dropped it");
        assertThat(problemNames(newer, "own.y")).isFalse();
        old.uninstall();
        newer.uninstall();
    }

    @Test
    void theOwnerIsRememberedWhenTheRegistryComesBack() throws Exception {
        Bundle owner = install("com.example.kept", "1.0.0", "mailbox.wasm;id=own.kept");
        owner.start();
        owner.stop();
        Bundle registryBundle = WharfTestSupport.bundle(context, "dev.wharf.registry");
        registryBundle.stop();
        registryBundle.start();
        eventually(() -> context.getServiceReference(ComponentRegistry.class) != null, "the registry back");
        Bundle squatter = install("com.example.other", "1.0.0", "mailbox.wasm;id=own.kept");
        squatter.start();
        assertThat(problemNames(squatter, "'own.kept' is owned by com.example.kept")).isTrue();
        owner.uninstall();
        eventually(() -> runtime.component(ComponentId.of("own.kept")).filter(c -> c.live()
                && c.metadata().state() == ComponentState.READY).isPresent(), "the other takes over");
        squatter.uninstall();
    }
}
