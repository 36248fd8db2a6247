package dev.wharf.tools.p2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** p2 laid out from the embedded jars, and one of its applications run for real. */
class P2RuntimeTest {

    @TempDir
    Path dir;

    @Test
    void aFailingApplicationIsAnErrorWithWhatItPrinted() throws Exception {
        P2Runtime p2 = P2Runtime.install(dir.resolve("p2"));
        assertThat(dir.resolve("p2/configuration/config.ini")).content()
                .contains("org.apache.felix.scr@2:start", "org.eclipse.equinox.p2.director.app");
        assertThat(dir.resolve("p2/plugins")).isDirectoryContaining(p -> p.getFileName().toString().startsWith("org.eclipse.osgi_"));

        Path missing = dir.resolve("no-repository");
        assertThatThrownBy(() -> p2.run("org.eclipse.equinox.p2.director", Duration.ofMinutes(2), List.of(
                "-repository", missing.toUri().toString(), "-installIU", "org.example.feature.group",
                "-destination", dir.resolve("product").toString(), "-profile", "Example")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("org.eclipse.equinox.p2.director failed (exit 13)")
                .hasMessageContaining(missing.getFileName().toString());
        try (Stream<Path> logs = Files.list(dir.resolve("p2/logs"))) {
            assertThat(logs).hasSize(1);
        }
    }
}
