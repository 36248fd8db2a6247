package dev.wharf.runtime.internal.component;

import dev.wharf.runtime.internal.component.WitType.ResourceType;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The resource handles of one component instance (the spec's {@code inst.handles}): the guest
 * names a resource by an index into this table. Index 0 is never used, so that 0 can mean "no
 * handle"; a freed index is reused last-freed-first. Also the instance's side of the
 * {@code resource.new}, {@code resource.rep} and {@code resource.drop} built-ins, and of lifting
 * and lowering {@code own} and {@code borrow} values, whose representation travels between the
 * tables as the {@link WitValue.Handle#index()} of the lifted value.
 */
public final class HandleTable {

    /** The most entries a table may hold. */
    public static final int MAX_LENGTH = (1 << 28) - 1;

    private final List<ResourceHandle> entries = new ArrayList<>();
    private final List<Integer> free = new ArrayList<>();
    private final Set<ResourceType> implemented;

    /** A table of an instance that implements none of the resource types it sees. */
    public HandleTable() {
        this(Set.of());
    }

    /** @param implemented the resource types this instance defines: borrows of them arrive as the bare rep */
    public HandleTable(Set<ResourceType> implemented) {
        this.implemented = Set.copyOf(implemented);
        entries.add(null);
    }

    public boolean implementsResource(ResourceType type) {
        return implemented.contains(type);
    }

    /** Slots including index 0 and freed ones: the spec's {@code len(array)}. */
    public int length() {
        return entries.size();
    }

    /** Freed slots awaiting reuse. */
    public int freeCount() {
        return free.size();
    }

    public boolean contains(int index) {
        return index > 0 && index < entries.size() && entries.get(index) != null;
    }

    /** The handle at {@code index} (an unsigned guest value), or a trap. */
    public ResourceHandle get(int index) {
        if (!contains(index)) {
            throw CanonicalAbiTrap.of("handle index %s is not in the table (%d slots)",
                    Integer.toUnsignedString(index), entries.size());
        }
        return entries.get(index);
    }

    int add(ResourceHandle handle) {
        if (!free.isEmpty()) {
            int i = free.remove(free.size() - 1);
            entries.set(i, handle);
            return i;
        }
        if (entries.size() > MAX_LENGTH) {
            throw CanonicalAbiTrap.of("handle table is full (%d entries)", MAX_LENGTH);
        }
        entries.add(handle);
        return entries.size() - 1;
    }

    private ResourceHandle remove(int index) {
        ResourceHandle handle = get(index);
        entries.set(index, null);
        free.add(index);
        return handle;
    }

    /** {@code resource.new}: a new own handle of {@code rep}, which must be of a type this instance implements. */
    public int resourceNew(ResourceType type, int rep) {
        return add(new ResourceHandle(type, rep, true, null));
    }

    /** {@code resource.rep}: the representation behind the handle. */
    public int resourceRep(ResourceType type, int index) {
        return typed(type, index).rep();
    }

    /**
     * {@code resource.drop}: removes the handle and returns it. For an own handle the caller then
     * runs the resource's destructor, if it has one, on {@link ResourceHandle#rep()}; a borrow
     * handle just ends the borrow of its call. Traps when the handle is lent to an ongoing call.
     */
    public ResourceHandle resourceDrop(ResourceType type, int index) {
        ResourceHandle handle = typed(type, index);
        if (handle.lends() != 0) {
            throw CanonicalAbiTrap.of("%s handle %d dropped while lent to %d ongoing call%s",
                    handle.own() ? "own" : "borrow", index, handle.lends(), handle.lends() == 1 ? "" : "s");
        }
        remove(index);
        if (!handle.own()) {
            handle.borrowScope().dropBorrow();
        }
        return handle;
    }

    /** Lifts an {@code own}: the handle leaves this table, its representation goes with the value. */
    int liftOwn(ResourceType type, int index) {
        ResourceHandle handle = typed(type, index);
        if (!handle.own()) {
            throw CanonicalAbiTrap.of("handle %d is a borrow, but an own<%s> was expected", index, type.name());
        }
        if (handle.lends() != 0) {
            throw CanonicalAbiTrap.of("own handle %d moved out while lent to %d ongoing call%s",
                    index, handle.lends(), handle.lends() == 1 ? "" : "s");
        }
        remove(index);
        return handle.rep();
    }

    /** Lifts a {@code borrow} argument: the handle (own or borrow) stays, lent to {@code scope} until it returns. */
    int liftBorrow(ResourceType type, int index, CallScope scope) {
        ResourceHandle handle = typed(type, index);
        scope.lend(handle);
        return handle.rep();
    }

    /** Lowers an {@code own}: a new own handle of the representation. */
    int lowerOwn(ResourceType type, int rep) {
        return resourceNew(type, rep);
    }

    /**
     * Lowers a {@code borrow} argument: the bare representation when this instance implements
     * the type (it needs no handle to its own resource), else a borrow handle the guest must drop
     * before {@code scope} returns.
     */
    int lowerBorrow(ResourceType type, int rep, CallScope scope) {
        if (implementsResource(type)) {
            return rep;
        }
        scope.addBorrow();
        return add(new ResourceHandle(type, rep, false, scope));
    }

    private ResourceHandle typed(ResourceType type, int index) {
        ResourceHandle handle = get(index);
        if (!handle.type().equals(type)) {
            throw CanonicalAbiTrap.of("handle %d is a %s, but a %s was expected", index, describe(handle.type(), type),
                    describe(type, handle.type()));
        }
        return handle;
    }

    /** The type's name, with its id when the other type has the same name. */
    private static String describe(ResourceType type, ResourceType other) {
        return type.name().equals(other.name()) ? type.name() + " (resource type " + type.id() + ")" : type.name();
    }
}
