package dev.wharf.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code wharf.jar} in a script: commands piped on standard input, the output on standard out,
 * and exit status 0 at the end of the input or after {@code stop 0}, so {@code && next} works.
 */
class ScriptingIT {

    private static final Path JAR = Path.of(System.getProperty("wharf.jar", "target/wharf.jar"));

    @TempDir
    Path dir;

    /** Runs {@code java -jar wharf.jar} with {@code input} on standard input; returns its exit status. */
    private int run(String input, Path output) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(List.of(java, "-jar", JAR.toAbsolutePath().toString())).directory(dir.toFile())
                .redirectErrorStream(true).redirectOutput(output.toFile()).start();
        p.getOutputStream().write(input.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("wharf.jar did not end: " + Files.readString(output));
        }
        return p.exitValue();
    }

    @Test
    void theEndOfTheInputAndStopZeroExitWithZero() throws Exception {
        Path out = dir.resolve("out.txt");
        assertThat(run("wasm:list --json\n", out)).as(Files.readString(out)).isZero();
        assertThat(Files.readString(out)).contains("\"id\":\"calculator\"").contains("\"state\":\"READY\"");

        Path out2 = dir.resolve("out2.txt");
        assertThat(run("wasm:invoke calculator add 40 2\nstop 0\n", out2)).as(Files.readString(out2)).isZero();
        assertThat(Files.readString(out2)).contains("42").contains("component calculator stopped");
    }
}
