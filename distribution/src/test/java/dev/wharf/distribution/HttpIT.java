package dev.wharf.distribution;

import static dev.wharf.distribution.Processes.curl;
import static dev.wharf.distribution.Processes.freePort;
import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.distribution.Processes.Run;
import java.io.IOException;
import java.io.InputStream;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A component that answers HTTP (http-hello, a wasi:http incoming handler in C; and the example
 * hello-http in its bundle) dropped into
 * {@code wharf.jar}'s deploy folder with an {@code http-path}, asked with {@code curl}: HTTP is
 * off until configured, then served by Felix's Jetty on the loopback interface only.
 */
class HttpIT {

    private static final Path JAR = Path.of(System.getProperty("wharf.jar", "target/wharf.jar"));

    @TempDir
    Path dir;

    @Test
    void aComponentAnswersCurlOnceHttpIsConfiguredAndOnlyOnLoopback() throws Exception {
        Path deploy = Files.createDirectories(dir.resolve("deploy"));
        try (InputStream in = HttpIT.class.getResourceAsStream("/components/http-hello.wasm")) {
            assertThat(in).as("http-hello built by wasm-components").isNotNull();
            Files.copy(in, deploy.resolve("http-hello.wasm"));
        }
        Files.writeString(deploy.resolve("dev.wharf.component-http-hello.cfg"),
                "component.id = http-hello\nhttp-path = /hello\n");
        int port = freePort();
        String url = "http://127.0.0.1:" + port + "/hello/abc?x=1";
        try (Container c = new Container(JAR, dir)) {
            c.await(l -> l.contains("component http-hello is ready"), 60_000, "http-hello deployed");
            assertThat(curl("-s", "-o", "/dev/null", url).exit()).as("no HTTP before it is configured (curl: connection refused)")
                    .isEqualTo(7);

            Files.writeString(deploy.resolve("org.apache.felix.http.cfg"), "org.osgi.service.http.port = " + port + "\n");
            // curl waits for the server and the servlet itself: refused, then 404, until both are there
            Run ready = curl("-s", "--fail", "--retry", "60", "--retry-delay", "1", "--retry-all-errors",
                    "--retry-connrefused", "-o", "/dev/null", url);
            assertThat(ready.exit()).as(ready.output()).isZero();

            Run r = curl("-s", "-i", "-X", "POST", "--data-binary", "the body", "-H", "x-echo: v", url);
            assertThat(r.exit()).isZero();
            assertThat(r.output()).startsWith("HTTP/1.1 200").containsIgnoringCase("x-echo: v")
                    .endsWith("\r\n\r\nPOST /abc?x=1\nthe body");

            Optional<InetAddress> other = otherAddress();
            if (other.isPresent()) {
                assertThat(connects(other.get(), port)).as("listening on " + other.get()).isFalse();
            }
            assertThat(c.stop()).isZero();
        }
    }

    @Test
    void theCExampleAnswersCurlUnderItsHttpPath() throws Exception {
        Optional<Path> jar = GuestSdkIT.exampleJar("c-http-hello");
        org.junit.jupiter.api.Assumptions.assumeTrue(jar.isPresent() || System.getenv("CI") != null,
                "examples/c-http-hello not built: clang with wasi-libc missing (.ci/run installs it)");
        assertThat(jar).as("examples/c-http-hello built").isPresent();
        Path deploy = Files.createDirectories(dir.resolve("deploy"));
        Files.copy(jar.get(), deploy.resolve(jar.get().getFileName()));
        int port = freePort();
        Files.writeString(deploy.resolve("org.apache.felix.http.cfg"), "org.osgi.service.http.port = " + port + "\n");
        String base = "http://127.0.0.1:" + port + "/hello";
        try (Container c = new Container(JAR, dir)) {
            c.await(l -> l.contains("component hello-http is ready"), 60_000, "hello-http deployed");
            Run ready = curl("-s", "--fail", "--retry", "60", "--retry-delay", "1", "--retry-all-errors",
                    "--retry-connrefused", base + "/Ada");
            assertThat(ready.exit()).as(ready.output()).isZero();
            assertThat(ready.output()).isEqualTo("Hello, Ada!\n");
            assertThat(curl("-s", base).output()).isEqualTo("Hello, world!\n");
            Run post = curl("-s", "-i", "-X", "POST", "--data", "x", base + "/Ada");
            assertThat(post.output()).startsWith("HTTP/1.1 405").containsIgnoringCase("allow: GET, HEAD");
            assertThat(c.stop()).isZero();
        }
    }

    /** An IPv4 address of this machine that is not loopback, if it has one. */
    private static Optional<InetAddress> otherAddress() throws IOException {
        for (NetworkInterface n : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (n.isUp() && !n.isLoopback()) {
                for (InetAddress a : Collections.list(n.getInetAddresses())) {
                    if (a instanceof Inet4Address) {
                        return Optional.of(a);
                    }
                }
            }
        }
        return Optional.empty();
    }

    private static boolean connects(InetAddress address, int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(address, port), 2000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
