package dev.wharf.runtime.internal.guest.component;

import dev.wharf.api.DeliveryRefusedException;
import dev.wharf.api.ErrorCode;
import dev.wharf.runtime.internal.component.WitType;
import dev.wharf.runtime.internal.component.WitValue;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The resources a component instance handed to the host ({@code own} results), held for the
 * caller until it passes them back or drops them. The canonical ABI gives the host a resource's
 * representation; the caller sees a handle of this table instead, so that it can only pass back
 * what it was given, of the right type, and only while the instance that made it lives. Bounded:
 * at most {@link #MAX} at a time.
 */
final class HostResources {

    /** How many resources of one instance the host holds at most. */
    static final int MAX = 4096;

    private record Held(WitType.ResourceType type, int rep) {}

    private final Map<Integer, Held> held = new HashMap<>();
    private final Map<WitType.ResourceType, String> names = new HashMap<>();
    private int next = 1;

    /** Whether values of {@code type} can hold a handle: only those are walked. */
    static boolean hasHandles(WitType type) {
        Set<String> names = new HashSet<>();
        resources(type, names);
        return !names.isEmpty();
    }

    /** Adds the names of the resource types whose handles values of {@code type} can hold. */
    static void resources(WitType type, Set<String> out) {
        if (type instanceof WitType.Own o) {
            out.add(o.resource().name());
        } else if (type instanceof WitType.Borrow b) {
            out.add(b.resource().name());
        } else {
            children(type).forEach(c -> resources(c, out));
        }
    }

    /**
     * Learns the names of the resource types in {@code linked}, a type as the linker made it (its
     * resources defined without a name), from {@code declared}, the same type as the component's
     * world declares it.
     */
    void learnNames(WitType linked, WitType declared) {
        if (linked instanceof WitType.Own o && declared instanceof WitType.Own d) {
            names.put(o.resource(), d.resource().name());
        } else if (linked instanceof WitType.Borrow o && declared instanceof WitType.Borrow d) {
            names.put(o.resource(), d.resource().name());
        } else {
            List<WitType> a = children(linked);
            List<WitType> b = children(declared);
            for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
                learnNames(a.get(i), b.get(i));
            }
        }
    }

    /** The types a value of {@code type} holds values of, in order (a variant's payloads, a result's sides). */
    private static List<WitType> children(WitType type) {
        List<WitType> out = new ArrayList<>();
        if (type instanceof WitType.ListType l) {
            out.add(l.element());
        } else if (type instanceof WitType.RecordType r) {
            r.fields().forEach(f -> out.add(f.type()));
        } else if (type instanceof WitType.TupleType t) {
            out.addAll(t.types());
        } else if (type instanceof WitType.VariantType v) {
            v.cases().stream().filter(WitType.Case::hasPayload).forEach(c -> out.add(c.payload()));
        } else if (type instanceof WitType.OptionType o) {
            out.add(o.type());
        } else if (type instanceof WitType.ResultType r) {
            if (r.ok() != null) {
                out.add(r.ok());
            }
            if (r.err() != null) {
                out.add(r.err());
            }
        }
        return out;
    }

    /** The name of resource type {@code type} in the component's WIT. */
    String nameOf(WitType.ResourceType type) {
        return names.getOrDefault(type, type.name());
    }

    /** A resource a result of the guest hands over: its type and representation. */
    record Handed(WitType.ResourceType type, int rep) {}

    /** Adds the resources {@code value}, a result of the guest, hands over to {@code out}. */
    void handed(WitType type, WitValue value, List<Handed> out) {
        map(type, value, (t, rep) -> {
            out.add(new Handed(t, rep));
            return rep;
        });
    }

    /**
     * Whether the table takes {@code n} more, else the error that says it is full: the caller
     * holds {@link #MAX} resources of the instance and drops none.
     */
    DeliveryRefusedException full(List<Handed> handed) {
        if (held.size() + handed.size() <= MAX) {
            return null;
        }
        return new DeliveryRefusedException(ErrorCode.QUOTA_EXCEEDED, "the host already holds " + held.size()
                + " resources of this component instance, at most " + MAX + ": drop some with [resource-drop]"
                + nameOf(handed.get(0).type()) + " (the " + handed.size() + " this call made were dropped)");
    }

    /** A result of the guest with every representation it hands over replaced by a new handle of this table. */
    WitValue fromGuest(WitType type, WitValue value) {
        return map(type, value, (t, rep) -> {
            int handle = next++;
            held.put(handle, new Held(t, rep));
            return handle;
        });
    }

    /**
     * An argument for the guest with each handle replaced by its representation; own handles
     * leave the table when {@code take} (a first pass without checks every handle, so that a bad
     * one takes nothing).
     */
    WitValue toGuest(WitType type, WitValue value, boolean take) {
        return map(type, value, (t, h) -> rep(t, h, take));
    }

    /**
     * The representation behind handle {@code handle}, of resource type {@code type}; removed from
     * the table when {@code take}.
     */
    int rep(WitType.ResourceType type, int handle, boolean take) {
        Held h = held.get(handle);
        if (h == null || !h.type().equals(type)) {
            throw new IllegalArgumentException("no live " + nameOf(type) + " " + handle
                    + (h == null ? " (dropped, passed on, or made by an instance that has since gone)"
                    : " (handle " + handle + " is a " + nameOf(h.type()) + ")"));
        }
        if (take) {
            held.remove(handle);
        }
        return h.rep();
    }

    /** The resource type of handle {@code handle}, {@code null} when the host holds none of that number. */
    WitType.ResourceType typeOf(int handle) {
        Held h = held.get(handle);
        return h == null ? null : h.type();
    }

    /** What becomes of an {@code own} value's handle or representation on its way. */
    private interface HandleMap {
        int apply(WitType.ResourceType type, int handleOrRep);
    }

    private WitValue map(WitType type, WitValue value, HandleMap f) {
        if (type instanceof WitType.Own o) {
            return new WitValue.Handle(f.apply(o.resource(), ((WitValue.Handle) value).index()));
        }
        if (type instanceof WitType.Borrow b) {
            int handle = ((WitValue.Handle) value).index();
            return new WitValue.Handle(rep(b.resource(), handle, false));
        }
        if (type instanceof WitType.ListType l) {
            return new WitValue.ListValue(each(l.element(), ((WitValue.ListValue) value).elements(), f));
        }
        if (type instanceof WitType.RecordType r) {
            List<WitValue> fields = ((WitValue.RecordValue) value).fields();
            List<WitValue> out = new ArrayList<>(fields.size());
            for (int i = 0; i < fields.size(); i++) {
                out.add(map(r.fields().get(i).type(), fields.get(i), f));
            }
            return new WitValue.RecordValue(out);
        }
        if (type instanceof WitType.TupleType t) {
            List<WitValue> values = ((WitValue.TupleValue) value).values();
            List<WitValue> out = new ArrayList<>(values.size());
            for (int i = 0; i < values.size(); i++) {
                out.add(map(t.types().get(i), values.get(i), f));
            }
            return new WitValue.TupleValue(out);
        }
        return mapCase(type, value, f);
    }

    private WitValue mapCase(WitType type, WitValue value, HandleMap f) {
        if (type instanceof WitType.VariantType v) {
            WitValue.VariantValue c = (WitValue.VariantValue) value;
            WitType payload = v.cases().get(c.index()).payload();
            return payload == null ? c : new WitValue.VariantValue(c.index(), map(payload, c.payload(), f));
        }
        if (type instanceof WitType.OptionType o) {
            WitValue.OptionValue opt = (WitValue.OptionValue) value;
            return opt.value() == null ? opt : new WitValue.OptionValue(map(o.type(), opt.value(), f));
        }
        if (type instanceof WitType.ResultType r) {
            WitValue.ResultValue res = (WitValue.ResultValue) value;
            WitType side = res.ok() ? r.ok() : r.err();
            return side == null ? res : new WitValue.ResultValue(res.ok(), map(side, res.value(), f));
        }
        return value;
    }

    private List<WitValue> each(WitType element, List<WitValue> values, HandleMap f) {
        List<WitValue> out = new ArrayList<>(values.size());
        for (WitValue v : values) {
            out.add(map(element, v, f));
        }
        return out;
    }
}
