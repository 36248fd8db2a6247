package dev.wharf.runtime.internal.guest;

import dev.wharf.api.ComponentId;
import dev.wharf.api.ExportSignature;
import dev.wharf.api.HealthStatus;
import dev.wharf.api.ValueType;
import dev.wharf.api.http.HttpField;
import dev.wharf.api.http.IncomingRequest;
import dev.wharf.api.http.OutgoingResponse;
import dev.wharf.runtime.internal.engine.CapabilityImport;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A kind of guest for unit tests of the runtime: its instances do what the test's {@link Script}
 * says, inside the deadline they are given (so a script that throws traps, one that blocks times
 * out), and every call and every instance is recorded.
 */
public final class FakeModule implements GuestModule {

    /** What the instances do; each method runs inside the call's deadline. */
    public interface Script {
        default void initialize(FakeGuest g) {}

        /** By default a request is answered with its payload, a tell with nothing. */
        default byte[] deliver(FakeGuest g, ComponentId sender, byte[] payload, boolean request) {
            return request ? payload : null;
        }

        default HealthStatus health(FakeGuest g) {
            return null;
        }

        default byte[] saveState(FakeGuest g) {
            return g.state;
        }

        default void restoreState(FakeGuest g, byte[] state) {
            g.state = state;
        }

        default void cleanup(FakeGuest g) {}

        /** By default a request is answered 200 with its method and path, and the instance's number. */
        default OutgoingResponse serveHttp(FakeGuest g, IncomingRequest request) {
            return new OutgoingResponse(200, List.of(HttpField.of("x-instance", String.valueOf(g.number))),
                    (request.method() + " " + request.pathWithQuery()).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
    }

    /** Deliveries wait until {@code release} opens (an interrupt ends the wait as a trap), then echo a request. */
    public static Script waitingFor(java.util.concurrent.CountDownLatch release) {
        return new Script() {
            @Override
            public byte[] deliver(FakeGuest g, ComponentId sender, byte[] payload, boolean request) {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    throw new IllegalStateException("interrupted", e);
                }
                return request ? payload : null;
            }
        };
    }

    public volatile Script script = new Script() {};
    public volatile boolean savesState;
    public volatile boolean restoresState;
    public volatile boolean checksHealth;
    public volatile boolean servesHttp;
    /** Every call of every instance, as {@code <instance>:<call>}, in order. */
    public final List<String> events = new CopyOnWriteArrayList<>();
    public final AtomicInteger created = new AtomicInteger();
    public final AtomicInteger closed = new AtomicInteger();
    private final List<CapabilityImport> imports = new ArrayList<>();
    private final String sha;

    public FakeModule() {
        this("fake");
    }

    public FakeModule(String sha) {
        this.sha = sha;
    }

    /** Adds a capability import. */
    public FakeModule importing(CapabilityImport imp) {
        imports.add(imp);
        return this;
    }

    /** Instances alive now (made and not closed). */
    public int live() {
        return created.get() - closed.get();
    }

    @Override
    public String kind() {
        return "fake";
    }

    @Override
    public boolean callsWithBytes() {
        return false;
    }

    @Override
    public String sha256() {
        return sha;
    }

    @Override
    public Map<String, ExportSignature> exports() {
        return Map.of("add", new ExportSignature("add", List.of(ValueType.I32, ValueType.I32), List.of(ValueType.I32)));
    }

    @Override
    public boolean servesHttp() {
        return servesHttp;
    }

    @Override
    public boolean checksHealth() {
        return checksHealth;
    }

    @Override
    public boolean keepsState() {
        return savesState || restoresState;
    }

    @Override
    public List<String> stateFunctions() {
        List<String> out = new ArrayList<>();
        if (savesState) {
            out.add("save");
        }
        if (restoresState) {
            out.add("restore");
        }
        return out;
    }

    @Override
    public List<CapabilityImport> capabilityImports() {
        return List.copyOf(imports);
    }

    @Override
    public boolean compiled() {
        return false;
    }

    @Override
    public boolean usesWasi() {
        return false;
    }

    @Override
    public String engineLabel() {
        return "fake";
    }

    @Override
    public Guest instantiate(GuestHost host) {
        return new FakeGuest(this, host, created.incrementAndGet());
    }
}
