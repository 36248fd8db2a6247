package dev.wharf.runtime.internal.component.link;

import dev.wharf.runtime.internal.component.CallScope;
import dev.wharf.runtime.internal.component.CanonicalCalls;
import dev.wharf.runtime.internal.component.CanonicalContext;
import dev.wharf.runtime.internal.component.CanonicalOptions;
import dev.wharf.runtime.internal.component.ChicoryCanonicalMemory;
import dev.wharf.runtime.internal.component.HandleTable;
import dev.wharf.runtime.internal.component.ResourceHandle;
import dev.wharf.runtime.internal.component.StringEncoding;
import dev.wharf.runtime.internal.component.WitType;
import dev.wharf.runtime.internal.component.WitValue;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;

/**
 * The canonical built-ins on the canonical ABI ({@link CanonicalCalls}): a lifted function lowers
 * its arguments into the guest, calls the core function, lifts the results and runs the
 * post-return; a lowered one lifts the guest's arguments, calls the component function and
 * lowers its results back; the resource built-ins work on the component instance's handle table,
 * and a dropped own handle runs its resource's destructor.
 */
public final class CanonicalFunctions implements Functions {

    private final Map<WitType.ResourceType, CoreFunction> destructors = new HashMap<>();
    private final Map<WitType.ResourceType, IntConsumer> dropHooks = new HashMap<>();
    private HandleTable handles;

    @Override
    public void defines(WitType.ResourceType type, CoreFunction destructor) {
        destructors.put(type, destructor);
        handles = null;
    }

    /** The handle table, made once the instance's own resource types are known. */
    private HandleTable handles() {
        if (handles == null) {
            handles = new HandleTable(destructors.keySet());
        }
        return handles;
    }

    private static CanonicalOptions canonicalOptions(Options o) {
        return new CanonicalOptions(o.encoding(),
                o.memory() == null ? null : new ChicoryCanonicalMemory(o.memory()),
                o.realloc() == null ? null : (oldPtr, oldSize, align, newSize) ->
                        o.realloc().call(oldPtr, oldSize, align, newSize)[0] & 0xFFFF_FFFFL,
                o.postReturn() != null);
    }

    /**
     * The contexts of one lifted or lowered function. The options hold no state of a call, so
     * they are made once. A call whose types hold a borrow needs a scope of its own, so a context
     * of its own; the others share one context with no scope (the canonical ABI consults the
     * scope only for borrows), made at the first call, when the instance's handle table is
     * known, and made again should a resource type be defined afterwards. This keeps four
     * objects per call (options, memory view, realloc, context) off the path of every call.
     */
    private final class Contexts {
        private final CanonicalOptions options;
        private final boolean scoped;
        private CanonicalContext shared;

        Contexts(Options o, WitType.FuncType type) {
            this.options = canonicalOptions(o);
            this.scoped = holdsBorrow(type);
        }

        CanonicalContext next() {
            if (scoped) {
                return CanonicalContext.of(options, handles(), new CallScope());
            }
            HandleTable table = handles();
            CanonicalContext cx = shared;
            if (cx == null || cx.handles() != table) {
                cx = CanonicalContext.of(options, table, null);
                shared = cx;
            }
            return cx;
        }
    }

    /** Whether a parameter or result of {@code type} is or holds a borrow handle. */
    static boolean holdsBorrow(WitType.FuncType type) {
        for (WitType.Param p : type.params()) {
            if (holdsBorrow(p.type())) {
                return true;
            }
        }
        for (WitType.Param p : type.results()) {
            if (holdsBorrow(p.type())) {
                return true;
            }
        }
        return false;
    }

    private static boolean holdsBorrow(WitType t) {
        if (t instanceof WitType.Borrow) {
            return true;
        }
        if (t instanceof WitType.ListType l) {
            return holdsBorrow(l.element());
        }
        if (t instanceof WitType.OptionType o) {
            return holdsBorrow(o.type());
        }
        if (t instanceof WitType.ResultType r) {
            return (r.ok() != null && holdsBorrow(r.ok())) || (r.err() != null && holdsBorrow(r.err()));
        }
        if (t instanceof WitType.TupleType tuple) {
            return tuple.types().stream().anyMatch(CanonicalFunctions::holdsBorrow);
        }
        if (t instanceof WitType.RecordType record) {
            return record.fields().stream().anyMatch(f -> holdsBorrow(f.type()));
        }
        if (t instanceof WitType.VariantType variant) {
            return variant.cases().stream().anyMatch(c -> c.payload() != null && holdsBorrow(c.payload()));
        }
        return false;
    }


