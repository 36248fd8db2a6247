package dev.wharf.runtime.internal.capability;

import com.dylibso.chicory.wasm.ChicoryException;
import dev.wharf.api.ComponentAttribute;
import dev.wharf.api.ComponentId;
import dev.wharf.api.ComponentSpec;
import dev.wharf.api.ErrorCode;
import dev.wharf.api.InvalidComponentException;
import dev.wharf.runtime.internal.actor.CallGuard;
import dev.wharf.runtime.internal.actor.CapabilityRouter;
import dev.wharf.runtime.internal.actor.ComponentActor;
import dev.wharf.runtime.internal.dispatch.PolicyGate;
import dev.wharf.runtime.internal.engine.AbiResult;
import dev.wharf.runtime.internal.engine.CapabilityImport;
import dev.wharf.runtime.internal.engine.GuestMemory;
import dev.wharf.runtime.internal.guest.GuestModule;
import dev.wharf.runtime.internal.header.ComponentHeader;
import dev.wharf.spi.capability.Capability;
import dev.wharf.spi.capability.CapabilityAttribute;
import dev.wharf.spi.capability.CapabilityException;
import dev.wharf.spi.capability.CapabilityFunction;
import dev.wharf.spi.security.PolicyDecision;
import dev.wharf.spi.security.SecurityPolicy;
import java.lang.System.Logger.Level;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Supplier;
import org.osgi.framework.Constants;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * The capability whiteboard: every {@link Capability} service, by name, and the path of each
 * capability call from a guest: the security policy decides it, then the provider of the moment
 * runs it. Providers are looked up on every call, so one that is replaced serves the next call
 * and one that goes answers {@link ErrorCode#CAPABILITY_UNAVAILABLE}; no component restarts.
 */
@Component(service = CapabilityHost.class)
public final class CapabilityHost implements CapabilityRouter {

    private static final System.Logger LOG = System.getLogger("dev.wharf.runtime");
    private static final long[] NO_RESULT = new long[0];

    /** A registered provider, with its functions and attributes as it declared them when bound. */
    record Provider(String name, long serviceId, int ranking, Map<String, CapabilityFunction> functions,
            Map<String, CapabilityAttribute> attributes) {
        String offered() {
            return String.join(", ", functions.keySet().stream().sorted().toList());
        }
    }

    private final Supplier<SecurityPolicy> policy;
    private final Map<Long, Provider> byService = new HashMap<>(); // guarded by itself
    private final ConcurrentHashMap<String, Provider> current = new ConcurrentHashMap<>();
    private final CopyOnWriteArrayList<Runnable> listeners = new CopyOnWriteArrayList<>();
    private final AtomicLong lastFailureLog = new AtomicLong(System.nanoTime() - TimeUnit.SECONDS.toNanos(2));
    private volatile Function<ComponentId, Map<String, String>> config = id -> Map.of();

    @Activate
    public CapabilityHost(@Reference PolicyGate gate) {
        this(gate::policy);
    }

    /** @param policy the security policy present now, or {@code null} */
    CapabilityHost(Supplier<SecurityPolicy> policy) {
        this.policy = policy;
    }

    @Reference(service = Capability.class, cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, updated = "updatedCapability")
    public void bindCapability(Capability capability, Map<String, Object> properties) {
        add(capability, properties);
        changed();
    }

    void updatedCapability(Capability capability, Map<String, Object> properties) {
        remove(properties);
        add(capability, properties);
        changed();
    }

    public void unbindCapability(Capability capability, Map<String, Object> properties) {
        remove(properties);
        changed();
    }

    /** Where the {@code config.<key>} values of each component come from (the extender's overrides). */
    public void configSource(Function<ComponentId, Map<String, String>> source) {
        config = source;
    }

    /** Runs {@code listener} after every change of the providers (on the thread that made it). */
    public void onChange(Runnable listener) {
        listeners.add(listener);
    }

    public void removeListener(Runnable listener) {
        listeners.remove(listener);
    }

    private void add(Capability capability, Map<String, Object> properties) {
        Object name = properties.get(Capability.NAME);
        long serviceId = ((Number) properties.get(Constants.SERVICE_ID)).longValue();
        if (!(name instanceof String n) || !ComponentHeader.isCapabilityName(n)) {
            LOG.log(Level.ERROR, "capability service " + serviceId + " is ignored: its property " + Capability.NAME
                    + " is '" + name + "', expected a name [a-z0-9][a-z0-9_-]{0,63}");
            return;
        }
        Map<String, CapabilityFunction> functions = new LinkedHashMap<>();
        Map<String, CapabilityAttribute> attributes = new LinkedHashMap<>();
        try {
            for (CapabilityFunction f : capability.functions()) {
                if (functions.putIfAbsent(f.name(), f) != null) {
                    throw new IllegalArgumentException("function '" + f.name() + "' is offered twice");
                }
            }
            for (CapabilityAttribute a : capability.attributes()) {
                if (ComponentAttribute.fromHeaderName(a.name()).isPresent() || attributes.putIfAbsent(a.name(), a) != null) {
                    throw new IllegalArgumentException("attribute '" + a.name() + "' is the runtime's or declared twice");
                }
            }
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "capability '" + n + "' (service " + serviceId + ") is ignored: " + e.getMessage(), e);
            return;
        }
        Object rank = properties.get(Constants.SERVICE_RANKING);
        Provider p = new Provider(n, serviceId, rank instanceof Integer i ? i : 0, Map.copyOf(functions),
                Map.copyOf(attributes));
        synchronized (byService) {
            byService.put(serviceId, p);
            elect(n);
        }
        LOG.log(Level.INFO, "capability '" + n + "' offered by service " + serviceId + ": " + p.offered());
    }

    private void remove(Map<String, Object> properties) {
        long serviceId = ((Number) properties.get(Constants.SERVICE_ID)).longValue();
        synchronized (byService) {
            Provider p = byService.remove(serviceId);
            if (p != null) {
                elect(p.name());
            }
        }
    }

    /** Makes the highest-ranked provider of {@code name} the current one (the oldest among equals). */
    private void elect(String name) {
        Optional<Provider> best = byService.values().stream().filter(p -> p.name().equals(name))
                .min(Comparator.comparingInt((Provider p) -> -p.ranking()).thenComparingLong(Provider::serviceId));
        if (best.isPresent()) {
            current.put(name, best.get());
        } else if (current.remove(name) != null) {
            LOG.log(Level.WARNING, "capability '" + name + "' has no provider now: its calls answer "
                    + AbiResult.full(ErrorCode.CAPABILITY_UNAVAILABLE) + " until one comes");
        }
    }

    private void changed() {
        for (Runnable r : listeners) {
            r.run();
        }
    }

    /** Whether a provider of {@code name} is present. */
    public boolean present(String name) {
        return current.containsKey(name);
    }

    /** The first capability {@code spec} declares that has no provider now. */
    public Optional<String> missing(ComponentSpec spec) {
        return spec.capabilities().stream().filter(c -> !current.containsKey(c)).findFirst();
    }

    /** The capabilities with a provider now, and the functions each offers, by name. */
    public Map<String, List<String>> offered() {
        Map<String, List<String>> out = new java.util.TreeMap<>();
        current.forEach((name, p) -> out.put(name, p.functions().keySet().stream().sorted().toList()));
        return out;
    }

    /**
     * Checks the capability settings of {@code spec} (its attributes that are not the runtime's):
     * each must be an attribute of a capability present now and valid for it. One that no present
     * capability declares is unknown, unless a capability the component declares has no provider
     * yet: then it is decided when that provider comes (the component waits until then).
     *
     * @throws InvalidComponentException naming the attribute and what is wrong with it
     */
    public void checkSettings(ComponentSpec spec, String where) {
        boolean providerMissing = missing(spec).isPresent();
        for (Map.Entry<String, String> s : spec.settings().entrySet()) {
            if (ComponentAttribute.fromHeaderName(s.getKey()).isPresent()) {
                continue; // the runtime's own (http-path), checked with the header
            }
            CapabilityAttribute a = attribute(s.getKey());
            if (a == null) {
                if (providerMissing) {
                    continue;
                }
                throw new InvalidComponentException(where + ": unknown attribute '" + s.getKey() + "' (known: "
                        + knownAttributes() + ")");
            }
            try {
                a.check().check(s.getValue());
            } catch (IllegalArgumentException e) {
                throw new InvalidComponentException(where + ": attribute '" + s.getKey() + "' has invalid value '"
                        + s.getValue() + "': " + e.getMessage(), e);
            } catch (RuntimeException e) {
                LOG.log(Level.ERROR, "the check of attribute '" + s.getKey() + "' failed", e);
                throw new InvalidComponentException(where + ": attribute '" + s.getKey() + "' could not be checked: " + e, e);
            }
        }
    }

    /** The attribute {@code name} of a capability present now, or {@code null}. */
    private CapabilityAttribute attribute(String name) {
        for (Provider p : current.values()) {
            CapabilityAttribute a = p.attributes().get(name);
            if (a != null) {
                return a;
            }
        }
        return null;
    }

    /** Whether {@code name} is an attribute of a capability present now. */
    public boolean knowsAttribute(String name) {
        return attribute(name) != null;
    }

    /** The runtime's attributes, then those of the capabilities present now, for error messages. */
    public String knownAttributes() {
        java.util.TreeSet<String> names = new java.util.TreeSet<>();
        current.values().forEach(p -> names.addAll(p.attributes().keySet()));
        return ComponentAttribute.known() + (names.isEmpty() ? "" : ", " + String.join(", ", names));
    }

    /**
     * Checks the capability settings of {@code spec} ({@link #checkSettings}) and the capability
     * imports of {@code module}: each must be declared by {@code spec}, and when its provider is
     * present, be one of its functions with the same signature.
     *
     * @throws InvalidComponentException naming the attribute or the import and what is wrong
     */
    public void checkLinks(GuestModule module, ComponentSpec spec, String where) {
        checkSettings(spec, where);
        for (CapabilityImport imp : module.capabilityImports()) {
            if (!spec.uses(imp.capability())) {
                throw new InvalidComponentException(where + " imports " + imp.imported() + ", but component '"
                        + spec.id() + "' does not declare capability '" + imp.capability() + "' (capabilities: "
                        + (spec.capabilities().isEmpty() ? "none" : String.join(",", spec.capabilities()))
                        + "); add it to the capabilities attribute of its Wasm-Component clause");
            }
            Provider p = current.get(imp.capability());
            if (p == null) {
                continue;
            }
            CapabilityFunction f = p.functions().get(imp.function());
            if (f == null) {
                throw new InvalidComponentException(where + " imports " + imp.imported()
                        + ", which capability '" + imp.capability() + "' does not offer (it offers: " + p.offered() + ")");
            }
            if (!matches(f, imp)) {
                throw new InvalidComponentException(where + " imports " + imp.imported() + " with signature "
                        + imp.signature() + "; the capability offers " + CapabilityImport.describe(f.params(), List.of(f.result())));
            }
        }
    }

    private static boolean matches(CapabilityFunction f, CapabilityImport imp) {
        return f.params().equals(imp.params()) && imp.results().size() == 1 && imp.results().get(0) == f.result();
    }

    @Override
    public long[] call(ComponentActor actor, CallGuard guard, CapabilityImport imp, GuestMemory memory, long[] args) {
        long r = invoke(actor, guard, imp, memory, args);
        return imp.results().isEmpty() ? NO_RESULT : new long[] {r};
    }

    @Override
    public Map<String, String> config(ComponentId id) {
        return config.apply(id);
    }

    private long invoke(ComponentActor actor, CallGuard guard, CapabilityImport imp, GuestMemory memory, long[] args) {
        SecurityPolicy p = policy.get();
        if (p == null) {
            return AbiResult.full(ErrorCode.NO_POLICY); // fail closed
        }
        ComponentSpec spec = actor.spec();
        PolicyDecision decision;
        try {
            decision = p.checkCapability(spec, imp.capability(), imp.function());
        } catch (RuntimeException e) {
            logFailure("the security policy failed on " + imp.qualifiedName() + " by " + spec.id(), e);
            return AbiResult.full(ErrorCode.NO_POLICY);
        }
        if (decision instanceof PolicyDecision.Deny deny) {
            return AbiResult.full(deny.code());
        }
        Provider provider = current.get(imp.capability());
        CapabilityFunction f = provider == null ? null : provider.functions().get(imp.function());
        if (f == null || !matches(f, imp)) {
            return AbiResult.full(ErrorCode.CAPABILITY_UNAVAILABLE);
        }
        // the provider may wait (a request, a database): the thread is parked there, and the pool
        // replaces it; how many may wait at once is bounded, the next is answered at once
        if (!actor.enterCapability(guard)) {
            return AbiResult.full(ErrorCode.BUSY);
        }
        try {
            return f.handler().call(new GuestCall(actor, guard, memory, config.apply(spec.id())), args);
        } catch (CapabilityException e) {
            return e.result();
        } catch (ChicoryException e) {
            throw e; // the guest's own code (its alloc) trapped or was interrupted: the guest's failure
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the call passed its deadline: it ends as a timeout
            return AbiResult.full(ErrorCode.TIMEOUT);
        } catch (Exception | LinkageError | StackOverflowError e) {
            logFailure("capability '" + imp.capability() + "' (service " + provider.serviceId() + ") failed in "
                    + imp.function() + " called by component '" + spec.id() + "'; it answered "
                    + AbiResult.full(ErrorCode.CAPABILITY_FAILED), e);
            return AbiResult.full(ErrorCode.CAPABILITY_FAILED);
        } finally {
            actor.leaveCapability(guard);
        }
    }

    /** Logs a provider's failure, at most once a second: a guest calling in a loop must not flood the log. */
    private void logFailure(String message, Throwable e) {
        long now = System.nanoTime();
        long last = lastFailureLog.get();
        if (now - last >= TimeUnit.SECONDS.toNanos(1) && lastFailureLog.compareAndSet(last, now)) {
            LOG.log(Level.ERROR, message + ": " + e, e);
        }
    }
}
