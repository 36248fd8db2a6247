package dev.wharf.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.testing.nats.NatsServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three wharf.jar containers joined into one lattice by a real nats-server: a guest on node a
 * asks a guest on node b, the receiving node's policy decides with the real sender, the same id
 * on two nodes shares the load, NATS restarted and node b killed mid-stream. Each message gets
 * its answer (the reply or an error line); none hangs. The tests build on each other, in order.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LatticeIT {

    private static final Path JAR = Path.of(System.getProperty("wharf.jar", "target/wharf.jar"));
    /** A reply of worker, which answers with its node's name, or an error line. */
    private static final Predicate<String> ANSWER = l -> l.endsWith("\"b\"") || l.endsWith("\"c\"") || l.contains("error: ");

    @TempDir
    static Path root;

    private NatsServer nats;
    private Container a;
    private Container b;
    private Container c;

    @BeforeAll
    void startLattice() throws Exception {
        nats = new NatsServer(natsServer());
        nats.start();
        Path dirA = node("a");
        drop(dirA, "test.relay", "relay.wasm;id=relay;send-to=worker", "relay");
        drop(dirA, "test.intruder", "relay.wasm;id=intruder;send-to=worker", "relay");
        Path dirB = node("b");
        worker(dirB, "worker", "b");
        worker(dirB, "solo", "b");
        drop(dirB, "test.sequence", "sequence.wasm;id=sequence;mailbox=5000", "sequence");
        a = new Container(JAR, dirA);
        b = new Container(JAR, dirB);
        a.await(l -> l.contains("component intruder is ready"), 60_000, "a's components");
        b.await(l -> l.contains("component solo is ready"), 60_000, "b's components");
        until(a, "wasm:lattice", l -> l.startsWith("b ") && l.contains("solo"), "a sees b's components");
    }

    @AfterAll
    void stopLattice() throws Exception {
        for (Container x : new Container[] {a, b, c}) {
            if (x != null) {
                x.close();
            }
        }
        if (nats != null) {
            nats.close();
        }
    }

    @Test
    @Order(1)
    void aGuestOnOneNodeAsksAGuestOnAnother() throws Exception {
        a.command("wasm:ask relay '\"hi\"'");
        a.await(l -> l.endsWith("\"b\""), 10_000, "relay's answer from worker on b");
        // the host of node a reaches worker directly too
        a.command("wasm:ask worker '\"hi\"'");
        a.await(l -> l.endsWith("\"b\""), 10_000, "worker's answer to a's host");
        a.command("wasm:list");
        a.await(l -> l.startsWith("worker") && l.contains("REMOTE") && l.endsWith("remote"), 10_000, "worker as REMOTE");
        a.await(l -> l.equals("  worker: b"), 10_000, "where worker runs");
        a.command("wasm:lattice");
        a.await(l -> l.startsWith("a *") && l.contains("relay"), 10_000, "node a in wasm:lattice");
        a.await(l -> l.equals("lattice it: node a, connected to " + nats.url()), 10_000, "a's connection");
        // a tell across nodes arrives: worker counts it
        a.command("wasm:send worker '\"t\"'");
        a.await(l -> l.endsWith("accepted"), 10_000, "tell accepted");
        until(b, "wasm:invoke worker tells", l -> l.endsWith("1"), "the tell reached worker on b");
    }

    @Test
    @Order(2)
    void tellsFromOneSenderArriveInOrderAcrossNodes() throws Exception {
        StringBuilder script = new StringBuilder();
        for (int i = 1; i <= 500; i++) {
            script.append("wasm:send sequence '").append(i).append("'\n");
        }
        a.command(script.toString().strip());
        for (int i = 0; i < 500; i++) {
            a.await(l -> l.endsWith("accepted") || l.contains("error: "), 15_000, "tell " + (i + 1) + " of 500 accepted");
        }
        until(b, "wasm:invoke sequence last", l -> l.endsWith(" 500") || l.equals("500"), "all 500 on b");
        b.command("wasm:invoke sequence disorder");
        b.await(l -> l.endsWith(" 0") || l.equals("0"), 10_000, "none out of order");
    }

    @Test
    @Order(3)
    void theReceivingNodesPolicyDecidesWithTheRealSender() throws Exception {
        // intruder may send to worker (node a agrees), but worker receives only from relay (node b decides)
        a.command("wasm:ask intruder '\"hi\"'");
        // relay's module answers a failed ask with the error code: 2, denied
        a.await(l -> l.contains("error: ") && l.contains("'intruder' answered with error code 2"), 10_000, "intruder denied");
        b.command("wasm:audit");
        b.await(l -> l.contains("intruder@a -> worker") && l.contains("DENY") && l.contains("does not receive from 'intruder'"),
                10_000, "b's audit record naming node a");
        // relay is still let through
        a.command("wasm:ask relay '\"again\"'");
        a.await(l -> l.endsWith("\"b\""), 10_000, "relay still answered");
    }

    @Test
    @Order(4)
    void anUpdateOnTheReceivingNodeKeepsItsComponentInTheLattice() throws Exception {
        // solo runs on b only: were it withdrawn for the swap, an ask would find no node
        for (int i = 0; i < 100; i++) {
            a.command("wasm:ask solo '\"x\"'");
        }
        List<String> answers = new ArrayList<>();
        answers.add(a.await(l -> l.endsWith("\"b\"") || l.contains("error: "), 10_000, "the first answer"));
        worker(b.directory(), "solo", "1.1.0", "b");
        for (int i = 1; i < 100; i++) {
            answers.add(a.await(l -> l.endsWith("\"b\"") || l.contains("error: "), 15_000, "answer " + (i + 1) + " of 100"));
        }
        b.await(l -> l.contains("component solo updated 1.0.0 -> 1.1.0"), 15_000, "solo swapped on b");
        // asked after the swap, from a: still there
        a.command("wasm:ask solo '\"y\"'");
        answers.add(a.await(l -> l.endsWith("\"b\"") || l.contains("error: "), 10_000, "solo after its update"));
        assertThat(answers).allMatch(l -> l.endsWith("\"b\""));
    }

    @Test
    @Order(5)
    void aComponentUndeployedOnItsNodeIsWithdrawnAtOnce() throws Exception {
        worker(b.directory(), "gone", "b");
        until(a, "wasm:ask gone '\"x\"'", l -> l.endsWith("\"b\""), "gone served from b");
        Files.delete(b.directory().resolve("deploy/test.gone.jar"));
        b.await(l -> l.contains("component gone stopped") || l.contains("component gone undeployed"), 15_000, "gone stopped on b");
        // b announces the change at once (its service went): a no longer routes there
        until(a, "wasm:ask gone '\"x\"'", l -> l.contains("error: ") && l.contains("unknown component 'gone'"),
                "gone unknown on a");
        a.command("wasm:lattice");
        a.await(l -> l.startsWith("b ") && !l.contains("gone"), 10_000, "b's row without gone");
    }

    @Test
    @Order(6)
    void theSameIdOnTwoNodesSharesTheLoad() throws Exception {
        Path dirC = node("c");
        worker(dirC, "worker", "c");
        c = new Container(JAR, dirC);
        c.await(l -> l.contains("component worker is ready"), 60_000, "c's worker");
        until(a, "wasm:lattice", l -> l.startsWith("c ") && l.contains("worker"), "a sees c's worker");
        List<String> answers = askMany(a, 40, 30_000);
        assertThat(answers).allMatch(l -> l.endsWith("\"b\"") || l.endsWith("\"c\""));
        assertThat(answers).anyMatch(l -> l.endsWith("\"b\"")).anyMatch(l -> l.endsWith("\"c\""));
    }

    @Test
    @Order(7)
    void natsRestartedMidStream() throws Exception {
        for (int i = 0; i < 30; i++) {
            a.command("wasm:ask worker '\"x\"'");
        }
        a.await(ANSWER, 10_000, "the first answer");
        nats.stop();
        // every ask of the stream is answered, with the reply or with an error: none hangs
        for (int i = 1; i < 30; i++) {
            a.await(ANSWER, 15_000, "answer " + (i + 1) + " of 30 while NATS stops");
        }
        a.command("wasm:send worker '\"x\"'");
        a.await(l -> l.contains("error: ") && l.contains("not connected to NATS"), 10_000, "a tell refused clearly");
        a.command("wasm:ask worker '\"x\"'");
        a.await(l -> l.contains("error: ") && l.contains("not connected to NATS"), 10_000, "an ask refused clearly");
        // local messaging is not affected
        a.command("wasm:ask pong '\"ping\"'");
        a.await(l -> l.endsWith("\"pong\""), 10_000, "local ask while NATS is down");
        nats.start();
        a.await(l -> l.contains("node a connected to " + nats.url()), 30_000, "a reconnects");
        until(a, "wasm:ask worker '\"x\"'", l -> l.endsWith("\"b\"") || l.endsWith("\"c\""), "asks across nodes again");
    }

    @Test
    @Order(8)
    void aNodeKilledMidStreamIsAnsweredForAndDropped() throws Exception {
        until(a, "wasm:lattice", l -> l.startsWith("b ") && l.contains("solo"), "b back in a's view");
        for (int i = 0; i < 30; i++) {
            a.command("wasm:ask worker '\"x\"'");
        }
        a.await(ANSWER, 10_000, "the first answer");
        long killed = System.nanoTime();
        b.kill();
        // the 29 other answers and the line that says b was dropped, in whatever order they come
        int answers = 0;
        long noticedMs = -1;
        while (answers < 29 || noticedMs < 0) {
            String l = a.await(ANSWER.or(x -> x.contains("node b not heard from")), 15_000,
                    "answer " + (answers + 1) + " of 29 after the kill, and b dropped");
            if (l.contains("node b not heard from")) {
                noticedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killed);
            } else {
                answers++;
            }
        }
        System.out.println("lattice: node a dropped the killed node b after " + noticedMs + " ms");
        assertThat(noticedMs).as("node-timeout-ms 2000 + heartbeat-ms 500, with scheduling slack").isLessThan(10_000);
        // b's own component is answered for: NATS dropped b's subscriptions with its connection
        a.command("wasm:ask solo '\"x\"'");
        a.await(l -> l.contains("error: ") && l.contains("solo"), 10_000, "an ask to b's solo fails");
        a.command("wasm:send solo '\"x\"'");
        a.await(l -> l.contains("error: ") && l.contains("unknown component 'solo'"), 10_000, "a tell to b's solo refused");
        a.command("wasm:lattice");
        List<String> rows = new ArrayList<>();
        a.await(l -> {
            rows.add(l);
            return l.startsWith("lattice it:");
        }, 10_000, "the lattice without b");
        assertThat(rows).noneMatch(l -> l.startsWith("b ")).anyMatch(l -> l.startsWith("c "));
        // the rest of the lattice goes on
        assertThat(askMany(a, 5, 15_000)).allMatch(l -> l.endsWith("\"c\""));
    }

    // ---- helpers -------------------------------------------------------------------------------

    private Path node(String name) throws IOException {
        Path dir = Files.createDirectories(root.resolve(name));
        Files.createDirectories(dir.resolve("deploy"));
        Files.writeString(dir.resolve("deploy/dev.wharf.lattice.cfg"), "servers = " + nats.url() + "\nlattice = it\nnode = "
                + name + "\n");
        return dir;
    }

    /** A worker (or another id of its module) that answers with {@code node}. */
    /** The installed nats-server; without one the test is skipped, but not in CI (CI set), where it fails. */
    static Path natsServer() {
        Path binary = NatsServer.find();
        Assumptions.assumeTrue(binary != null || System.getenv("CI") != null, "nats-server is not installed");
        return binary;
    }

    static void worker(Path dir, String id, String node) throws IOException {
        worker(dir, id, "1.0.0", node);
    }

    /** Component {@code id} of the worker guest in {@code dir}, answering with {@code node}. */
    static void worker(Path dir, String id, String version, String node) throws IOException {
        Files.writeString(dir.resolve("deploy/dev.wharf.component-" + id + ".cfg"), "component.id = " + id
                + "\nconfig.node = \"" + node + "\"\n");
        DeployFolderIT.drop(dir, "test." + id, version, "worker.wasm;id=" + id + ";capabilities=config;receive-from=relay",
                "worker");
    }

    static void drop(Path dir, String bsn, String header, String guest) throws IOException {
        DeployFolderIT.drop(dir, bsn, "1.0.0", header, guest);
    }

    /** {@code count} asks of worker from the host of {@code node}; their answer lines. */
    private static List<String> askMany(Container node, int count, long timeoutMs) throws Exception {
        for (int i = 0; i < count; i++) {
            node.command("wasm:ask worker '\"x\"'");
        }
        List<String> answers = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            answers.add(node.await(ANSWER, timeoutMs, "answer " + (i + 1) + " of " + count));
        }
        return answers;
    }

    /** Repeats {@code command} until a line of its output matches, for at most 20 s. */
    static void until(Container node, String command, Predicate<String> match, String what) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        AssertionError last = null;
        while (System.nanoTime() < end) {
            node.command(command);
            try {
                node.await(match, 1000, what);
                return;
            } catch (AssertionError e) {
                last = e;
            }
        }
        throw last;
    }
}
