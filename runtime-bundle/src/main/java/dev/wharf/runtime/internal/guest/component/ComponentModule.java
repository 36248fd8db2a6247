package dev.wharf.runtime.internal.guest.component;

import dev.wharf.api.ExportSignature;
import dev.wharf.api.InvalidComponentException;
import dev.wharf.runtime.internal.component.WitText;
import dev.wharf.runtime.internal.component.WitType;
import dev.wharf.runtime.internal.component.binary.Ast;
import dev.wharf.runtime.internal.component.binary.ComponentParser;
import dev.wharf.runtime.internal.component.binary.ComponentWorld;
import dev.wharf.runtime.internal.component.binary.MalformedComponentException;
import dev.wharf.runtime.internal.component.binary.TypeSpace;
import dev.wharf.runtime.internal.component.link.Linking;
import dev.wharf.runtime.internal.engine.CapabilityImport;
import dev.wharf.runtime.internal.engine.CompiledModule;
import dev.wharf.runtime.internal.engine.WasmEngine;
import dev.wharf.runtime.internal.guest.Guest;
import dev.wharf.runtime.internal.guest.GuestHost;
import dev.wharf.runtime.internal.guest.GuestModule;
import dev.wharf.runtime.internal.guest.component.actor.ActorExports;
import dev.wharf.runtime.internal.guest.component.capability.CapabilityFunctions;
import dev.wharf.runtime.internal.guest.component.http.WasiHttp;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * A WebAssembly component (a Component Model binary), parsed, its world resolved and its core
 * modules compiled at deploy time, as one component of Wharf uses it. Its functions are its
 * exported functions: a world function by its name ({@code echo}), a function of an exported
 * interface as {@code <interface>#<function>} ({@code wharf:test/values@0.1.0#add}); the version
 * may be left out when one interface of that name is exported.
 */
public final class ComponentModule implements GuestModule {

    /**
     * One function the component exports; {@code handlesIn} and {@code handlesOut} say whether
     * its parameters or results can hold resource handles (only then are they walked for them).
     */
    record Function(String interfaceName, String name, WitType.FuncType type, boolean handlesIn, boolean handlesOut) {

        Function(String interfaceName, String name, WitType.FuncType type) {
            this(interfaceName, name, type, type.params().stream().anyMatch(p -> HostResources.hasHandles(p.type())),
                    type.results().stream().anyMatch(p -> HostResources.hasHandles(p.type())));
        }
    }

    private final WasmEngine engine;
    private final Ast.Component ast;
    private final String sha256;
    private final int memoryMaxPages;
    private final String origin;
    private final boolean compiled;
    // held here: the engine's cache holds compiled modules weakly, and a component's instances
    // (restarts, swaps) must find its cores compiled, not compile them again
    private final List<CompiledModule> cores;
    private final boolean usesWasi;
    private final List<CapabilityImport> capabilityImports;
    private final Map<String, Function> functions;
    private final Map<String, ExportSignature> exports;
    private final Set<String> resources;
    private final List<String> wit;
    /** The name of its wasi:http/incoming-handler's handle function, or {@code null} when it serves no HTTP. */
    private final String httpHandler;
    private final ActorExports actor;

    private ComponentModule(WasmEngine engine, Ast.Component ast, String sha256, int memoryMaxPages, String origin,
            List<CompiledModule> cores, ComponentWorld world) {
        this.engine = engine;
        this.ast = ast;
        this.sha256 = sha256;
        this.memoryMaxPages = memoryMaxPages;
        this.origin = origin;
        this.cores = List.copyOf(cores);
        this.compiled = cores.stream().allMatch(CompiledModule::compiled);
        this.functions = functions(world);
        this.usesWasi = world.imports().keySet().stream().anyMatch(n -> n.startsWith("wasi:"));
        this.capabilityImports = CapabilityFunctions.of(world.imports().keySet());
        this.wit = WorldText.of(world);
        this.httpHandler = this.functions.values().stream()
                .filter(f -> f.name().equals("handle") && f.interfaceName() != null
                        && WasiHttp.isIncomingHandler(f.interfaceName()))
                .map(f -> f.interfaceName() + "#handle").findFirst().orElse(null);
        Map<String, ExportSignature> e = new LinkedHashMap<>();
        // an ExportSignature has only core number types: the name lists the function, wasm:info gives its WIT type
        this.functions.keySet().forEach(n -> e.put(n, new ExportSignature(n, List.of(), List.of())));
        this.exports = Collections.unmodifiableMap(e);
        this.resources = resources();
        Map<String, WitType.FuncType> types = new LinkedHashMap<>();
        this.functions.forEach((name, f) -> types.put(name, f.type()));
        this.actor = ActorExports.of(types, origin);
    }

    /**
     * Loads {@code bytes}, a component whose imports {@code provided} must all accept.
     *
     * @throws InvalidComponentException naming what is malformed or the first import Wharf does not provide
     */
    public static ComponentModule load(WasmEngine engine, byte[] bytes, int memoryMaxPages, String origin,
            Predicate<String> provided) {
        Ast.Component ast;
        ComponentWorld world;
        try {
            ast = ComponentParser.parse(bytes);
            world = ComponentWorld.of(ast);
        } catch (MalformedComponentException e) {
            throw new InvalidComponentException(origin + " is not a valid WebAssembly component: " + e.getMessage(), e);
        }
        for (Map.Entry<String, Object> i : world.imports().entrySet()) {
            String name = i.getKey();
            // a type imported with its definition ((type (eq ...))) asks nothing of the host
            boolean definedType = i.getValue() instanceof WitType && !(i.getValue() instanceof WitType.ResourceType);
            if (!definedType && !provided.test(name)) {
                throw new InvalidComponentException(origin + " imports '" + name + "', which Wharf does not provide "
                        + "(it provides the WASI 0.2 interfaces of docs/components.md)");
            }
        }
        List<CompiledModule> cores = new ArrayList<>();
        compileCores(engine, ast, origin, cores);
        return new ComponentModule(engine, ast, WasmEngine.sha256(bytes), memoryMaxPages, origin, cores, world);
    }

    /** Compiles every core module, nested ones too: at deploy time, once per module, as for every guest. */
    private static void compileCores(WasmEngine engine, Ast.Component c, String origin, List<CompiledModule> out) {
        for (Ast.Definition d : c.definitions()) {
            if (d instanceof Ast.CoreModule m) {
                out.add(engine.compile(m.bytes(), origin + ", core module " + out.size(), Linking::analyse));
            } else if (d instanceof Ast.Nested n) {
                compileCores(engine, n.component(), origin, out);
            }
        }
    }

    private static Map<String, Function> functions(ComponentWorld world) {
        Map<String, Function> out = new LinkedHashMap<>();
        Map<WitType.ResourceType, String> worldNames = WorldText.resourceNames(world.exports());
        world.exports().forEach((name, entry) -> {
            if (entry instanceof WitType.FuncType f) {
                out.put(name, new Function(null, name, ResourceNames.rename(f, worldNames)));
            } else if (entry instanceof TypeSpace.InstanceShape shape) {
                Map<WitType.ResourceType, String> names = WorldText.resourceNames(shape.exports());
                shape.exports().forEach((fn, e) -> {
                    if (e instanceof WitType.FuncType f) {
                        out.put(name + "#" + fn, new Function(name, fn, ResourceNames.rename(f, names)));
                    }
                });
            }
        });
        return Collections.unmodifiableMap(out);
    }

    /** The names of the resource types the host can be handed by its functions, for {@code [resource-drop]<name>}. */
    private Set<String> resources() {
        Set<String> out = new HashSet<>();
        for (Function f : functions.values()) {
            f.type().results().forEach(p -> HostResources.resources(p.type(), out));
        }
        return out;
    }

    /** The function {@code name} names, the interface's version left out or not; {@code null} when none. */
    Function function(String name) {
        Function f = functions.get(name);
        if (f != null || !name.contains("#")) {
            return f;
        }
        String iface = name.substring(0, name.indexOf('#'));
        String fn = name.substring(name.indexOf('#') + 1);
        List<Function> matches = functions.values().stream().filter(x -> x.interfaceName() != null
                && x.name().equals(fn) && x.interfaceName().startsWith(iface + "@")).toList();
        return matches.size() == 1 ? matches.get(0) : null;
    }

    /** The names of its functions, as {@link #function} takes them. */
    java.util.Set<String> functionNames() {
        return functions.keySet();
    }

    @Override
    public boolean hasFunction(String name) {
        String local = name.substring(name.indexOf('#') + 1);
        if (local.startsWith(ComponentGuest.DROP)) {
            return resources.contains(local.substring(ComponentGuest.DROP.length()));
        }
        return function(name) != null;
    }

    /** Its world in WIT, for wasm:info. */
    @Override
    public List<String> describe() {
        return wit;
    }

    /** Its wharf:actor exports: whether it takes messages, checks its health, hands its state over. */
    ActorExports actor() {
        return actor;
    }

    @Override
    public boolean checksHealth() {
        return actor.checksHealth();
    }

    /** It exports wharf:actor/state's {@code save-state} or {@code restore-state}. */
    @Override
    public boolean keepsState() {
        return actor.savesState() || actor.restoresState();
    }

    @Override
    public List<String> stateFunctions() {
        return Stream.of(actor.saveState(), actor.restoreState()).filter(Objects::nonNull).toList();
    }

    /** It exports wasi:http/incoming-handler (any 0.2.x): its instances answer HTTP requests. */
    @Override
    public boolean servesHttp() {
        return httpHandler != null;
    }

    /** The name its incoming-handler's handle is called by ({@code wasi:http/incoming-handler@0.2.0#handle}), or {@code null}. */
    String httpHandler() {
        return httpHandler;
    }

    Ast.Component ast() {
        return ast;
    }

    WasmEngine engine() {
        return engine;
    }

    int memoryMaxPages() {
        return memoryMaxPages;
    }

    String origin() {
        return origin;
    }

    @Override
    public String kind() {
        return "component";
    }

    @Override
    public boolean callsWithBytes() {
        return true;
    }

    @Override
    public boolean takesValues() {
        return true;
    }

    @Override
    public String sha256() {
        return sha256;
    }

    @Override
    public Map<String, ExportSignature> exports() {
        return exports;
    }

    @Override
    public boolean compiled() {
        return compiled;
    }

    /**
     * The capability functions its standard interfaces are served by (wasi:keyvalue needs
     * {@code kv}, wasi:config {@code config}, wasi:http/outgoing-handler {@code http}), each
     * naming the interface: the deployer refuses an undeclared capability and waits for a
     * declared one without a provider, as for a core module's imports.
     */
    @Override
    public List<CapabilityImport> capabilityImports() {
        return capabilityImports;
    }

    @Override
    public boolean usesWasi() {
        return usesWasi;
    }

    @Override
    public String engineLabel() {
        return compiled ? "compiled" : "interpreted";
    }

    @Override
    public Guest instantiate(GuestHost host) {
        return new ComponentGuest(this, host);
    }
}