    @Override
    public ComponentFunction lift(WitType.FuncType type, CoreFunction core, Options options) {
        Contexts contexts = new Contexts(options, type);
        CanonicalCalls.Signature signature = CanonicalCalls.Signature.of(type);
        return new ComponentFunction() {
            @Override
            public WitType.FuncType type() {
                return type;
            }

            @Override
            public List<WitValue> call(List<WitValue> args) {
                CanonicalContext cx = contexts.next();
                long[] flatResults = core.call(CanonicalCalls.lowerArguments(cx, signature, args));
                List<WitValue> results = CanonicalCalls.liftResults(cx, signature, flatResults);
                if (options.postReturn() != null) {
                    options.postReturn().call(flatResults);
                }
                return results;
            }
        };
    }

    @Override
    public CoreFunction lower(ComponentFunction function, Options options) {
        WitType.FuncType type = function.type();
        Contexts contexts = new Contexts(options, type);
        CanonicalCalls.Signature signature = CanonicalCalls.Signature.of(type);
        return flatArgs -> {
            CanonicalContext cx = contexts.next();
            List<WitValue> args = CanonicalCalls.liftArguments(cx, signature, flatArgs);
            return CanonicalCalls.lowerResults(cx, signature, function.call(args), flatArgs);
        };
    }

    @Override
    public CoreFunction resourceNew(WitType.ResourceType resource) {
        return args -> new long[] {handles().resourceNew(resource, (int) args[0])};
    }

    @Override
    public CoreFunction resourceRep(WitType.ResourceType resource) {
        return args -> new long[] {handles().resourceRep(resource, (int) args[0])};
    }

    /**
     * Ends a resource of this instance that the host held and drops: its destructor, if it has
     * one, runs on {@code rep}, as {@code resource.drop} of an own handle would.
     */
    public void destroy(WitType.ResourceType resource, int rep) {
        CoreFunction destructor = destructors.get(resource);
        if (destructor != null) {
            destructor.call(rep);
        }
    }

    /**
     * Lets the host hear when the guest drops an own handle of {@code resource}, a resource type
     * the host implements (one it gives through an import): {@code dropped} gets the
     * representation the host gave, so a host that keeps an object per resource can free it.
     * Borrow handles are not reported: dropping one ends a loan, not the resource. A later
     * registration for the same type replaces the earlier one.
     */
    public void onDrop(WitType.ResourceType resource, IntConsumer dropped) {
        dropHooks.put(resource, dropped);
    }

    /**
     * Takes back the own handles the guest still holds of a host resource the host has ended
     * (what a guest kept of an HTTP request it served): their slots are freed, so a guest that
     * keeps handles does not grow its table, and using one traps as using any dropped handle
     * does. Handles lent to a call under way are left alone. Costs a walk of the table, paid only
     * for what a guest kept.
     */
    public void forget(WitType.ResourceType resource, int rep) {
        HandleTable table = handles();
        for (int i = 1; i < table.length(); i++) {
            if (table.contains(i)) {
                ResourceHandle h = table.get(i);
                if (h.own() && h.rep() == rep && h.lends() == 0 && h.type().equals(resource)) {
                    table.resourceDrop(resource, i);
                }
            }
        }
    }

    @Override
    public CoreFunction resourceDrop(WitType.ResourceType resource) {
        return args -> {
            ResourceHandle h = handles().resourceDrop(resource, (int) args[0]);
            if (h.own()) {
                CoreFunction destructor = destructors.get(resource);
                IntConsumer hook = dropHooks.get(resource);
                if (destructor != null) {
                    destructor.call(h.rep());
                } else if (hook != null) {
                    hook.accept(h.rep());
                }
            }
            return new long[0];
        };
    }
}
