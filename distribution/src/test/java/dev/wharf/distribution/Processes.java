package dev.wharf.distribution;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The tools the tests run beside wharf.jar (curl, promtool, Chromium), and a free loopback port. */
final class Processes {

    /** What a command printed and how it ended. */
    record Run(int exit, String output) {}

    private Processes() {}

    /** Runs {@code command}, its errors in its output, waiting at most 120 s. */
    static Run run(List<String> command) throws IOException, InterruptedException {
        return run(command, null, true);
    }

    /**
     * Runs {@code command} with {@code input} as its standard input (none when {@code null}),
     * waiting at most 120 s; its standard error goes into the output, or nowhere (a browser's
     * noise beside the page it dumps).
     */
    static Run run(List<String> command, Path input, boolean withErrors) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command);
        if (withErrors) {
            pb.redirectErrorStream(true);
        } else {
            pb.redirectError(ProcessBuilder.Redirect.DISCARD);
        }
        if (input != null) {
            pb.redirectInput(input.toFile());
        }
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("did not end: " + command);
        }
        return new Run(p.exitValue(), out);
    }

    /** curl with {@code args}, at most 30 s a transfer. */
    static Run curl(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("curl", "--max-time", "30"));
        command.addAll(List.of(args));
        return run(command);
    }

    /** Whether {@code command} is an executable on the PATH. */
    static boolean onPath(String command) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(d, command))) {
                return true;
            }
        }
        return false;
    }

    /** A loopback port free now. */
    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
