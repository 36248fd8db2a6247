package dev.wharf.benchmarks;

import dev.wharf.api.ComponentId;
import dev.wharf.api.ComponentMessage;
import dev.wharf.api.Delivery;
import dev.wharf.lattice.internal.LatticeConfig;
import dev.wharf.lattice.internal.NatsLattice;
import dev.wharf.runtime.internal.dispatch.LatticeInbox;
import dev.wharf.testing.nats.NatsServer;
import java.lang.annotation.Annotation;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Messages across two nodes of a lattice next to the same messages within one node, in the same
 * run: two runtimes in this JVM (nodes a and b), each with its own lattice connection to a real
 * {@code nats-server} on loopback started by the benchmark (Debian's package). The cross-node
 * path is the whole of it: a's dispatcher, a's policy (sending side), NATS, b's policy
 * (receiving side), b's mailbox and guest, and the reply back through NATS.
 *
 * <p>{@code natsRequestReply} is the floor: the same bytes as a bare jnats request and reply
 * between two connections of this JVM through the same server, nothing of Wharf on either side.
 *
 * <p>Tells are counted per batch of {@value #BATCH} followed by one ask of the same receiver,
 * whose reply comes after every tell before it was handled (in order per sender and receiver),
 * so the figure is tells handled per second, not tells handed to the network.
 */
@State(Scope.Benchmark)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class LatticeBenchmark {

    static final int BATCH = 200;
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final byte[] ECHO16 = {(byte) 0x80, 0x04, '"', 'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'l', '"'};

    private final ComponentMessage.InterComponent remote =
            new ComponentMessage.InterComponent(ComponentId.HOST, ComponentId.of("remote-echo"), ECHO16);
    private final ComponentMessage.InterComponent local =
            new ComponentMessage.InterComponent(ComponentId.HOST, ComponentId.of("local-echo"), ECHO16);
    private NatsServer nats;
    private Wired a;
    private Wired b;
    private NatsLattice linkA;
    private NatsLattice linkB;
    private io.nats.client.Connection rawServer;
    private io.nats.client.Connection rawClient;

    @Setup
    public void setUp() throws Exception {
        java.nio.file.Path binary = NatsServer.find();
        if (binary == null) {
            throw new IllegalStateException("LatticeBenchmark needs nats-server (apt-get install nats-server)");
        }
        nats = new NatsServer(binary);
        nats.start();
        String url = nats.url();
        a = Guests.runtime(0);
        b = Guests.runtime(0);
        Guests.deploy(a, "local-echo", "messaging", List.of(), List.of(), 10_000);
        Guests.deploy(b, "remote-echo", "messaging", List.of(), List.of(), 10_000);
        linkA = new NatsLattice(new LatticeInbox(a.system(), a.gate()), config(url, "a"));
        linkB = new NatsLattice(new LatticeInbox(b.system(), b.gate()), config(url, "b"));
        // the floor: a bare jnats request and reply between two connections of this JVM, same server
        rawServer = io.nats.client.Nats.connect(url);
        rawClient = io.nats.client.Nats.connect(url);
        io.nats.client.Connection server = rawServer;
        server.createDispatcher(m -> server.publish(m.getReplyTo(), m.getData())).subscribe("bench.echo");
        server.flush(Duration.ofSeconds(5));
        a.router().bindLattice(linkA);
        b.router().bindLattice(linkB);
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!linkA.reaches(ComponentId.of("remote-echo"))) {
            if (System.nanoTime() > end) {
                throw new IllegalStateException("node a never heard of node b's remote-echo");
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20)); // setup only: no event to wait on from here
        }
        if (!java.util.Arrays.equals(crossNodeAsk(), ECHO16) || !java.util.Arrays.equals(localAsk(), ECHO16)) {
            throw new IllegalStateException("the echo is not the same across nodes and within one");
        }
    }

    @TearDown
    public void tearDown() throws InterruptedException {
        rawClient.close();
        rawServer.close();
        linkA.close();
        linkB.close();
        a.shutdown();
        b.shutdown();
        nats.stop();
    }

    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    public byte[] crossNodeAsk() {
        return a.router().ask(remote, TIMEOUT).toCompletableFuture().join();
    }

    /** The same 16 bytes through NATS with nothing of Wharf on either side: what the network hop costs. */
    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    public byte[] natsRequestReply() throws Exception {
        return rawClient.request("bench.echo", ECHO16).get(10, TimeUnit.SECONDS).getData();
    }

    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    public byte[] localAsk() {
        return a.router().askAndWait(local, TIMEOUT);
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OperationsPerInvocation(BATCH)
    public byte[] crossNodeTell() {
        return tells(remote);
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OperationsPerInvocation(BATCH)
    public byte[] localTell() {
        return tells(local);
    }

    private byte[] tells(ComponentMessage.InterComponent m) {
        for (int i = 0; i < BATCH; i++) {
            Delivery d = a.router().tell(m);
            if (!d.accepted()) {
                throw new IllegalStateException("tell refused: " + d);
            }
        }
        return a.router().ask(m, TIMEOUT).toCompletableFuture().join();
    }

    static LatticeConfig config(String server, String node) {
        return new LatticeConfig() {
            @Override public Class<? extends Annotation> annotationType() { return LatticeConfig.class; }
            @Override public String[] servers() { return new String[] {server}; }
            @Override public String lattice() { return "bench"; }
            @Override public String node() { return node; }
            @Override public String user() { return ""; }
            @Override public String password() { return ""; }
            @Override public String token() { return ""; }
            @Override public String credentials() { return ""; }
            @Override public String nkey() { return ""; }
            @Override public boolean tls() { return false; }
            @Override public String tls$_$truststore() { return ""; }
            @Override public String tls$_$truststore$_$password() { return ""; }
            @Override public String tls$_$keystore() { return ""; }
            @Override public String tls$_$keystore$_$password() { return ""; }
            @Override public long heartbeat$_$ms() { return 500; }
            @Override public long node$_$timeout$_$ms() { return 2000; }
            @Override public int max$_$pending$_$asks() { return 10_000; }
            @Override public long reconnect$_$wait$_$ms() { return 250; }
        };
    }
}
