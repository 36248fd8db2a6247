package dev.wharf.runtime.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The compile cache gives back what it was given, and nothing else: a bad or foreign entry is discarded. */
class CompileCacheTest {

    @TempDir
    Path dir;

    static List<Path> entries(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(".wcc")).toList();
        }
    }

    @Test
    void anEntryComesBackUntilItIsDamaged() throws Exception {
        CompileCache c = new CompileCache(dir, 1 << 20, "engine-a");
        assertThat(c.get("m1")).isNull();
        c.putIfAbsent("m1", new byte[] {1, 2, 3});
        assertThat(c.get("m1")).containsExactly(1, 2, 3);
        assertThat(new CompileCache(dir, 1 << 20, "engine-a").get("m1")).as("after a restart").containsExactly(1, 2, 3);

        Path f = entries(dir).get(0);
        byte[] bytes = Files.readAllBytes(f);
        bytes[bytes.length - 40] ^= 0x55; // inside the data
        Files.write(f, bytes);
        assertThat(c.get("m1")).as("a corrupt entry").isNull();
        assertThat(entries(dir)).as("and it is gone").isEmpty();

        c.putIfAbsent("m1", new byte[] {1, 2, 3});
        Files.write(entries(dir).get(0), new byte[] {0, 1});
        assertThat(c.get("m1")).as("a truncated entry").isNull();
    }

    @Test
    void anotherEngineNeverReadsTheEntry() throws Exception {
        new CompileCache(dir, 1 << 20, "engine-a").putIfAbsent("m1", new byte[] {1});
        CompileCache b = new CompileCache(dir, 1 << 20, "engine-b");
        assertThat(b.get("m1")).isNull();
        // a file copied under the name b looks for is refused by its header
        Path a = entries(dir).get(0);
        b.putIfAbsent("m1", new byte[] {2});
        Path bFile = entries(dir).stream().filter(p -> !p.equals(a)).findFirst().orElseThrow();
        Files.copy(a, bFile, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertThat(b.get("m1")).isNull();
    }

    @Test
    void theFolderStaysWithinItsBoundDroppingTheLeastRecentlyUsed() throws Exception {
        CompileCache c = new CompileCache(dir, 3000, "engine-a");
        for (int i = 0; i < 10; i++) {
            c.putIfAbsent("m" + i, new byte[1000]);
            Files.setLastModifiedTime(entries(dir).stream().max(java.util.Comparator.comparing(p -> p.toFile().lastModified()))
                    .orElseThrow(), java.nio.file.attribute.FileTime.fromMillis(1_000_000L * (i + 1)));
        }
        assertThat(c.size()).isLessThanOrEqualTo(3000);
        assertThat(c.get("m9")).as("the newest stays").isNotNull();
        assertThat(c.get("m0")).as("the oldest went").isNull();
    }
}
