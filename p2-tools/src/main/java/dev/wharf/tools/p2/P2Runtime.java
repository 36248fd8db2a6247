package dev.wharf.tools.p2;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * An Equinox installation of p2's bundles, laid out from the jars this tool carries, in which
 * p2's applications run as separate processes: the publisher that makes a repository, the
 * director that installs from one, as Eclipse's own {@code eclipse -application …} would.
 */
public final class P2Runtime {

    private static final String EMBEDDED = "dev/wharf/tools/p2/runtime/";
    private static final String LAUNCHER = "org.eclipse.equinox.launcher";
    private static final String FRAMEWORK = "org.eclipse.osgi";
    /** Started with the framework; the rest are lazy or started by what needs them. */
    private static final Map<String, String> STARTED = Map.of(
            "org.eclipse.equinox.common", "@2:start",
            "org.apache.felix.scr", "@2:start",
            "org.eclipse.equinox.app", "@3:start",
            "org.eclipse.equinox.registry", "@3:start");

    private final Path home;
    private final Path launcher;
    private int runs;

    private P2Runtime(Path home, Path launcher) {
        this.home = home;
        this.launcher = launcher;
    }

    /** Lays p2 out in {@code home} (made empty first): {@code plugins/} and {@code configuration/config.ini}. */
    public static P2Runtime install(Path home) throws IOException {
        Folders.delete(home);
        Path jars = Files.createDirectories(home.resolve("jars"));
        extractEmbedded(jars);
        Path plugins = Files.createDirectories(home.resolve("plugins"));
        List<String> osgiBundles = new ArrayList<>();
        Path launcher = null;
        for (BundleIndex.Bundle bundle : BundleIndex.of(jars).all()) {
            // named as Eclipse names plugins: the launcher finds the framework, config.ini the rest, by name
            Path target = plugins.resolve(bundle.symbolicName() + "_" + bundle.version() + ".jar");
            Files.move(bundle.jar(), target);
            switch (bundle.symbolicName()) {
                case LAUNCHER -> launcher = target;
                case FRAMEWORK -> { }
                default -> osgiBundles.add(bundle.symbolicName() + STARTED.getOrDefault(bundle.symbolicName(), ""));
            }
        }
        Files.delete(jars);
        if (launcher == null) {
            throw new IllegalStateException("the p2 runtime in this jar has no " + LAUNCHER);
        }
        Path configuration = Files.createDirectories(home.resolve("configuration"));
        Files.writeString(configuration.resolve("config.ini"), String.join("\n",
                "osgi.bundles=" + String.join(",", osgiBundles),
                "osgi.bundles.defaultStartLevel=4",
                "eclipse.ignoreApp=false",
                "osgi.noShutdown=false",
                ""), StandardCharsets.ISO_8859_1);
        return new P2Runtime(home, launcher);
    }

    /**
     * Runs one of p2's applications to its end.
     *
     * @return what it printed
     * @throws IllegalStateException if it fails or outlives {@code timeout}, with its output
     */
    public String run(String application, Duration timeout, List<String> arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", launcher.toString(), "-nosplash", "-consoleLog", "-application", application));
        command.addAll(arguments);
        Path log = Files.createDirectories(home.resolve("logs")).resolve(++runs + "-" + shortName(application) + ".log");
        Process process = new ProcessBuilder(command).directory(home.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        boolean ended;
        try {
            process.getOutputStream().close(); // p2's applications read nothing
            ended = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } finally {
            if (process.isAlive()) { // outlived its time, or the build was interrupted
                process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
        }
        // lenient: a message in the platform's encoding must not hide p2's error behind a decoding one
        String output = new String(Files.readAllBytes(log), StandardCharsets.UTF_8);
        if (!ended || process.exitValue() != 0) {
            throw new IllegalStateException(application + (ended ? " failed (exit " + process.exitValue() + ")"
                    : " did not end within " + timeout) + "; command: " + String.join(" ", command) + "\n" + output);
        }
        return output;
    }

    private static String shortName(String application) {
        return application.substring(application.lastIndexOf('.') + 1);
    }

    /** Copies the jars under {@value #EMBEDDED} of this class's jar (or class folder) to {@code target}. */
    private static void extractEmbedded(Path target) throws IOException {
        Path source;
        try {
            source = Path.of(P2Runtime.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IOException("cannot locate the p2-tools jar", e);
        }
        if (Files.isDirectory(source)) {
            try (Stream<Path> jars = Files.list(source.resolve(EMBEDDED))) {
                for (Path jar : jars.filter(p -> p.toString().endsWith(".jar")).collect(Collectors.toList())) {
                    Files.copy(jar, target.resolve(jar.getFileName()));
                }
            }
            return;
        }
        try (JarFile jar = new JarFile(source.toFile())) {
            for (JarEntry entry : jar.stream().filter(e -> e.getName().startsWith(EMBEDDED) && e.getName().endsWith(".jar")).toList()) {
                try (InputStream in = jar.getInputStream(entry)) {
                    Files.copy(in, target.resolve(entry.getName().substring(EMBEDDED.length())), StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }
}
