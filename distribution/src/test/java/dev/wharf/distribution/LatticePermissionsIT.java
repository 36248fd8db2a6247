package dev.wharf.distribution;

import dev.wharf.testing.nats.NatsServer;
import io.nats.client.NKey;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * NATS as the operator's second line: each node logs in as its own user, whose permissions let
 * it subscribe only to the ids it is meant to serve (the documented permissions of
 * {@code docs/lattice.md}). Node b hosts worker and secret, but may serve worker only: a's asks
 * reach worker, and an ask of secret is answered at once with the error that no node takes it.
 * And nodes that log in with NKeys, as a server set up for wasmCloud expects; nodes that reach
 * the server over mutual TLS only, trusting its certificate through a trust store and showing
 * their own from a key store (a node without one is turned away, and says why).
 */
class LatticePermissionsIT {

    private static final Path JAR = Path.of(System.getProperty("wharf.jar", "target/wharf.jar"));

    @TempDir
    Path root;

    private Path binary;

    @BeforeEach
    void findNats() {
        binary = LatticeIT.natsServer();
    }

    @Test
    void aNodeServesOnlyWhatItsNatsUserMaySubscribeTo() throws Exception {
        Path conf = root.resolve("nats.conf");
        Files.writeString(conf, """
                authorization {
                  users = [
                    { user: a, password: secret-a, permissions: {
                        publish: ["wharf.perm.msg.*.a.>", "wharf.perm.node.a", "wharf.perm.reply.>"],
                        subscribe: ["wharf.perm.msg.relay.*.*", "wharf.perm.node.*", "wharf.perm.reply.a.>"] } }
                    { user: b, password: secret-b, permissions: {
                        publish: ["wharf.perm.msg.*.b.>", "wharf.perm.node.b", "wharf.perm.reply.>"],
                        subscribe: ["wharf.perm.msg.worker.*.*", "wharf.perm.node.*", "wharf.perm.reply.b.>"] } }
                  ]
                }
                """);
        try (NatsServer nats = new NatsServer(binary, conf)) {
            nats.start();
            Path dirA = node(nats, "a", "secret-a");
            LatticeIT.drop(dirA, "test.relay", "relay.wasm;id=relay;send-to=worker", "relay");
            Path dirB = node(nats, "b", "secret-b");
            LatticeIT.worker(dirB, "worker", "b");
            LatticeIT.worker(dirB, "secret", "b");
            try (Container a = new Container(JAR, dirA); Container b = new Container(JAR, dirB)) {
                a.await(l -> l.contains("component relay is ready"), 60_000, "a's relay");
                b.await(l -> l.contains("component secret is ready"), 60_000, "b's components");
                LatticeIT.until(a, "wasm:lattice", l -> l.startsWith("b ") && l.contains("secret"), "a sees b");
                a.command("wasm:ask relay '\"hi\"'");
                a.await(l -> l.endsWith("\"b\""), 10_000, "worker's answer through relay");
                a.command("wasm:ask secret '\"hi\"'");
                a.await(l -> l.contains("error: ") && l.contains("no node of lattice 'perm' takes messages for 'secret'"),
                        10_000, "secret is not served: b may not subscribe to it");
                a.stop();
                b.stop();
            }
        }
    }

    @Test
    void nodesLogInWithNKeys() throws Exception {
        NKey keyA = NKey.createUser(null);
        NKey keyB = NKey.createUser(null);
        Path conf = root.resolve("nats.conf");
        Files.writeString(conf, "authorization { users = [ { nkey: " + new String(keyA.getPublicKey()) + " }, { nkey: "
                + new String(keyB.getPublicKey()) + " } ] }\n");
        try (NatsServer nats = new NatsServer(binary, conf)) {
            nats.start();
            Path dirA = nkeyNode(nats, "a", keyA);
            LatticeIT.drop(dirA, "test.relay", "relay.wasm;id=relay;send-to=worker", "relay");
            Path dirB = nkeyNode(nats, "b", keyB);
            LatticeIT.worker(dirB, "worker", "b");
            try (Container a = new Container(JAR, dirA); Container b = new Container(JAR, dirB)) {
                a.await(l -> l.contains("node a connected to " + nats.url()), 60_000, "a logged in with its NKey");
                b.await(l -> l.contains("component worker is ready"), 60_000, "b's worker");
                LatticeIT.until(a, "wasm:ask relay '\"hi\"'", l -> l.endsWith("\"b\""), "worker's answer through relay");
                a.stop();
                b.stop();
            }
        }
    }

