package dev.wharf.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The container comes back after a clean stop and after {@code kill -9} with what it had: the
 * components and their registry history (restart counts, first-installed times); a bundle
 * deleted while it was down is gone; a corrupt registry store does not keep it from starting.
 */
class RestartRecoveryIT {

    private static final Path JAR = Path.of(System.getProperty("wharf.jar", "target/wharf.jar"));

    @TempDir
    Path dir;

    private String info(Container c, String id, String field) throws InterruptedException {
        return c.await(l -> l.contains(field + " "), 10_000, field + " of " + id).trim();
    }

    @Test
    void historySurvivesKillNineAndACleanRestart() throws Exception {
        String installed;
        try (Container c = new Container(JAR, dir)) {
            c.await(l -> l.contains("component counter is ready"), 60_000, "start-up");
            Files.write(dir.resolve("greeter.tmp"), DistributionIT.componentJar());
            Files.move(dir.resolve("greeter.tmp"), dir.resolve("deploy/greeter.jar"), StandardCopyOption.ATOMIC_MOVE);
            c.await(l -> l.contains("component greeter is ready"), 10_000, "greeter deployed");
            c.command("wasm:invoke calculator div 1 0");
            c.await(l -> l.contains("component calculator restarted (trap)"), 10_000, "restart after the trap");
            c.command("wasm:info calculator");
            installed = info(c, "calculator", "installed:");
            assertThat(info(c, "calculator", "restarts:")).isEqualTo("restarts:    1");
            c.kill();
        }
        try (Container c = new Container(JAR, dir)) {
            c.await(l -> l.contains("component greeter is ready"), 60_000, "greeter back after kill -9");
            c.command("wasm:info calculator");
            assertThat(c.await(l -> l.startsWith("g! id:") || l.startsWith("id:"), 10_000, "info")).contains("calculator");
            String state = info(c, "calculator", "state:");
            assertThat(state).contains("READY");
            assertThat(info(c, "calculator", "installed:")).isEqualTo(installed);
            assertThat(info(c, "calculator", "restarts:")).isEqualTo("restarts:    1");
            c.command("wasm:invoke greeter answer");
            c.await(l -> l.endsWith("42"), 10_000, "greeter serves");
            // uninstalled: its registry entry goes with it, also in the store
            Files.delete(dir.resolve("deploy/greeter.jar"));
            c.await(l -> l.contains("component greeter stopped"), 10_000, "greeter uninstalled");
            c.stop();
        }
        try (Container c = new Container(JAR, dir)) {
            c.await(l -> l.contains("component counter is ready"), 60_000, "start-up");
            c.command("wasm:info greeter");
            c.await(l -> l.contains("error: unknown component 'greeter'"), 15_000, "greeter gone");
            c.command("wasm:info calculator");
            assertThat(info(c, "calculator", "installed:")).isEqualTo(installed);
            c.stop();
        }
    }

    @Test
    void aCorruptRegistryStoreIsMovedAsideAndRebuilt() throws Exception {
        try (Container c = new Container(JAR, dir)) {
            c.await(l -> l.contains("component counter is ready"), 60_000, "start-up");
            c.stop();
        }
        Path store;
        try (Stream<Path> files = Files.walk(dir.resolve("wharf-data"))) {
            List<Path> found = files.filter(p -> p.getFileName().toString().equals("registry.mv.db")).collect(Collectors.toList());
            assertThat(found).hasSize(1);
            store = found.get(0);
        }
        Files.write(store, "garbage, not an MVStore".repeat(500).getBytes());
        try (Container c = new Container(JAR, dir)) {
            c.await(l -> l.contains("cannot be read") && l.contains("moved to"), 60_000, "the corrupt store reported");
            c.await(l -> l.contains("component counter is ready"), 60_000, "components back");
            c.command("wasm:list");
            c.await(l -> l.startsWith("calculator ") && l.contains("READY"), 10_000, "calculator listed");
            c.stop();
        }
        try (Stream<Path> files = Files.list(store.getParent())) {
            assertThat(files.map(p -> p.getFileName().toString())).anyMatch(n -> n.startsWith("registry.mv.db.unreadable-"));
        }
    }
}
