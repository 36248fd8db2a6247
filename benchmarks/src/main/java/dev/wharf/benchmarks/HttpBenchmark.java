package dev.wharf.benchmarks;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Requests per second of a WebAssembly component answering HTTP (http-hello, a wasi:http incoming
 * handler in C, served by the http-bundle under {@code /hello}) beside a plain servlet answering
 * the same (under {@code /plain}), in the same {@code wharf.jar} and the same Jetty, in one run.
 * {@code wharf.jar} runs as a separate process (from {@code -Dwharf.jar}, by default
 * {@code distribution/target/wharf.jar}: run from the repository's root), on a free port of
 * 127.0.0.1; the clients are this JVM's {@link HttpClient} over HTTP/1.1 keep-alive connections,
 * four threads. The difference is the component's path: the mailbox, the turn on the dispatcher
 * pool, the canonical ABI and wasi:http's resources, the guest's own work. The component, its
 * settings and the measurement are {@link HttpHelloBenchmark}'s, with a longer warm-up.
 */
@Warmup(iterations = 10, time = 3)
public class HttpBenchmark extends HttpHelloBenchmark {

    private static final String PLAIN = "dev.wharf.benchmarks.plain";

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private Path dir;
    private Process wharf;
    private HttpRequest component;
    private HttpRequest plain;

    @Setup
    public void start() throws Exception {
        Path jar = Path.of(System.getProperty("wharf.jar", "distribution/target/wharf.jar")).toAbsolutePath();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: build the distribution, run from the repository's root,"
                    + " or give -Dwharf.jar");
        }
        dir = Files.createTempDirectory("wharf-http-bench");
        Path deploy = Files.createDirectories(dir.resolve("deploy"));
        Files.write(deploy.resolve("http-hello.wasm"), httpHello());
        StringBuilder cfg = new StringBuilder();
        settings("component.id").forEach((key, value) -> cfg.append(key).append(" = ").append(value).append('\n'));
        Files.writeString(deploy.resolve("dev.wharf.component-http-hello.cfg"), cfg);
        Files.write(deploy.resolve("plain-servlet.jar"), plainBundle());
        int port = freePort();
        Files.writeString(deploy.resolve("org.apache.felix.http.cfg"), "org.osgi.service.http.port = " + port + "\n");
        wharf = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dgosh.args=--nointeractive", "-jar", jar.toString()).directory(dir.toFile())
                .redirectErrorStream(true).redirectOutput(dir.resolve("wharf.log").toFile()).start();
        component = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/hello/x")).GET().build();
        plain = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/plain/x")).GET().build();
        awaitServed(component);
        awaitServed(plain);
    }

    @TearDown
    public void stop() throws Exception {
        wharf.destroy();
        if (!wharf.waitFor(60, TimeUnit.SECONDS)) {
            wharf.destroyForcibly();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Benchmark
    public int component() throws Exception {
        return ok(client.send(component, HttpResponse.BodyHandlers.ofByteArray()));
    }

    @Benchmark
    public int plainServlet() throws Exception {
        return ok(client.send(plain, HttpResponse.BodyHandlers.ofByteArray()));
    }

    private static int ok(HttpResponse<byte[]> r) {
        if (r.statusCode() != 200) {
            throw new IllegalStateException(r.uri() + " answered " + r.statusCode() + ": " + new String(r.body()));
        }
        return r.body().length;
    }

    /** Waits, at most two minutes, for {@code request} to be answered 200: the container, its server and the servlet started. */
    private void awaitServed(HttpRequest request) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (System.nanoTime() < end) {
            if (!wharf.isAlive()) {
                throw new IllegalStateException("wharf.jar ended; see " + dir.resolve("wharf.log"));
            }
            try {
                if (client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            // a poll of a separate process, which offers nothing to wait on
            TimeUnit.MILLISECONDS.sleep(200);
        }
        throw new IllegalStateException(request.uri() + " not served within 2 minutes; see " + dir.resolve("wharf.log"));
    }

    /**
     * A bundle holding {@code plain.PlainServlet} and its {@code PlainActivator}, written from this
     * jar's class files: named, not loaded, since the servlet API is only inside the container.
     */
    private static byte[] plainBundle() throws IOException {
        Manifest mf = new Manifest();
        Attributes a = mf.getMainAttributes();
        a.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        a.putValue("Bundle-ManifestVersion", "2");
        a.putValue("Bundle-SymbolicName", "dev.wharf.benchmarks.plain");
        a.putValue("Bundle-Version", "1.0.0");
        a.putValue("Bundle-Activator", PLAIN + ".PlainActivator");
        a.putValue("Import-Package", "javax.servlet;version=\"[3.1,5)\",javax.servlet.http;version=\"[3.1,5)\","
                + "org.osgi.framework");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JarOutputStream jar = new JarOutputStream(out, mf)) {
            for (String c : new String[] {PLAIN + ".PlainServlet", PLAIN + ".PlainActivator"}) {
                String name = c.replace('.', '/') + ".class";
                jar.putNextEntry(new JarEntry(name));
                jar.write(resource("/" + name));
                jar.closeEntry();
            }
        }
        return out.toByteArray();
    }

    private static byte[] resource(String name) {
        try (InputStream in = HttpBenchmark.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("no " + name + " on the class path");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