    @Test
    void aNodeTheServerRefusesConnectsOnceTheServerAcceptsIt() throws Exception {
        Path conf = root.resolve("nats.conf");
        Files.writeString(conf, "authorization { users = [ { user: a, password: rotated } ] }\n");
        try (NatsServer nats = new NatsServer(binary, conf)) {
            nats.start();
            Path dirA = node(nats, "a", "secret-a");
            try (Container a = new Container(JAR, dirA)) {
                // jnats gives up on a connection after the same authorization error twice: the node makes a new one
                a.await(l -> l.contains("node a: NATS closed the connection") && l.contains("connecting anew"), 60_000,
                        "the refused node keeps trying");
                a.command("wasm:ask pong '\"ping\"'");
                a.await(l -> l.endsWith("\"pong\""), 10_000, "local messages meanwhile");
                Files.writeString(conf, "authorization { users = [ { user: a, password: secret-a } ] }\n");
                nats.reload();
                a.await(l -> l.contains("node a connected to " + nats.url()), 30_000, "connected without a restart");
                a.stop();
            }
        }
    }

    @Test
    void nodesTalkOverMutualTls() throws Exception {
        Path tls = Files.createDirectories(root.resolve("tls"));
        Path trust = Tls.serverCertificate(tls);
        Path client = Tls.clientCertificate(tls);
        Path conf = root.resolve("nats.conf");
        // the server asks every client for a certificate it trusts
        Files.writeString(conf, "tls { cert_file: \"" + tls.resolve("server.pem") + "\", key_file: \""
                + tls.resolve("server-key.pem") + "\", ca_file: \"" + tls.resolve("client.pem") + "\", verify: true }\n");
        try (NatsServer nats = new NatsServer(binary, conf)) {
            nats.start();
            String url = nats.url().replace("nats://", "tls://");
            String settings = "servers = " + url + "\nlattice = tls\ntls-truststore = " + slashes(trust)
                    + "\ntls-truststore-password = " + Tls.PASSWORD + "\n";
            String mutual = settings + "tls-keystore = " + slashes(client) + "\ntls-keystore-password = " + Tls.PASSWORD + "\n";
            Path dirA = node("a", mutual);
            LatticeIT.drop(dirA, "test.relay", "relay.wasm;id=relay;send-to=worker", "relay");
            Path dirB = node("b", mutual);
            LatticeIT.worker(dirB, "worker", "b");
            // c trusts the server but has no certificate of its own: the server turns it away
            Path dirC = node("c", settings);
            try (Container a = new Container(JAR, dirA); Container b = new Container(JAR, dirB);
                    Container c = new Container(JAR, dirC)) {
                a.await(l -> l.contains("node a connected to " + url), 60_000, "a connected over mutual TLS");
                b.await(l -> l.contains("component worker is ready"), 60_000, "b's worker");
                LatticeIT.until(a, "wasm:ask relay '\"hi\"'", l -> l.endsWith("\"b\""), "worker's answer over TLS");
                c.await(l -> l.contains("lattice tls: NATS:"), 60_000, "c says why it cannot connect");
                c.command("wasm:lattice");
                c.await(l -> l.startsWith("lattice tls: node c, not connected"), 10_000, "c not connected");
                a.stop();
                b.stop();
                c.stop();
            }
        }
    }

    private static String slashes(Path p) {
        return p.toString().replace('\\', '/');
    }

    /** A container's directory whose lattice configuration is {@code settings} plus its node name. */
    private Path node(String name, String settings) throws Exception {
        Path dir = Files.createDirectories(root.resolve(name).resolve("deploy")).getParent();
        Files.writeString(dir.resolve("deploy/dev.wharf.lattice.cfg"), settings + "node = " + name + "\n");
        return dir;
    }

    /** A node that logs in as user {@code name}. */
    private Path node(NatsServer nats, String name, String password) throws Exception {
        return node(name, "servers = " + nats.url() + "\nlattice = perm\nuser = " + name + "\npassword = " + password + "\n");
    }

    /** A node that logs in with the NKey whose seed is in a file of its own. */
    private Path nkeyNode(NatsServer nats, String name, NKey key) throws Exception {
        Path seed = Files.writeString(Files.createDirectories(root.resolve(name)).resolve(name + ".nk"),
                new String(key.getSeed()) + "\n");
        return node(name, "servers = " + nats.url() + "\nlattice = keys\nnkey = " + slashes(seed) + "\n");
    }
}
