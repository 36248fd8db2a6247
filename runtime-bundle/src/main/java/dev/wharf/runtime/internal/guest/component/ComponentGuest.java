package dev.wharf.runtime.internal.guest.component;

import dev.wharf.api.Codec;
import dev.wharf.api.ComponentId;
import dev.wharf.api.DeliveryRefusedException;
import dev.wharf.api.ExportSignature;
import dev.wharf.api.HealthStatus;
import dev.wharf.api.InvalidArgumentsException;
import dev.wharf.api.UnknownExportException;
import dev.wharf.api.WitResource;
import dev.wharf.api.http.IncomingRequest;
import dev.wharf.api.http.OutgoingResponse;
import dev.wharf.runtime.internal.component.WaveParser;
import dev.wharf.runtime.internal.component.WaveWriter;
import dev.wharf.runtime.internal.component.WitText;
import dev.wharf.runtime.internal.component.WitType;
import dev.wharf.runtime.internal.component.WitValue;
import dev.wharf.runtime.internal.component.link.CanonicalFunctions;
import dev.wharf.runtime.internal.component.link.ComponentFunction;
import dev.wharf.runtime.internal.component.link.Linker;
import dev.wharf.runtime.internal.component.link.Linking;
import dev.wharf.runtime.internal.guest.CallMismatch;
import dev.wharf.runtime.internal.guest.Deadline;
import dev.wharf.runtime.internal.guest.Guest;
import dev.wharf.runtime.internal.guest.GuestHost;
import dev.wharf.runtime.internal.guest.ValueForm;
import dev.wharf.runtime.internal.guest.component.actor.ActorCalls;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * An instance of a WebAssembly component: its core instances linked on Chicory when it
 * initialises (under the call's deadline, start functions included), its imports given by
 * {@link ComponentImports} (WASI 0.2 as a sandbox of its own, and the runtime's features), its
 * functions called with values: Java values, JSON or CBOR ({@link #call(Deadline, String, ValueForm, Object)}), or WAVE text, where a call's input is
 * its arguments separated by a NUL byte and its output the results one per line. Resources it
 * hands the host are held in {@link HostResources}; {@code [resource-drop]<name>} drops one.
 */
final class ComponentGuest implements Guest {

    /** Separates the arguments of a call's input: no WAVE text contains it. */
    static final char SEPARATOR = '\0';
    static final String DROP = "[resource-drop]";

    private final ComponentModule module;
    private final GuestHost host;
    private final CodecValues codec = new CodecValues();
    private final HostResources resources = new HostResources();
    private CanonicalFunctions functions;
    private Linking linking;
    private ComponentImports imports;
    private ActorCalls actor;
    private Map<String, Object> exports;
    private final Map<String, Export> bound = new HashMap<>();

    ComponentGuest(ComponentModule module, GuestHost host) {
        this.module = module;
        this.host = host;
    }

    @Override
    public void initialize(Deadline deadline) {
        functions = new CanonicalFunctions();
        linking = new Linking(module.engine(), module.memoryMaxPages(), module.origin(), functions);
        imports = new ComponentImports(host, functions, module.memoryMaxPages() * 65536L);
        actor = new ActorCalls(host, module.actor(), imports.messaging(), (d, f, args) -> run(d, export(f), args));
        exports = deadline.run("instantiate", () -> Linker.instantiate(module.ast(), imports::provide, linking));
        for (String name : module.functionNames()) {
            Export e = export(name);
            if (e.function().handlesIn() || e.function().handlesOut()) {
                WitType.FuncType linked = e.target().type();
                WitType.FuncType declared = e.function().type();
                for (int i = 0; i < linked.params().size(); i++) {
                    resources.learnNames(linked.params().get(i).type(), declared.params().get(i).type());
                }
                for (int i = 0; i < linked.results().size(); i++) {
                    resources.learnNames(linked.results().get(i).type(), declared.results().get(i).type());
                }
            }
        }
    }

    @Override
    public byte[] call(Deadline deadline, String function, byte[] input) {
        String text = new String(input, StandardCharsets.UTF_8);
        String[] parts = text.isEmpty() ? new String[0] : text.split(String.valueOf(SEPARATOR), -1);
        Export export = export(function);
        List<WitValue> results = call(deadline, export, parts, (type, wave) -> WaveParser.parse(type, (String) wave));
        WitType.FuncType type = export.function().type();
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < results.size(); i++) {
            String name = type.results().get(i).name();
            out.append(i == 0 ? "" : "\n").append(name.isEmpty() ? "" : name + ": ")
                    .append(WaveWriter.write(type.results().get(i).type(), results.get(i)));
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public Object call(Deadline deadline, String function, ValueForm form, Object arguments) {
        if (form == ValueForm.JAVA) {
            Object[] args = (Object[]) arguments;
            if (isDrop(function)) {
                return drop(deadline, function, args.length == 1 && args[0] instanceof WitResource r ? r.handle() : null);
            }
            Export export = export(function);
            List<WitValue> results = call(deadline, export, args, JavaValues::toWit);
            List<WitType.Param> types = export.function().type().results();
            if (results.size() == 1) { // most functions: one result, one small list
                return List.of(JavaValues.fromWit(types.get(0).type(), results.get(0)));
            }
            List<Object> out = new ArrayList<>(results.size());
            for (int i = 0; i < results.size(); i++) {
                out.add(JavaValues.fromWit(types.get(i).type(), results.get(i)));
            }
            return out;
        }
        byte[] payload = (byte[]) arguments;
        if (isDrop(function)) {
            List<WitValue> handle = codec.arguments(payload, function, List.of(new WitType.Param("handle", WitType.Primitive.S32)));
            drop(deadline, function, (int) ((WitValue.Int) handle.get(0)).value());
            return List.of(codec.results(Codec.of(payload), List.of(), List.of()), List.of());
        }
        Export export = export(function);
        WitType.FuncType type = export.function().type();
        List<WitValue> results = run(deadline, export, codec.arguments(payload, function, type.params()));
        return List.of(codec.results(Codec.of(payload), type.results(), results), numbers(type.results(), results));
    }

    /** The results as Java numbers when every one is a number, as an Invoke's results also are; else none. */
    private static List<Number> numbers(List<WitType.Param> types, List<WitValue> results) {
        List<Number> out = new ArrayList<>(results.size());
        for (int i = 0; i < results.size(); i++) {
            WitType t = types.get(i).type();
            if (!(t instanceof WitType.Primitive p) || !(p.integer() || p == WitType.Primitive.F32 || p == WitType.Primitive.F64)) {
                return List.of();
            }
            out.add((Number) JavaValues.fromWit(t, results.get(i)));
        }
        return out;
    }

    /** Converts {@code args} with {@code convert} into the function's parameter types, then calls it. */
    private List<WitValue> call(Deadline deadline, Export export, Object[] args, BiFunction<WitType, Object, WitValue> convert) {
        List<WitType.Param> params = export.function().type().params();
        if (args.length != params.size()) {
            throw new InvalidArgumentsException(0, export.function().name() + " takes " + params.size() + " argument"
                    + (params.size() == 1 ? "" : "s") + ", got " + args.length);
        }
        WitValue[] values = new WitValue[args.length];
        for (int i = 0; i < args.length; i++) {
            try {
                values[i] = convert.apply(params.get(i).type(), args[i]);
            } catch (IllegalArgumentException e) {
                throw invalid(i, params.get(i), e);
            }
        }
        return run(deadline, export, Arrays.asList(values));
    }

    /** Calls {@code target}: handles the host holds become representations on the way in, and new ones on the way out. */
    private List<WitValue> run(Deadline deadline, Export export, List<WitValue> args) {
        ComponentFunction target = export.target();
        WitType.FuncType type = target.type();
        List<WitValue> in = args;
        if (export.function().handlesIn()) {
            for (boolean take : new boolean[] {false, true}) { // a first pass checks every handle before one is taken
                in = new ArrayList<>(args.size());
                for (int i = 0; i < args.size(); i++) {
                    try {
                        in.add(resources.toGuest(type.params().get(i).type(), args.get(i), take));
                    } catch (IllegalArgumentException e) {
                        throw invalid(i, type.params().get(i), e);
                    }
                }
            }
        }
        List<WitValue> guestArgs = in;
        List<WitValue> results = deadline.run(export.function().name(), () -> target.call(guestArgs));
        if (!export.function().handlesOut()) {
            return results;
        }
        List<HostResources.Handed> handed = new ArrayList<>();
        for (int i = 0; i < results.size(); i++) {
            resources.handed(type.results().get(i).type(), results.get(i), handed);
        }
        DeliveryRefusedException full = resources.full(handed);
        if (full != null) {
            // the guest has let go of them: they end here, their destructors run, none leaks
            deadline.run(export.function().name(), () -> {
                handed.forEach(h -> functions.destroy(h.type(), h.rep()));
                return null;
            });
            throw full;
        }
        List<WitValue> out = new ArrayList<>(results.size());
        for (int i = 0; i < results.size(); i++) {
            out.add(resources.fromGuest(type.results().get(i).type(), results.get(i)));
        }
        return out;
    }

    private static InvalidArgumentsException invalid(int i, WitType.Param param, IllegalArgumentException e) {
        return new InvalidArgumentsException(i + 1, "argument " + (i + 1) + " (" + param.name() + ": "
                + WitText.of(param.type()) + "): " + e.getMessage());
    }

    private static boolean isDrop(String function) {
        return function.substring(function.indexOf('#') + 1).startsWith(DROP);
    }

    /** Drops a resource the host holds: {@code [resource-drop]<name>}; its destructor runs in the guest. */
    private Object drop(Deadline deadline, String function, Integer handle) {
        String name = function.substring(function.indexOf('#') + 1 + DROP.length());
        WitType.ResourceType type = handle == null ? null : resources.typeOf(handle);
        if (type == null || !resources.nameOf(type).equals(name)) {
            throw new InvalidArgumentsException(1, function + " takes one " + name + " the host holds"
                    + (handle == null ? "" : ", and there is no live " + name + " " + handle));
        }
        int rep = resources.rep(type, handle, true);
        deadline.run(function, () -> {
            functions.destroy(type, rep);
            return null;
        });
        return List.of();
    }

    /** An exported function and the function the linker made of it. */
    private record Export(ComponentModule.Function function, ComponentFunction target) {}

    /** The export {@code function} names, found once per name and instance. */
    private Export export(String function) {
        Export e = bound.get(function);
        if (e == null) {
            e = resolve(function);
            bound.put(function, e); // only names of functions it has: a finite set
        }
        return e;
    }

    @SuppressWarnings("unchecked")
    private Export resolve(String function) {
        ComponentModule.Function f = module.function(function);
        if (f == null) {
            throw new UnknownExportException(host.id(), function);
        }
        Object entry = f.interfaceName() == null ? exports.get(f.name())
                : ((Map<String, Object>) exports.get(f.interfaceName())).get(f.name());
        return new Export(f, (ComponentFunction) entry);
    }

    /** An HTTP request goes to its wasi:http/incoming-handler ({@code WasiHttp} does the work). */
    @Override
    public OutgoingResponse serveHttp(Deadline deadline, IncomingRequest request) {
        String handler = module.httpHandler();
        if (handler == null) {
            return Guest.super.serveHttp(deadline, request);
        }
        return imports.http().serve(deadline, host.id(), handler, export(handler).target(), request);
    }

    /** A message goes to wharf:actor/handler#handle-message, when it exports it. */
    @Override
    public byte[] deliver(Deadline deadline, ComponentId sender, byte[] payload, boolean request) {
        return actor.deliver(deadline, sender, payload, request);
    }

    @Override
    public long[] invoke(Deadline deadline, ExportSignature export, long[] args) {
        throw CallMismatch.numbers(host.id(), module.kind());
    }

    @Override
    public HealthStatus health(Deadline deadline) {
        return actor.health(deadline);
    }

    @Override
    public boolean savesState() {
        return module.actor().savesState();
    }

    @Override
    public boolean restoresState() {
        return module.actor().restoresState();
    }

    @Override
    public byte[] saveState(Deadline deadline) {
        return actor.saveState(deadline);
    }

    @Override
    public void restoreState(Deadline deadline, byte[] state) {
        actor.restoreState(deadline, state);
    }

    @Override
    public void cleanup(Deadline deadline) {
        // wharf:actor has no cleanup export: what a component holds ends with its instance
    }

    @Override
    public void close() {
        if (imports != null) {
            imports.close();
            imports = null;
        }
        if (linking != null) {
            linking.close();
            linking = null;
            exports = null;
            bound.clear();
        }
    }
}
