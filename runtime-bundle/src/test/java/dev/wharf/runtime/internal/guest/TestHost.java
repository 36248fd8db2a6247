package dev.wharf.runtime.internal.guest;

import dev.wharf.api.ComponentId;
import dev.wharf.api.Delivery;
import dev.wharf.api.DeliveryRefusedException;
import dev.wharf.api.ErrorCode;
import dev.wharf.runtime.internal.engine.CapabilityImport;
import dev.wharf.runtime.internal.engine.GuestMemory;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A host for a guest under test: it records the guest's log, denies messages and capabilities.
 * The fakes of one part (capabilities, http, actors) extend it and override what they fake, so
 * what every host does the same stays here.
 */
public class TestHost implements GuestHost {

    /** Runs guest code with no deadline at all. */
    public static final Deadline NO_DEADLINE = new Deadline() {
        @Override
        public <T> T run(String name, Section<T> section) {
            return section.run();
        }

        @Override
        public long remainingNanos() {
            return Long.MAX_VALUE;
        }
    };

    /** What {@link #config} answers; a fake may put a mutable map here. */
    public volatile Map<String, String> config = Map.of();
    public volatile GuestVars vars = new GuestVars();
    /** The guest's log lines, each {@code LEVEL text}. */
    public final List<String> lines = new CopyOnWriteArrayList<>();
    private final ComponentId id;

    public TestHost(String id) {
        this.id = ComponentId.of(id);
    }

    @Override
    public ComponentId id() {
        return id;
    }

    @Override
    public Delivery send(ComponentId to, byte[] payload) {
        return new Delivery.Refused(new DeliveryRefusedException(ErrorCode.DENIED, "no"));
    }

    @Override
    public Answer ask(ComponentId to, byte[] payload, long timeoutMs) {
        return Answer.failed(ErrorCode.DENIED);
    }

    @Override
    public void log(Level level, String message) {
        lines.add(level + " " + message);
    }

    @Override
    public boolean logs(Level level) {
        return true;
    }

    @Override
    public Map<String, String> config() {
        return config;
    }

    @Override
    public GuestVars vars() {
        return vars;
    }

    @Override
    public long[] capability(CapabilityImport imp, GuestMemory memory, long[] args) {
        return new long[] {-ErrorCode.DENIED.code()};
    }
}
