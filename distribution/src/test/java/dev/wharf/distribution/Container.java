package dev.wharf.distribution;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** wharf.jar running as a separate process in a directory, driven through its piped shell. */
final class Container implements AutoCloseable {

    private final Process process;
    private final OutputStream stdin;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final List<String> transcript = new ArrayList<>();
    private final Thread reader;
    private final Path dir;

    Container(Path jar, Path dir, String... jvmOptions) throws IOException {
        this.dir = dir;
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of(jvmOptions));
        command.addAll(List.of("-jar", jar.toString()));
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        process = pb.start();
        stdin = process.getOutputStream();
        reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    lines.add(line);
                }
            } catch (IOException e) {
                lines.add("[reader failed: " + e + "]");
            }
        }, "wharf-container-output");
        reader.setDaemon(true);
        reader.start();
    }

    /** Its process id. */
    long pid() {
        return process.pid();
    }

    /** The directory it runs in. */
    Path directory() {
        return dir;
    }

    /** Everything the container printed so far that a wait has read. */
    String transcript() {
        return String.join("\n", transcript);
    }

    void command(String command) throws IOException {
        stdin.write((command + "\n").getBytes(StandardCharsets.UTF_8));
        stdin.flush();
    }

    /** Waits for an output line matching {@code match}; returns it, or fails after {@code timeoutMs}. */
    String await(Predicate<String> match, long timeoutMs, String what) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (true) {
            long left = end - System.nanoTime();
            String line = left > 0 ? lines.poll(left, TimeUnit.NANOSECONDS) : null;
            if (line == null) {
                throw new AssertionError("no " + what + " within " + timeoutMs + " ms; output so far:\n"
                        + String.join("\n", transcript));
            }
            transcript.add(line);
            if (match.test(line)) {
                return line;
            }
        }
    }

    /**
     * Closes standard input, which stops the shell and the framework; waits for the exit and
     * returns the exit status of wharf.jar (0 for a framework stopped by the shell).
     */
    int stop() throws IOException, InterruptedException {
        stdin.close();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the container did not stop at the end of its input");
        }
        return process.exitValue();
    }

    /** After {@link #stop}: every line the container printed that no wait has read, to its last. */
    List<String> rest() throws InterruptedException {
        reader.join(TimeUnit.SECONDS.toMillis(30));
        List<String> out = new ArrayList<>();
        lines.drainTo(out);
        transcript.addAll(out);
        return out;
    }

    /** Kills the process without any chance to clean up, like {@code kill -9}. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }
}
