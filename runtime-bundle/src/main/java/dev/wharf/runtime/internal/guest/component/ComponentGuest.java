package dev.wharf.runtime.internal.guest.component;

import dev.wharf.api.ComponentId;
import dev.wharf.api.ExportSignature;
import dev.wharf.api.HealthStatus;
import dev.wharf.api.InvalidArgumentsException;
import dev.wharf.api.UnknownExportException;
import dev.wharf.runtime.internal.component.WaveParser;
import dev.wharf.runtime.internal.component.WaveWriter;
import dev.wharf.runtime.internal.component.WitType;
import dev.wharf.runtime.internal.component.WitValue;
import dev.wharf.runtime.internal.component.link.CanonicalFunctions;
import dev.wharf.runtime.internal.component.link.ComponentFunction;
import dev.wharf.runtime.internal.component.link.Linker;
import dev.wharf.runtime.internal.component.link.Linking;
import dev.wharf.runtime.internal.component.wasi.Wasi;
import dev.wharf.runtime.internal.guest.CallMismatch;
import dev.wharf.runtime.internal.guest.Deadline;
import dev.wharf.runtime.internal.guest.Guest;
import dev.wharf.runtime.internal.guest.GuestHost;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * An instance of a WebAssembly component: its core instances linked on Chicory when it
 * initialises (under the call's deadline, start functions included), its WASI 0.2 imports given
 * by a sandbox of its own ({@link Wasi}), its functions called with
 * values in WAVE. A call's input is its arguments in WAVE, one per parameter, separated by a NUL
 * byte; its output is the results in WAVE, one per line.
 */
final class ComponentGuest implements Guest {

    /** Separates the arguments of a call's input: no WAVE text contains it. */
    static final char SEPARATOR = '\0';

    private final ComponentModule module;
    private final GuestHost host;
    private Linking linking;
    private Wasi wasi;
    private Map<String, Object> exports;

    ComponentGuest(ComponentModule module, GuestHost host) {
        this.module = module;
        this.host = host;
    }

    @Override
    public void initialize(Deadline deadline) {
        linking = new Linking(module.engine(), module.memoryMaxPages(), module.origin(), new CanonicalFunctions());
        // WASI 0.2 as a sandbox: no files, no environment, no arguments; stdout and stderr to the guest log
        wasi = new Wasi((level, line) -> host.log(level == 2 ? Level.INFO : Level.WARNING, line));
        exports = deadline.run("instantiate", () -> Linker.instantiate(module.ast(), wasi::provide, linking));
    }

    @Override
    public byte[] call(Deadline deadline, String function, byte[] input) {
        ComponentModule.Function f = module.function(function);
        if (f == null) {
            throw new UnknownExportException(host.id(), function);
        }
        List<WitValue> args = arguments(f, new String(input, StandardCharsets.UTF_8));
        ComponentFunction target = target(f);
        List<WitValue> results = deadline.run(function, () -> target.call(args));
        StringBuilder out = new StringBuilder();
        List<WitType.Param> types = f.type().results();
        for (int i = 0; i < results.size(); i++) {
            String name = types.get(i).name();
            out.append(i == 0 ? "" : "\n").append(name.isEmpty() ? "" : name + ": ")
                    .append(WaveWriter.write(types.get(i).type(), results.get(i)));
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private List<WitValue> arguments(ComponentModule.Function f, String text) {
        List<WitType.Param> params = f.type().params();
        String[] parts = text.isEmpty() ? new String[0] : text.split(String.valueOf(SEPARATOR), -1);
        if (parts.length != params.size()) {
            throw new InvalidArgumentsException(0, f.name() + " takes " + params.size() + " argument"
                    + (params.size() == 1 ? "" : "s") + ", got " + parts.length);
        }
        List<WitValue> args = new ArrayList<>();
        for (int i = 0; i < parts.length; i++) {
            try {
                args.add(WaveParser.parse(params.get(i).type(), parts[i]));
            } catch (IllegalArgumentException e) {
                throw new InvalidArgumentsException(i + 1, "argument " + (i + 1) + " (" + params.get(i).name() + ": "
                        + dev.wharf.runtime.internal.component.WitText.of(params.get(i).type()) + "): " + e.getMessage());
            }
        }
        return args;
    }

    @SuppressWarnings("unchecked")
    private ComponentFunction target(ComponentModule.Function f) {
        Object entry = f.interfaceName() == null ? exports.get(f.name())
                : ((Map<String, Object>) exports.get(f.interfaceName())).get(f.name());
        return (ComponentFunction) entry;
    }

    /** A component has no function that takes messages: it is called with values. */
    @Override
    public byte[] deliver(Deadline deadline, ComponentId sender, byte[] payload, boolean request) {
        throw new UnknownExportException(host.id(), "handle-message");
    }

    @Override
    public long[] invoke(Deadline deadline, ExportSignature export, long[] args) {
        throw CallMismatch.numbers(host.id(), module.kind());
    }

    @Override
    public HealthStatus health(Deadline deadline) {
        return null;
    }

    @Override
    public boolean savesState() {
        return false;
    }

    @Override
    public boolean restoresState() {
        return false;
    }

    @Override
    public byte[] saveState(Deadline deadline) {
        throw new IllegalStateException("a component hands over no state");
    }

    @Override
    public void restoreState(Deadline deadline, byte[] state) {
        throw new IllegalStateException("a component takes over no state");
    }

    @Override
    public void cleanup(Deadline deadline) {
        // components have no cleanup function
    }

    @Override
    public void close() {
        if (wasi != null) {
            wasi.close();
            wasi = null;
        }
        if (linking != null) {
            linking.close();
            linking = null;
            exports = null;
        }
    }
}
