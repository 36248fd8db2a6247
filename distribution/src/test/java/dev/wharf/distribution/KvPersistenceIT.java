package dev.wharf.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kv capability through wharf.jar: a component's store outlives an update of its jar in the
 * deploy folder, kill -9 of the container right after an acknowledged write, and a clean restart.
 */
class KvPersistenceIT {

    private static final Path JAR = Path.of(System.getProperty("wharf.jar", "target/wharf.jar"));

    @TempDir
    Path dir;

    private void drop(String version) throws IOException {
        DeployFolderIT.drop(dir, "test.visits", version, "visits.wasm;id=visits;capabilities=kv", "visits");
    }

    private static void visit(Container c, int expected) throws Exception {
        c.command("wasm:invoke visits visit");
        c.await(l -> l.endsWith(" " + expected) || l.equals(Integer.toString(expected)), 10_000, "visit " + expected);
    }

    @Test
    void theStoreOutlivesAnUpdateKillNineAndARestart() throws Exception {
        try (Container c = new Container(JAR, dir)) {
            c.await(l -> l.contains("component counter is ready"), 60_000, "start-up");
            drop("1.0.0");
            c.await(l -> l.contains("component visits is ready"), 15_000, "visits deployed");
            visit(c, 1);
            visit(c, 2);
            visit(c, 3);
            drop("1.1.0");
            c.await(l -> l.contains("component visits updated 1.0.0 -> 1.1.0"), 15_000, "visits swapped");
            visit(c, 4);
            visit(c, 5);
            // acknowledged: the write is committed before the call returns
            c.kill();
        }
        try (Container c = new Container(JAR, dir)) {
            c.await(l -> l.contains("component visits is ready"), 60_000, "visits back after kill -9");
            visit(c, 6);
            c.command("wasm:kv visits");
            c.await(l -> l.startsWith("visits\t0x06000000") || l.contains("visits\t0x06000000"), 10_000, "wasm:kv shows it");
            c.await(l -> l.contains("1 entries"), 10_000, "wasm:kv count line");
            c.stop();
        }
        try (Container c = new Container(JAR, dir)) {
            c.await(l -> l.contains("component visits is ready"), 60_000, "visits back after a clean stop");
            visit(c, 7);
            c.stop();
        }
        assertThat(dir.resolve("wharf-data")).isDirectory();
    }
}
