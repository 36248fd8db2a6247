package dev.wharf.runtime.internal.component;

import dev.wharf.runtime.internal.component.CanonicalStrings.Range;
import dev.wharf.runtime.internal.component.WitType.Borrow;
import dev.wharf.runtime.internal.component.WitType.FlagsType;
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
        TypeLayout l = TypeLayout.of(t);
        CanonicalChecks.alignedInMemory(cx.memory(), "value", ptr, l.alignment, l.size);
        storeAt(cx, v, l, ptr);
    }

    /** {@code store} proper: the caller has checked that the value's bytes are in memory. */
    static void storeAt(CanonicalContext cx, WitValue v, TypeLayout l, long ptr) {
        WitType t = l.type;
        switch (l.kind) {
            case STRING -> writeRange(cx, ptr, CanonicalStrings.store(cx, CanonicalScalars.expect(v, Str.class, t).value()));
            case SCALAR -> writeUnsigned(cx.memory(), ptr, l.size, CanonicalScalars.lower((Primitive) t, v));
            case LIST -> writeRange(cx, ptr,
                    storeListIntoRange(cx, CanonicalScalars.expect(v, ListValue.class, t).elements(), l.element));
            case FLAGS -> writeUnsigned(cx.memory(), ptr, l.size, CanonicalScalars.lowerFlags((FlagsType) t, v));
            case OWN -> {
                int rep = CanonicalScalars.expect(v, Handle.class, t).index();
                cx.memory().write32(ptr, cx.table().lowerOwn(((Own) t).resource(), rep));
            }
            case BORROW -> {
                int rep = CanonicalScalars.expect(v, Handle.class, t).index();
                cx.memory().write32(ptr, cx.table().lowerBorrow(((Borrow) t).resource(), rep, cx.requireScope()));
            }
            case FIELDS -> storeFields(cx, CanonicalShapes.fieldValues(t, l.parts.length, v), l, ptr);
            case CASES -> storeVariant(cx, v, ptr, l);
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

    /**
     * {@code store_list_into_range}: one allocation for all elements, checked, then each element
     * in place; a {@code list<u8>}'s bytes are written in one copy when they all are bytes.
     */
    static Range storeListIntoRange(CanonicalContext cx, List<WitValue> elements, TypeLayout element) {
        int size = element.size;
        int alignment = element.alignment;
        long byteLength = (long) elements.size() * size;
        if (byteLength > CanonicalLoad.MAX_LIST_BYTE_LENGTH) {
            throw new IllegalArgumentException("list of " + byteLength + " bytes is too long to lower");
        }
        long ptr = cx.allocate(alignment, byteLength);
        CanonicalChecks.alignedInMemory(cx.memory(), "list", ptr, alignment, byteLength);
        byte[] bytes = element.isU8() ? ByteList.bytesOf(elements) : null;
        if (bytes != null) {
            cx.memory().write(ptr, bytes, 0, bytes.length);
        } else {
            for (int i = 0; i < elements.size(); i++) {
                storeAt(cx, elements.get(i), element, ptr + (long) i * size);
            }
        }
        return new Range(ptr, elements.size());
    }

    /** Writes the values of a record's (or tuple's) fields at {@code ptr}; as many values as fields. */
    static void storeFields(CanonicalContext cx, List<WitValue> values, TypeLayout record, long ptr) {
        TypeLayout[] fields = record.parts;
        for (int i = 0; i < fields.length; i++) {
            storeAt(cx, values.get(i), fields[i], ptr + record.offsets[i]);
        }
    }

    private static void storeVariant(CanonicalContext cx, WitValue v, long ptr, TypeLayout l) {
        CanonicalShapes.Case c = CanonicalShapes.caseOf(l.type, l.parts, v);
        writeUnsigned(cx.memory(), ptr, l.discriminantSize, c.index());
        TypeLayout payload = l.parts[c.index()];
        if (payload != null) {
            storeAt(cx, c.payload(), payload, ptr + l.payloadOffset);
        }
    }
}
