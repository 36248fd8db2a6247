package dev.wharf.eclipse;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * An installed Equinox product started as Eclipse starts one without its native executable,
 * {@code java -jar plugins/org.eclipse.equinox.launcher_*.jar}, driven through the Gogo shell on
 * its standard input.
 */
final class Product implements AutoCloseable {

    private final Process process;
    private final OutputStream shell;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final List<String> seen = new ArrayList<>();
    private final Thread reader;

    Product(Path home, String... systemProperties) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of(systemProperties));
        command.addAll(List.of("-jar", launcher(home).toString(), "-nosplash", "-consoleLog"));
        process = new ProcessBuilder(command).directory(home.toFile()).redirectErrorStream(true).start();
        shell = process.getOutputStream();
        reader = new Thread(this::read, "eclipse-product-output");
        reader.setDaemon(true);
        reader.start();
    }

    private static Path launcher(Path home) throws IOException {
        try (Stream<Path> plugins = Files.list(home.resolve("plugins"))) {
            return plugins.filter(p -> p.getFileName().toString().startsWith("org.eclipse.equinox.launcher_"))
                    .findFirst().orElseThrow(() -> new IllegalStateException("no launcher in " + home.resolve("plugins")));
        }
    }

    private void read() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null; ) {
                lines.add(line);
            }
        } catch (IOException e) {
            lines.add("[output unreadable: " + e + "]");
        }
    }

    void command(String command) throws IOException {
        shell.write((command + "\n").getBytes(StandardCharsets.UTF_8));
        shell.flush();
    }

    /** Waits for a line of output matching {@code match} and returns it; fails after {@code timeoutMs}. */
    String await(Predicate<String> match, long timeoutMs, String what) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        for (String line; (line = lines.poll(Math.max(0, end - System.nanoTime()), TimeUnit.NANOSECONDS)) != null; ) {
            seen.add(line);
            if (match.test(line)) {
                return line;
            }
        }
        throw new AssertionError("no " + what + " within " + timeoutMs + " ms; the product printed:\n" + String.join("\n", seen));
    }

    /** Ends the shell's input, which stops the framework; returns the exit status. */
    int stop() throws IOException, InterruptedException {
        shell.close();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            throw new AssertionError("the product did not stop at the end of its shell's input");
        }
        reader.join(TimeUnit.SECONDS.toMillis(10));
        return process.exitValue();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }
}
