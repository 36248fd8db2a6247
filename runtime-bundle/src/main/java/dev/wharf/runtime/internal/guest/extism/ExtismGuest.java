package dev.wharf.runtime.internal.guest.extism;

import com.dylibso.chicory.runtime.ExportFunction;
import dev.wharf.api.Codec;
import dev.wharf.api.ComponentId;
import dev.wharf.api.ExportSignature;
import dev.wharf.api.GuestErrorException;
import dev.wharf.api.HealthStatus;
import dev.wharf.api.UnknownExportException;
import dev.wharf.runtime.internal.engine.GuestInstance;
import dev.wharf.runtime.internal.guest.CallMismatch;
import dev.wharf.runtime.internal.guest.Deadline;
import dev.wharf.runtime.internal.guest.ValueForm;
import dev.wharf.runtime.internal.guest.Guest;
import dev.wharf.runtime.internal.guest.GuestHost;
import java.lang.System.Logger.Level;

/**
 * An instance of an Extism plugin: its functions are called with bytes in and bytes out through
 * the kernel ({@link ExtismKernel}), as Extism calls them; a message goes to its
 * {@code handle_message} function, the body of the payload as input, the output as the reply.
 * Its vars are the component's ({@link GuestHost#vars()}): they outlive the instance, and they
 * are its state when a new version or a new runtime takes over.
 */
final class ExtismGuest implements Guest {

    private final ExtismModule module;
    private final GuestHost host;
    private final KernelMemory memory;
    private final ExtismKernel kernel;
    private GuestInstance instance;

    private ExtismGuest(ExtismModule module, GuestHost host, KernelMemory memory) {
        this.module = module;
        this.host = host;
        this.memory = memory;
        this.kernel = new ExtismKernel(memory, host, module.maxVarBytes());
    }

    static ExtismGuest create(ExtismModule module, GuestHost host) {
        ExtismGuest p = new ExtismGuest(module, host, new KernelMemory(module.blueprint().budget(), module.memoryMaxPages()));
        try {
            p.instance = GuestInstance.create(module.blueprint(), g -> p.kernel.functions(),
                    (level, line) -> host.log(level == 2 ? Level.INFO : Level.WARNING, line));
        } catch (RuntimeException | Error e) {
            p.memory.release();
            throw e;
        }
        return p;
    }

    /**
     * The module's start function, then Extism's initialisation, once: {@code hs_init} (after {@code _initialize}) for a Haskell
     * plugin; else the first of {@code _initialize} (a WASI reactor), {@code _start} (a WASI
     * command, whose normal exit is no failure) and {@code __wasm_call_ctors}.
     */
    @Override
    public void initialize(Deadline deadline) {
        kernel.begin(new byte[0]);
        deadline.run("start", () -> {
            instance.start();
            return null;
        });
        if (module.export("hs_init") != null) {
            run(deadline, "_initialize");
            deadline.run("hs_init", () -> instance.call("hs_init", 0, 0));
            return;
        }
        for (String name : new String[] {"_initialize", "_start", "__wasm_call_ctors"}) {
            if (run(deadline, name)) {
                return;
            }
        }
    }

    private boolean run(Deadline deadline, String name) {
        if (!module.exportsInitialiser(name)) {
            return false;
        }
        kernel.begin(new byte[0]);
        deadline.run(name, () -> {
            try {
                return instance.call(name);
            } catch (com.dylibso.chicory.wasi.WasiExitException e) {
                if (e.exitCode() != 0) {
                    throw e;
                }
                return null; // a command's main returned normally
            }
        });
        return true;
    }

    @Override
    public byte[] call(Deadline deadline, String function, byte[] input) {
        if (!module.exports().containsKey(function)) {
            throw new UnknownExportException(host.id(), function);
        }
        ExportFunction f = instance.export(function);
        boolean returnsCode = !module.exports().get(function).results().isEmpty();
        byte[][] output = new byte[1][];
        int rc = deadline.run(function, () -> {
            kernel.begin(input);
            long[] r = f.apply();
            output[0] = kernel.output();
            return returnsCode ? (int) r[0] : 0;
        });
        String error = kernel.error();
        if (error != null) {
            throw new GuestErrorException(host.id(), rc, error);
        }
        if (rc != 0) {
            throw new GuestErrorException(host.id(), rc, "function '" + function + "' returned " + rc
                    + " without an error message");
        }
        return output[0];
    }

    /**
     * A message goes to {@code handle_message}: its input is the payload's body (without the
     * codec's prefix), and for a request its output, with the request's codec, is the reply.
     */
    @Override
    public byte[] deliver(Deadline deadline, ComponentId sender, byte[] payload, boolean request) {
        if (!module.exports().containsKey(ExtismModule.HANDLE_MESSAGE)) {
            throw new UnknownExportException(host.id(), ExtismModule.HANDLE_MESSAGE);
        }
        Codec codec = Codec.of(payload);
        byte[] output = call(deadline, ExtismModule.HANDLE_MESSAGE, codec.body(payload));
        return request && output.length > 0 ? codec.encode(output) : null;
    }

    /** A plugin's functions take bytes, not numbers. */
    @Override
    public long[] invoke(Deadline deadline, ExportSignature export, long[] args) {
        throw CallMismatch.numbers(host.id(), module.kind());
    }

    /** Only a WebAssembly component has functions called with typed values. */
    @Override
    public Object call(Deadline deadline, String function, ValueForm form, Object arguments) {
        throw CallMismatch.values(host.id(), "extism");
    }

    @Override
    public HealthStatus health(Deadline deadline) {
        return null;
    }

    /** Its vars are its state. */
    @Override
    public boolean savesState() {
        return true;
    }

    @Override
    public boolean restoresState() {
        return true;
    }

    @Override
    public byte[] saveState(Deadline deadline) {
        return host.vars().save();
    }

    /** Takes the vars of the version it replaces; the state of another kind of guest is not vars, and leaves them as they are. */
    @Override
    public void restoreState(Deadline deadline, byte[] state) {
        if (!host.vars().restore(state)) {
            host.log(Level.WARNING, "the state handed over (" + state.length + " bytes) is not an Extism plugin's vars; "
                    + "the vars stay as they were");
        }
    }

    @Override
    public void cleanup(Deadline deadline) {
        // Extism plugins have no cleanup function
    }

    @Override
    public void close() {
        if (instance != null) {
            instance.close();
            instance = null;
            memory.release();
        }
    }
}
