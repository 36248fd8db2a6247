package dev.wharf.karaf;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * An Apache Karaf distribution copied into a directory of its own and run there as a separate
 * process ({@code bin/karaf server}), driven through {@code bin/client} over SSH. The directory
 * stays after the run, for its {@code data/log/karaf.log} and the {@code client/} commands with
 * their output; the next run starts from a fresh copy.
 */
final class Karaf implements AutoCloseable {

    /** One run of {@code bin/client}: what it printed and how it exited. */
    record Result(String user, String command, int exit, String output) {
        boolean ok() {
            return exit == 0;
        }

        @Override
        public String toString() {
            return user + "@root()> " + command + "  [exit " + exit + "]\n" + output;
        }
    }

    private static final long CLIENT_TIMEOUT_MS = 60_000;
    private static final File NO_INPUT = new File("/dev/null");

    private final Path home;
    private final String javaHome = System.getProperty("java.home");
    private final int sshPort;
    private final int rmiRegistryPort;
    private final List<String> transcript = new ArrayList<>();
    private Process process;
    private int commands;

    /**
     * Copies the unpacked distribution {@code dist} to {@code home} (removing what a run before
     * left there) and configures the copy: users for {@code bin/client} ({@code karaf} in Karaf's
     * admin group, {@code viewer} with the roles viewer and ssh only), ports of its own, and
     * Maven resolution from Karaf's {@code system/} folder and {@code repo} only, never the network.
     */
    Karaf(Path dist, Path home, Path repo) throws IOException {
        this.home = home;
        deleteTree(home);
        copyTree(dist, home);
        sshPort = freePort();
        Path etc = home.resolve("etc");
        Files.writeString(etc.resolve("users.properties"), """
                karaf = karaf,_g_:admingroup
                viewer = viewer,_g_:viewergroup
                _g_\\:admingroup = group,admin,manager,viewer,systembundles,ssh
                _g_\\:viewergroup = group,viewer,ssh
                """);
        replaceLine(etc.resolve("org.apache.karaf.shell.cfg"), "sshPort", "sshPort = " + sshPort);
        replaceLine(etc.resolve("org.apache.karaf.shell.cfg"), "sshHost", "sshHost = 127.0.0.1");
        rmiRegistryPort = freePort();
        replaceLine(etc.resolve("org.apache.karaf.management.cfg"), "rmiRegistryPort", "rmiRegistryPort = " + rmiRegistryPort);
        replaceLine(etc.resolve("org.apache.karaf.management.cfg"), "rmiServerPort", "rmiServerPort = " + freePort());
        // Karaf's own bundles from system/, Wharf's from the build, a local repository of its own
        // (so that nothing stale in ~/.m2 is picked up) and no remote repository at all
        Files.writeString(etc.resolve("org.ops4j.pax.url.mvn.cfg"), String.join("\n",
                "org.ops4j.pax.url.mvn.offline = true",
                "org.ops4j.pax.url.mvn.useFallbackRepositories = false",
                "org.ops4j.pax.url.mvn.localRepository = " + home.resolve("data/m2").toAbsolutePath(),
                "org.ops4j.pax.url.mvn.defaultRepositories = \\",
                "    ${karaf.home.uri}${karaf.default.repository}@id=system.repository@snapshots, \\",
                "    ${karaf.data.uri}kar@id=kar.repository@multi@snapshots, \\",
                "    " + repo.toAbsolutePath().toUri() + "@id=wharf.build@snapshots",
                "org.ops4j.pax.url.mvn.repositories =",
                ""));
    }

    Path home() {
        return home;
    }

    /** The address of Karaf's JMX connector (users as for the console, {@code etc/users.properties}). */
    String jmxUrl() {
        return "service:jmx:rmi:///jndi/rmi://127.0.0.1:" + rmiRegistryPort + "/karaf-root";
    }

