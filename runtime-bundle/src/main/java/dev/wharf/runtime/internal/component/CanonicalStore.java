package dev.wharf.runtime.internal.component;

import dev.wharf.runtime.internal.component.CanonicalStrings.Range;
import dev.wharf.runtime.internal.component.WitType.Borrow;
import dev.wharf.runtime.internal.component.WitType.FlagsType;
import dev.wharf.runtime.internal.component.WitType.ListType;
import dev.wharf.runtime.internal.component.WitType.Own;
import dev.wharf.runtime.internal.component.WitType.Primitive;
import dev.wharf.runtime.internal.component.WitValue.Handle;
import dev.wharf.runtime.internal.component.WitValue.ListValue;
import dev.wharf.runtime.internal.component.WitValue.Str;
import java.util.List;

/**
 * Lowering into a guest's memory (the spec's {@code store}): a value of any type at an aligned
 * pointer, with the strings and lists it holds placed in buffers from the guest's realloc, each
 * of which is checked before it is written.
 */
public final class CanonicalStore {

    private CanonicalStore() {}

    /** Writes {@code v} of type {@code t} at {@code ptr}; traps unless it is aligned and inside memory. */
    public static void store(CanonicalContext cx, WitValue v, WitType t, long ptr) {
        CanonicalChecks.alignedInMemory(cx.memory(), "value", ptr, CanonicalLayout.alignment(t),
                CanonicalLayout.elemSize(t));
        storeAt(cx, v, t, ptr);
    }

    /** {@code store} proper: the caller has checked that the value's bytes are in memory. */
    static void storeAt(CanonicalContext cx, WitValue v, WitType t, long ptr) {
        if (t == Primitive.STRING) {
            writeRange(cx, ptr, CanonicalStrings.store(cx, CanonicalScalars.expect(v, Str.class, t).value()));
        } else if (t instanceof Primitive p) {
            writeUnsigned(cx.memory(), ptr, CanonicalLayout.elemSize(p), CanonicalScalars.lower(p, v));
        } else if (t instanceof ListType l) {
            writeRange(cx, ptr, storeListIntoRange(cx, CanonicalScalars.expect(v, ListValue.class, t).elements(), l.element()));
        } else if (t instanceof FlagsType f) {
            writeUnsigned(cx.memory(), ptr, CanonicalLayout.flagsSize(f.names().size()), CanonicalScalars.lowerFlags(f, v));
        } else if (t instanceof Own o) {
            int rep = CanonicalScalars.expect(v, Handle.class, t).index();
            cx.memory().write32(ptr, cx.table().lowerOwn(o.resource(), rep));
        } else if (t instanceof Borrow b) {
            int rep = CanonicalScalars.expect(v, Handle.class, t).index();
            cx.memory().write32(ptr, cx.table().lowerBorrow(b.resource(), rep, cx.requireScope()));
        } else if (CanonicalShapes.fieldTypes(t) != null) {
            storeRecord(cx, v, ptr, t, CanonicalShapes.fieldTypes(t));
        } else if (CanonicalShapes.casePayloads(t) != null) {
            storeVariant(cx, v, ptr, t, CanonicalShapes.casePayloads(t));
        } else {
            throw new IllegalArgumentException(t + " is not a value type");
        }
    }

    private static void writeRange(CanonicalContext cx, long ptr, Range range) {
        cx.memory().write32(ptr, (int) range.ptr());
        cx.memory().write32(ptr + 4, (int) range.length());
    }

    /** The low {@code size} bytes of {@code bits}, little-endian. */
    static void writeUnsigned(CanonicalMemory memory, long ptr, int size, long bits) {
        switch (size) {
            case 1 -> memory.write8(ptr, (byte) bits);
            case 2 -> memory.write16(ptr, (short) bits);
            case 4 -> memory.write32(ptr, (int) bits);
            default -> memory.write64(ptr, bits);
        }
    }

    /** {@code store_list_into_range}: one allocation for all elements, checked, then each element in place. */
    static Range storeListIntoRange(CanonicalContext cx, List<WitValue> elements, WitType element) {
        int size = CanonicalLayout.elemSize(element);
        int alignment = CanonicalLayout.alignment(element);
        long byteLength = (long) elements.size() * size;
        if (byteLength > CanonicalLoad.MAX_LIST_BYTE_LENGTH) {
            throw new IllegalArgumentException("list of " + byteLength + " bytes is too long to lower");
        }
        long ptr = cx.allocate(alignment, byteLength);
        CanonicalChecks.alignedInMemory(cx.memory(), "list", ptr, alignment, byteLength);
        for (int i = 0; i < elements.size(); i++) {
            storeAt(cx, elements.get(i), element, ptr + (long) i * size);
        }
        return new Range(ptr, elements.size());
    }

    private static void storeRecord(CanonicalContext cx, WitValue v, long ptr, WitType t, List<WitType> fields) {
        List<WitValue> values = CanonicalShapes.fieldValues(t, fields.size(), v);
        for (int i = 0; i < fields.size(); i++) {
            WitType f = fields.get(i);
            ptr = CanonicalLayout.alignTo(ptr, CanonicalLayout.alignment(f));
            storeAt(cx, values.get(i), f, ptr);
            ptr += CanonicalLayout.elemSize(f);
        }
    }

    private static void storeVariant(CanonicalContext cx, WitValue v, long ptr, WitType t, List<WitType> cases) {
        CanonicalShapes.Case c = CanonicalShapes.caseOf(t, cases, v);
        writeUnsigned(cx.memory(), ptr, CanonicalLayout.discriminantSize(cases.size()), c.index());
        WitType payload = cases.get(c.index());
        if (payload != null) {
            storeAt(cx, c.payload(), payload, ptr + CanonicalLayout.payloadOffset(cases));
        }
    }
}
