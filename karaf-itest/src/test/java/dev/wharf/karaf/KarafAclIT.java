package dev.wharf.karaf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * The access control that feature wharf ships, in a real Apache Karaf: the command ACL
 * {@code etc/org.apache.karaf.command.acl.wasm.cfg} and the JMX ACL {@code etc/jmx.acl.dev.wharf.cfg}.
 * A user with role viewer only reads ({@code wasm:list}, the MBean's attributes) and is refused
 * what changes things ({@code wasm:restart}, {@code wasm:ask}, the MBean's {@code restart()});
 * {@code karaf}, in Karaf's admin group, does both; an edit of the etc/ file takes effect.
 */
@DisabledOnOs(value = OS.WINDOWS, disabledReason = "drives bin/karaf and bin/client, the shell scripts")
class KarafAclIT {

    private static final String VERSION = System.getProperty("wharf.version", "0.1.0-SNAPSHOT");
    private static final Path DIST = Path.of(System.getProperty("karaf.dist", "target/karaf/apache-karaf-4.4.10"));
    private static final Path REPO = Path.of(System.getProperty("karaf.repo", "target/karaf-repo"));
    private static final Path RUN = Path.of(System.getProperty("karaf.run", "target/karaf-run") + "-acl");

    @Test
    void viewerReadsAdminChanges() throws Exception {
        try (Karaf karaf = new Karaf(DIST, RUN, REPO)) {
            karaf.drop(example("example-counter"), "deploy", "example-counter.jar");
            karaf.drop(example("example-ping-pong"), "deploy", "example-ping-pong.jar");
            karaf.start();
            karaf.await("system:start-level", r -> r.ok() && r.output().contains("Level 100"), 90_000, "Karaf console");
            Karaf.Result added = karaf.run("feature:repo-add mvn:dev.wharf/karaf-features/" + VERSION + "/xml/features");
            assertThat(added.ok()).as("%s", added).isTrue();
            Karaf.Result installed = karaf.run("feature:install wharf");
            assertThat(installed.ok()).as("%s", installed).isTrue();
            karaf.await("wasm:list", r -> row(r, "counter").contains("READY") && row(r, "pong").contains("READY"), 30_000,
                    "counter and pong READY in wasm:list");

            // the feature wrote both ACLs into etc/, where an operator edits them
            Path commandAcl = karaf.home().resolve("etc/org.apache.karaf.command.acl.wasm.cfg");
            Path jmxAcl = karaf.home().resolve("etc/jmx.acl.dev.wharf.cfg");
            assertThat(commandAcl).exists();
            assertThat(Files.readAllLines(commandAcl)).map(String::strip).contains("list = viewer", "restart = admin", "* = admin");
            assertThat(jmxAcl).exists();
            assertThat(Files.readAllLines(jmxAcl)).map(String::strip).contains("get* = viewer", "restart = admin");
            karaf.await("config:property-list --pid org.apache.karaf.command.acl.wasm",
                    r -> r.output().lines().anyMatch(l -> l.strip().equals("restart = admin")), 15_000, "the command ACL in ConfigAdmin");

            // a viewer reads
            Karaf.Result list = karaf.run("viewer", "viewer", "wasm:list");
            assertThat(list.ok()).as("%s", list).isTrue();
            assertThat(row(list, "counter")).as("%s", list).contains("READY");
            assertThat(restarts(list, "counter")).as("%s", list).isEqualTo("0");
            for (String reading : new String[] {"wasm:info counter", "wasm:stats counter", "wasm:health counter", "wasm:audit 5",
                    "wasm:deadletters 5"}) {
                Karaf.Result r = karaf.run("viewer", "viewer", reading);
                assertThat(r.ok()).as("%s", r).isTrue();
                assertThat(r.output()).as("%s", r).doesNotStartWith("error:").doesNotContain("Insufficient credentials", "not found");
            }

            // and is refused what changes things, as Karaf refuses a command whose ACL names none of
            // the user's roles: the command is hidden from that user. The component does not restart.
            for (String changing : new String[] {"wasm:restart counter", "wasm:ask pong '{\"q\":1}'",
                    "wasm:send pong '{\"q\":1}'", "wasm:invoke counter increment", "wasm:call counter f x"}) {
                Karaf.Result r = karaf.run("viewer", "viewer", changing);
                assertThat(r.ok()).as("%s", r).isFalse();
                assertThat(r.output()).as("%s", r).isEqualTo("Command not found: " + changing.substring(0, changing.indexOf(' ')));
            }
            Thread.sleep(1000);
            assertThat(restarts(karaf.run("wasm:list"), "counter")).isEqualTo("0");

            // karaf (admin) restarts it
            Karaf.Result restart = karaf.run("wasm:restart counter");
            assertThat(restart.output()).as("%s", restart).isEqualTo("restart of 'counter' requested");
            karaf.await("wasm:list", r -> restarts(r, "counter").equals("1") && row(r, "counter").contains("READY"), 30_000,
                    "counter restarted once");
            Karaf.Result ask = karaf.run("wasm:ask pong '{\"q\":1}'");
            assertThat(ask.output()).as("%s", ask).isEqualTo("\"pong\"");

            // JMX: the viewer reads the attributes and may check health, restart() is admin's
            ObjectName counter = new ObjectName("dev.wharf:type=Component,name=\"counter\"");
            ObjectName runtime = new ObjectName("dev.wharf:type=Runtime");
            try (JMXConnector viewer = jmx(karaf, "viewer")) {
                MBeanServerConnection c = viewer.getMBeanServerConnection();
                assertThat(c.getAttribute(counter, "Restarts")).isEqualTo(1);
                assertThat(c.getAttribute(counter, "State")).isEqualTo("READY");
                assertThat((String[]) c.getAttribute(runtime, "ComponentIds")).contains("counter", "pong");
                assertThat((String) c.invoke(counter, "checkHealth", new Object[0], new String[0])).startsWith("healthy");
                assertThatThrownBy(() -> c.invoke(counter, "restart", new Object[0], new String[0]))
                        .isInstanceOf(SecurityException.class).hasMessageContaining("Insufficient roles/credentials");
                assertThat(c.getAttribute(counter, "Restarts")).isEqualTo(1);
            }
            try (JMXConnector admin = jmx(karaf, "karaf")) {
                MBeanServerConnection c = admin.getMBeanServerConnection();
                c.invoke(counter, "restart", new Object[0], new String[0]);
            }
            karaf.await("wasm:list", r -> restarts(r, "counter").equals("2") && row(r, "counter").contains("READY"), 30_000,
                    "counter restarted through JMX");

            // the operator changes the ACL in etc/: now a viewer may restart too
            String edited = Files.readString(commandAcl).replaceFirst("(?m)^(\\s*)restart = admin.*$", "$1restart = admin, viewer");
            assertThat(edited).contains("restart = admin, viewer");
            karaf.drop(edited, "etc", "org.apache.karaf.command.acl.wasm.cfg");
            karaf.await("config:property-list --pid org.apache.karaf.command.acl.wasm",
                    r -> r.output().lines().anyMatch(l -> l.strip().equals("restart = admin, viewer")), 15_000,
                    "the edited command ACL in ConfigAdmin");
            Karaf.Result allowed = karaf.run("viewer", "viewer", "wasm:restart counter");
            assertThat(allowed.output()).as("%s", allowed).isEqualTo("restart of 'counter' requested");
            karaf.await("wasm:list", r -> restarts(r, "counter").equals("3"), 30_000, "counter restarted by the viewer");
            // the rest is as it was
            Karaf.Result stillRefused = karaf.run("viewer", "viewer", "wasm:ask pong '{\"q\":1}'");
            assertThat(stillRefused.output()).as("%s", stillRefused).isEqualTo("Command not found: wasm:ask");

            assertThat(karaf.stop(60_000)).as("Karaf's exit code\n%s", karaf.report()).isZero();
        }
    }

    private static JMXConnector jmx(Karaf karaf, String user) throws Exception {
        return JMXConnectorFactory.connect(new JMXServiceURL(karaf.jmxUrl()),
                Map.of(JMXConnector.CREDENTIALS, new String[] {user, user}));
    }

    /** An example bundle as this build made it, from the repository the build filled for Karaf. */
    private static Path example(String artifactId) {
        Path jar = REPO.resolve("dev/wharf/" + artifactId + "/" + VERSION + "/" + artifactId + "-" + VERSION + ".jar");
        assertThat(jar).exists();
        return jar;
    }

    /** The line of {@code wasm:list} for component {@code id}, or "". */
    private static String row(Karaf.Result list, String id) {
        return list.output().lines().filter(l -> l.startsWith(id + " ")).findFirst().orElse("");
    }

    /** The RESTARTS column of {@code id}'s row of {@code wasm:list}, or "". */
    private static String restarts(Karaf.Result list, String id) {
        String[] cells = row(list, id).trim().split("\\s+");
        return cells.length > 6 ? cells[6] : "";
    }
}
