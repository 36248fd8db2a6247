package dev.wharf.capabilities.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.api.ComponentId;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KvStoreTest {

    static final ComponentId A = ComponentId.of("a");

    @TempDir
    Path dir;

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void anUnreadableStoreIsMovedAsideAndANewOneStarts() throws Exception {
        Path file = dir.resolve(KvStore.FILE);
        byte[] garbage = bytes("this is not an MVStore file\n".repeat(400));
        Files.write(file, garbage);
        try (KvStore store = new KvStore(file)) {
            assertThat(store.entries(A, "")).isEmpty();
            assertThat(store.set(A, bytes("k"), bytes("v"), 100)).isTrue();
            assertThat(store.get(A, bytes("k"))).isEqualTo(bytes("v"));
        }
        List<Path> aside;
        try (Stream<Path> files = Files.list(dir)) {
            aside = files.filter(p -> p.getFileName().toString().startsWith(KvStore.FILE + ".unreadable-"))
                    .collect(Collectors.toList());
        }
        assertThat(aside).singleElement().satisfies(p -> assertThat(Files.readAllBytes(p)).isEqualTo(garbage));
        try (KvStore store = new KvStore(file)) {
            assertThat(store.get(A, bytes("k"))).isEqualTo(bytes("v"));
        }
    }

    @Test
    void aStoreOfANewerFormatIsMovedAside() throws Exception {
        Path file = dir.resolve(KvStore.FILE);
        MVStore s = new MVStore.Builder().fileName(file.toString()).open();
        s.<String, Integer>openMap("wharf").put("format", KvStore.FORMAT + 1);
        s.close();
        try (KvStore store = new KvStore(file)) {
            assertThat(store.used(A)).isZero();
        }
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.filter(p -> p.getFileName().toString().startsWith(KvStore.FILE + ".unreadable-"))).hasSize(1);
        }
    }

    /** Every write the store acknowledged is there after the JVM that wrote it is killed (SIGKILL). */
    @Test
    void acknowledgedWritesSurviveAKilledJvm() throws Exception {
        Path file = dir.resolve(KvStore.FILE);
        String classpath = Stream.of(KvCrashWriter.class, KvStore.class, MVStore.class, ComponentId.class)
                .map(c -> {
                    try {
                        return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                })
                .distinct().collect(Collectors.joining(java.io.File.pathSeparator));
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(java.toString(), "-cp", classpath, KvCrashWriter.class.getName(), file.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        int acked = -1;
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while (acked < 300 && (line = in.readLine()) != null) {
                acked = Integer.parseInt(line);
            }
            // SIGKILL while it goes on writing: no shutdown hook, no close
            p.destroyForcibly();
        } finally {
            p.destroyForcibly();
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(acked).isGreaterThanOrEqualTo(300);
        try (KvStore store = new KvStore(file)) {
            for (int i = 0; i <= acked; i++) {
                assertThat(store.get(A, bytes("key-" + i))).as("key-" + i).isEqualTo(bytes("value-" + i));
            }
        }
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.filter(f -> f.getFileName().toString().contains("unreadable"))).isEmpty();
        }
    }
}
