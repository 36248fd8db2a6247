package dev.wharf.runtime.internal.component;

import dev.wharf.runtime.internal.component.WitType.Borrow;
import dev.wharf.runtime.internal.component.WitType.FlagsType;
import dev.wharf.runtime.internal.component.WitType.Own;
import dev.wharf.runtime.internal.component.WitType.Primitive;
import dev.wharf.runtime.internal.component.WitValue.Handle;
import dev.wharf.runtime.internal.component.WitValue.ListValue;
import dev.wharf.runtime.internal.component.WitValue.Str;
import java.util.ArrayList;
import java.util.List;

/**
 * Lifting out of a guest's memory (the spec's {@code load}): a value of any type at an aligned
 * pointer, following the pointers of strings and lists, each checked before it is read.
 */
public final class CanonicalLoad {

    /** The largest list in bytes that may be lifted or lowered. */
    public static final long MAX_LIST_BYTE_LENGTH = (1L << 28) - 1;

    private CanonicalLoad() {}

    /** The value of type {@code t} at {@code ptr}; traps unless it is aligned and inside memory. */
    public static WitValue load(CanonicalContext cx, long ptr, WitType t) {
        TypeLayout l = TypeLayout.of(t);
        CanonicalChecks.alignedInMemory(cx.memory(), "value", ptr, l.alignment, l.size);
        return loadAt(cx, ptr, l);
    }

    /** {@code load} proper: the caller has checked that the value's bytes are in memory. */
    static WitValue loadAt(CanonicalContext cx, long ptr, TypeLayout l) {
        CanonicalMemory memory = cx.memory();
        return switch (l.kind) {
            case STRING -> liftString(cx, memory.read32(ptr) & CanonicalChecks.U32_MASK,
                    memory.read32(ptr + 4) & CanonicalChecks.U32_MASK);
            case SCALAR -> CanonicalScalars.lift((Primitive) l.type, readUnsigned(memory, ptr, l.size));
            case LIST -> loadListFromRange(cx, memory.read32(ptr) & CanonicalChecks.U32_MASK,
                    memory.read32(ptr + 4) & CanonicalChecks.U32_MASK, l.element);
            case FLAGS -> CanonicalScalars.liftFlags((FlagsType) l.type, readUnsigned(memory, ptr, l.size));
            case OWN -> new Handle(cx.table().liftOwn(((Own) l.type).resource(), memory.read32(ptr)));
            case BORROW -> new Handle(cx.table().liftBorrow(((Borrow) l.type).resource(), memory.read32(ptr),
                    cx.requireScope()));
            case FIELDS -> CanonicalShapes.fieldsValue(l.type, loadFields(cx, ptr, l));
            case CASES -> loadVariant(cx, ptr, l);
        };
    }

    /** A little-endian unsigned integer of 1, 2, 4 or 8 bytes. */
    static long readUnsigned(CanonicalMemory memory, long ptr, int size) {
        return switch (size) {
            case 1 -> memory.read8(ptr) & 0xFFL;
            case 2 -> memory.read16(ptr) & 0xFFFFL;
            case 4 -> memory.read32(ptr) & CanonicalChecks.U32_MASK;
            default -> memory.read64(ptr);
        };
    }

    static WitValue liftString(CanonicalContext cx, long ptr, long taggedCodeUnits) {
        return new Str(CanonicalStrings.load(cx, ptr, taggedCodeUnits).text());
    }

    /**
     * {@code load_list_from_range}: checks the length, then alignment, then bounds, then loads
     * each element; a {@code list<u8>}'s bytes are read in one copy.
     */
    static WitValue loadListFromRange(CanonicalContext cx, long ptr, long length, TypeLayout element) {
        int size = element.size;
        long byteLength = length * size;
        if (byteLength > MAX_LIST_BYTE_LENGTH) {
            throw CanonicalAbiTrap.of("list of %d elements of %d bytes exceeds the maximum of %d bytes",
                    length, size, MAX_LIST_BYTE_LENGTH);
        }
        CanonicalChecks.alignedInMemory(cx.memory(), "list", ptr, element.alignment, byteLength);
        cx.lifted().charge(byteLength, "list");
        if (element.isU8()) {
            return new ListValue(ByteList.owning(cx.memory().read(ptr, (int) byteLength)));
        }
        List<WitValue> elements = new ArrayList<>((int) length);
        for (long i = 0; i < length; i++) {
            elements.add(loadAt(cx, ptr + i * size, element));
        }
        return new ListValue(elements);
    }

    /** The values of a record's (or tuple's) fields at {@code ptr}, in order. */
    static List<WitValue> loadFields(CanonicalContext cx, long ptr, TypeLayout record) {
        TypeLayout[] fields = record.parts;
        List<WitValue> values = new ArrayList<>(fields.length);
        for (int i = 0; i < fields.length; i++) {
            values.add(loadAt(cx, ptr + record.offsets[i], fields[i]));
        }
        return values;
    }

    private static WitValue loadVariant(CanonicalContext cx, long ptr, TypeLayout l) {
        long index = readUnsigned(cx.memory(), ptr, l.discriminantSize);
        checkDiscriminant(l.type, index, l.parts.length);
        TypeLayout payload = l.parts[(int) index];
        return CanonicalShapes.caseValue(l.type, (int) index,
                payload == null ? null : loadAt(cx, ptr + l.payloadOffset, payload));
    }

    /** Traps unless {@code index} names one of the cases. */
    static void checkDiscriminant(WitType t, long index, int caseCount) {
        if (index >= caseCount) {
            throw CanonicalAbiTrap.of("%s discriminant %d out of range for %d cases", kind(t), index, caseCount);
        }
    }

    private static String kind(WitType t) {
        if (t instanceof WitType.EnumType) {
            return "enum";
        }
        if (t instanceof WitType.OptionType) {
            return "option";
        }
        return t instanceof WitType.ResultType ? "result" : "variant";
    }
}
