package dev.wharf.runtime.internal.guest;

import java.util.List;

import dev.wharf.api.ComponentId;
import dev.wharf.api.ExportSignature;
import dev.wharf.api.HealthStatus;
import dev.wharf.api.http.IncomingRequest;
import dev.wharf.api.http.OutgoingResponse;
import java.nio.charset.StandardCharsets;

/** An instance of a {@link FakeModule}: it runs the module's script inside the deadline it is given. */
public final class FakeGuest implements Guest {

    public final FakeModule module;
    public final GuestHost host;
    public final int number;
    /** What it would hand to a new version. */
    public volatile byte[] state = new byte[0];
    private boolean closed;

    FakeGuest(FakeModule module, GuestHost host, int number) {
        this.module = module;
        this.host = host;
        this.number = number;
    }

    private void event(String what) {
        module.events.add(number + ":" + what);
    }

    @Override
    public void initialize(Deadline deadline) {
        event("initialize");
        deadline.run("_initialize", () -> {
            module.script.initialize(this);
            return null;
        });
    }

    @Override
    public byte[] deliver(Deadline deadline, ComponentId sender, byte[] payload, boolean request) {
        event("deliver " + sender + " " + new String(payload, StandardCharsets.UTF_8));
        return deadline.run("handle-message", () -> module.script.deliver(this, sender, payload, request));
    }

    @Override
    public long[] invoke(Deadline deadline, ExportSignature export, long[] args) {
        event("invoke " + export.name());
        return deadline.run(export.name(), () -> new long[] {args[0] + args[1]});
    }

    /** Answers its input reversed, so a test sees the call reach the guest. */
    @Override
    public Object call(Deadline deadline, String function, ValueForm form, Object arguments) {
        event("values " + function);
        return deadline.run(function, () -> List.of(arguments));
    }

    @Override
    public byte[] call(Deadline deadline, String function, byte[] input) {
        event("call " + function);
        return deadline.run(function, () -> {
            byte[] out = new byte[input.length];
            for (int i = 0; i < input.length; i++) {
                out[i] = input[input.length - 1 - i];
            }
            return out;
        });
    }

    @Override
    public OutgoingResponse serveHttp(Deadline deadline, IncomingRequest request) {
        event("http " + request.method() + " " + request.pathWithQuery());
        return deadline.run("wasi:http/incoming-handler#handle", () -> module.script.serveHttp(this, request));
    }

    @Override
    public HealthStatus health(Deadline deadline) {
        event("health");
        return module.checksHealth ? deadline.run("_health", () -> module.script.health(this)) : null;
    }

    @Override
    public boolean savesState() {
        return module.savesState;
    }

    @Override
    public boolean restoresState() {
        return module.restoresState;
    }

    @Override
    public byte[] saveState(Deadline deadline) {
        event("save");
        return deadline.run("_save_state", () -> module.script.saveState(this));
    }

    @Override
    public void restoreState(Deadline deadline, byte[] state) {
        event("restore");
        deadline.run("_restore_state", () -> {
            module.script.restoreState(this, state);
            return null;
        });
    }

    @Override
    public void cleanup(Deadline deadline) {
        event("cleanup");
        deadline.run("_cleanup", () -> {
            module.script.cleanup(this);
            return null;
        });
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            event("close");
            module.closed.incrementAndGet();
        }
    }

    public synchronized boolean isClosed() {
        return closed;
    }
}
