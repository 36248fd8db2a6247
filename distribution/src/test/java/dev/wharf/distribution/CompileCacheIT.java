package dev.wharf.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A restart of the container does not compile an unchanged module again: the compiled code comes
 * from the runtime's compile cache. A damaged entry is discarded and the module compiled, and the
 * container comes up all the same.
 */
class CompileCacheIT {

    private static final Path JAR = Path.of(System.getProperty("wharf.jar", "target/wharf.jar"));

    @TempDir
    Path dir;

    private List<Path> entries() throws Exception {
        try (Stream<Path> files = Files.walk(dir.resolve("wharf-data"))) {
            return files.filter(p -> p.toString().endsWith(".wcc")).collect(Collectors.toList());
        }
    }

    @Test
    void aRestartTakesTheCompiledModulesFromTheCacheAndADamagedEntryIsCompiledAgain() throws Exception {
        try (Container c = new Container(JAR, dir)) {
            String ready = c.await(l -> l.contains("component counter is ready"), 60_000, "first start");
            assertThat(ready).contains("compiled)").doesNotContain("from the compile cache");
            c.stop();
        }
        assertThat(entries()).as("one entry per distinct module").isNotEmpty();
        try (Container c = new Container(JAR, dir)) {
            String ready = c.await(l -> l.contains("component counter is ready"), 60_000, "second start");
            assertThat(ready).contains("compiled, from the compile cache");
            c.command("wasm:invoke counter increment");
            c.await(l -> l.endsWith("1001"), 10_000, "counter answers");
            c.stop();
        }
        for (Path p : entries()) {
            byte[] b = Files.readAllBytes(p);
            b[b.length / 2] ^= 0x5a;
            Files.write(p, b);
        }
        try (Container c = new Container(JAR, dir)) {
            c.await(l -> l.contains("is discarded, its checksum does not match"), 60_000, "damage found");
            String ready = c.await(l -> l.contains("component counter is ready"), 60_000, "third start");
            assertThat(ready).doesNotContain("from the compile cache");
            c.command("wasm:invoke counter increment");
            c.await(l -> l.endsWith("1001"), 10_000, "counter answers");
            c.stop();
        }
    }
}
