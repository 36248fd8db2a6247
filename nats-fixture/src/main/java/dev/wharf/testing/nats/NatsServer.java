package dev.wharf.testing.nats;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A {@code nats-server} on loopback for the lattice tests and benchmarks, from Debian's package
 * (CI installs it; a local build without it skips what needs it). It takes a free port, can be
 * stopped and started again on that port as an operator restarting NATS would, and can be told
 * to reload its configuration file.
 */
public final class NatsServer implements AutoCloseable {

    private final Path binary;
    private final Path config;
    private final int port;
    private Process process;

    /**
     * @param config a configuration file (users, permissions), or {@code null}
     */
    public NatsServer(Path binary, Path config) throws IOException {
        this.binary = binary;
        this.config = config;
        try (ServerSocket s = new ServerSocket(0)) {
            this.port = s.getLocalPort();
        }
    }

    public NatsServer(Path binary) throws IOException {
        this(binary, null);
    }

    /** The installed server, or {@code null}. */
    public static Path find() {
        return Stream.of("/usr/sbin/nats-server", "/usr/bin/nats-server", "/usr/local/bin/nats-server")
                .map(Path::of).filter(Files::isExecutable).findFirst().orElse(null);
    }

    public String url() {
        return "nats://127.0.0.1:" + port;
    }

    /** Starts it and waits until it says it is ready for clients. */
    public void start() throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(binary.toString(), "-a", "127.0.0.1", "-p", Integer.toString(port)));
        if (config != null) {
            command.addAll(List.of("-c", config.toString()));
        }
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        process = p;
        CountDownLatch ready = new CountDownLatch(1);
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    if (line.contains("Server is ready")) {
                        ready.countDown();
                    }
                }
            } catch (IOException e) {
                // the server ended
            }
        }, "nats-server-output");
        reader.setDaemon(true);
        reader.start();
        if (!ready.await(20, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("nats-server did not get ready on port " + port);
        }
    }

    /** Makes it read its configuration file again, as {@code nats-server --signal reload} does (SIGHUP). */
    public void reload() throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-HUP", Long.toString(process.pid())).inheritIO().start();
        if (kill.waitFor() != 0) {
            throw new IllegalStateException("kill -HUP " + process.pid() + " failed");
        }
    }

    /** Stops it as an operator would (SIGTERM) and waits for the end. */
    public void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }
}