    /** Starts {@code bin/karaf server}; its standard output and error go to {@code karaf.out}. */
    void start() throws IOException {
        ProcessBuilder pb = new ProcessBuilder(home.resolve("bin/karaf").toString(), "server")
                .directory(home.toFile())
                .redirectErrorStream(true)
                .redirectOutput(home.resolve("karaf.out").toFile())
                .redirectInput(ProcessBuilder.Redirect.from(NO_INPUT));
        pb.environment().put("JAVA_HOME", javaHome);
        // the script execs the JVM instead of waiting for it: this process is Karaf itself
        pb.environment().put("KARAF_EXEC", "exec");
        pb.environment().put("CHECK_ROOT_INSTANCE_RUNNING", "false");
        process = pb.start();
        // should the test JVM be stopped before close(), Karaf goes with it
        Process karaf = process;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (karaf.isAlive()) {
                karaf.destroyForcibly();
            }
        }, "karaf-killer"));
    }

    boolean alive() {
        return process != null && process.isAlive();
    }

    /**
     * Runs one console command through {@code bin/client}. The command goes in a file
     * ({@code -f}) and batch mode ({@code -b}) keeps the client from watching its standard input,
     * which it otherwise takes the end of as the user's request to close the session.
     */
    Result run(String command) throws IOException, InterruptedException {
        return run("karaf", "karaf", command);
    }

    /** Runs one console command as {@code user}, as {@link #run(String)} does as {@code karaf}. */
    Result run(String user, String password, String command) throws IOException, InterruptedException {
        Path file = home.resolve("client/" + (++commands) + ".txt");
        Files.createDirectories(file.getParent());
        Files.writeString(file, command + "\n");
        ProcessBuilder pb = new ProcessBuilder(home.resolve("bin/client").toString(),
                "-h", "127.0.0.1", "-a", Integer.toString(sshPort), "-u", user, "-p", password, "-b", "-f", file.toString())
                .directory(home.toFile())
                .redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(NO_INPUT));
        pb.environment().put("JAVA_HOME", javaHome);
        // to a file rather than a pipe: nothing to drain while the client runs
        Path output = home.resolve("client/" + commands + ".out");
        pb.redirectOutput(output.toFile());
        Process client = pb.start();
        // the client ends by itself; a bounded wait protects the build if it does not
        if (!client.waitFor(CLIENT_TIMEOUT_MS, TimeUnit.MILLISECONDS)) {
            client.destroyForcibly();
            client.waitFor(10, TimeUnit.SECONDS);
            throw new AssertionError("bin/client did not end within " + CLIENT_TIMEOUT_MS + " ms: " + command + "\n" + report());
        }
        byte[] out = Files.readAllBytes(output);
        // colours of the console and carriage returns, out
        String text = new String(out, StandardCharsets.UTF_8).replaceAll("\u001B\\[[0-9;?]*[A-Za-z]", "").replace("\r", "");
        Result r = new Result(user, command, client.exitValue(), text.strip());
        transcript.add(r.toString());
        return r;
    }

    /** Runs {@code command} until its result satisfies {@code done}; fails after {@code timeoutMs}. */
    Result await(String command, Predicate<Result> done, long timeoutMs, String what) throws Exception {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        Result last = null;
        while (System.nanoTime() < end) {
            if (!alive()) {
                throw new AssertionError("Karaf ended (exit " + process.exitValue() + ") while waiting for " + what + "\n" + report());
            }
            last = run(command);
            if (done.test(last)) {
                return last;
            }
            TimeUnit.MILLISECONDS.sleep(Math.min(200, Math.max(0, TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime()))));
        }
        throw new AssertionError("no " + what + " within " + timeoutMs + " ms; last: " + last + "\n" + report());
    }

    /** Waits for a line of {@code data/log/karaf.log} that {@code match} accepts; returns it. */
    String awaitLog(Predicate<String> match, long timeoutMs, String what) throws Exception {
        Path log = home.resolve("data/log/karaf.log");
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (System.nanoTime() < end) {
            if (Files.exists(log)) {
                try (Stream<String> lines = Files.lines(log, StandardCharsets.UTF_8)) {
                    var found = lines.filter(match).findFirst();
                    if (found.isPresent()) {
                        return found.get();
                    }
                } catch (UncheckedIOException e) {
                    // a line being written: read again
                }
            }
            TimeUnit.MILLISECONDS.sleep(50);
        }
        throw new AssertionError("no " + what + " in karaf.log within " + timeoutMs + " ms\n" + report());
    }

    /** Puts {@code file} into {@code dir} in one step, so that FileInstall never sees a part of it. */
    void drop(Path file, String dir, String name) throws IOException {
        Path staged = home.resolve(name + ".staged");
        Files.copy(file, staged, StandardCopyOption.REPLACE_EXISTING);
        Files.move(staged, home.resolve(dir).resolve(name), StandardCopyOption.ATOMIC_MOVE);
    }

    /** Writes {@code text} as {@code dir/name} in one step. */
    void drop(String text, String dir, String name) throws IOException {
        Path staged = home.resolve(name + ".staged");
        Files.writeString(staged, text);
        Files.move(staged, home.resolve(dir).resolve(name), StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * Shuts Karaf down from its console and waits for the process to end; returns its exit code.
     */
    int stop(long timeoutMs) throws Exception {
        Result r = run("system:shutdown -f");
        if (!process.waitFor(timeoutMs, TimeUnit.MILLISECONDS)) {
            throw new AssertionError("Karaf did not stop within " + timeoutMs + " ms of " + r + "\n" + report());
        }
        return process.exitValue();
    }

    /** The commands run so far with their output, and the end of Karaf's log. */
    String report() {
        StringBuilder sb = new StringBuilder("--- console ---\n");
        transcript.forEach(t -> sb.append(t).append('\n'));
        for (String name : List.of("karaf.out", "data/log/karaf.log")) {
            Path f = home.resolve(name);
            try {
                if (Files.exists(f)) {
                    List<String> lines = Files.readAllLines(f, StandardCharsets.UTF_8);
                    sb.append("--- ").append(name).append(" (last 80 lines) ---\n");
                    lines.subList(Math.max(0, lines.size() - 80), lines.size()).forEach(l -> sb.append(l).append('\n'));
                }
            } catch (IOException | UncheckedIOException e) {
                sb.append("(cannot read ").append(name).append(": ").append(e).append(")\n");
            }
        }
        return sb.toString();
    }

    /** Kills Karaf if it still runs, with the processes it started. */
    @Override
    public void close() throws InterruptedException {
        if (process == null) {
            return;
        }
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        if (process.isAlive()) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static void replaceLine(Path file, String key, String line) throws IOException {
        List<String> lines = new ArrayList<>(Files.readAllLines(file, StandardCharsets.UTF_8));
        boolean found = false;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).matches("\\s*" + java.util.regex.Pattern.quote(key) + "\\s*[=:].*")) {
                lines.set(i, line);
                found = true;
            }
        }
        if (!found) {
            lines.add(line);
        }
        Files.write(file, lines, StandardCharsets.UTF_8);
    }

    private static void copyTree(Path from, Path to) throws IOException {
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                Files.createDirectories(to.resolve(from.relativize(dir).toString()));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                // COPY_ATTRIBUTES keeps the scripts in bin/ executable
                Files.copy(file, to.resolve(from.relativize(file).toString()), StandardCopyOption.COPY_ATTRIBUTES);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(p);
            }
        }
    }
}
