package dev.wharf.runtime.internal.component;

import dev.wharf.runtime.internal.component.WitType.ResourceType;
import java.util.Objects;

/**
 * One entry of a {@link HandleTable}: a resource's representation (the {@code i32} its
 * implementation chose) held as an own or a borrow handle. A borrow remembers the call it was
 * lent for; any handle counts the calls it is currently lent to, during which it may be neither
 * dropped nor moved out.
 */
public final class ResourceHandle {

    private final ResourceType type;
    private final int rep;
    private final boolean own;
    private final CallScope borrowScope;
    private int lends;

    ResourceHandle(ResourceType type, int rep, boolean own, CallScope borrowScope) {
        this.type = Objects.requireNonNull(type, "type");
        this.rep = rep;
        this.own = own;
        this.borrowScope = borrowScope;
    }

    public ResourceType type() {
        return type;
    }

    public int rep() {
        return rep;
    }

    public boolean own() {
        return own;
    }

    /** The call a borrow handle was lent for; {@code null} for an own handle. */
    public CallScope borrowScope() {
        return borrowScope;
    }

    /** How many ongoing calls this handle is lent to (lifted as a borrow argument of). */
    public int lends() {
        return lends;
    }

    void lend() {
        lends++;
    }

    void endLend() {
        lends--;
    }

    @Override
    public String toString() {
        return (own ? "own<" : "borrow<") + type.name() + "> rep " + Integer.toUnsignedString(rep);
    }
}
