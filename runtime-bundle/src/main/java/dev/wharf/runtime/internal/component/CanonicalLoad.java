package dev.wharf.runtime.internal.component;

import dev.wharf.runtime.internal.component.WitType.Borrow;
import dev.wharf.runtime.internal.component.WitType.FlagsType;
import dev.wharf.runtime.internal.component.WitType.ListType;
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
        CanonicalChecks.alignedInMemory(cx.memory(), "value", ptr, CanonicalLayout.alignment(t),
                CanonicalLayout.elemSize(t));
        return loadAt(cx, ptr, t);
    }

    /** {@code load} proper: the caller has checked that the value's bytes are in memory. */
    static WitValue loadAt(CanonicalContext cx, long ptr, WitType t) {
        CanonicalMemory memory = cx.memory();
        if (t == Primitive.STRING) {
            return liftString(cx, memory.read32(ptr) & CanonicalChecks.U32_MASK,
                    memory.read32(ptr + 4) & CanonicalChecks.U32_MASK);
        }
        if (t instanceof Primitive p) {
            return CanonicalScalars.lift(p, readUnsigned(memory, ptr, CanonicalLayout.elemSize(p)));
        }
        if (t instanceof ListType l) {
            return loadListFromRange(cx, memory.read32(ptr) & CanonicalChecks.U32_MASK,
                    memory.read32(ptr + 4) & CanonicalChecks.U32_MASK, l.element());
        }
        if (t instanceof FlagsType f) {
            return CanonicalScalars.liftFlags(f, readUnsigned(memory, ptr, CanonicalLayout.flagsSize(f.names().size())));
        }
        if (t instanceof Own o) {
            return new Handle(cx.table().liftOwn(o.resource(), memory.read32(ptr)));
        }
        if (t instanceof Borrow b) {
            return new Handle(cx.table().liftBorrow(b.resource(), memory.read32(ptr), cx.requireScope()));
        }
        List<WitType> fields = CanonicalShapes.fieldTypes(t);
        if (fields != null) {
            return loadRecord(cx, ptr, t, fields);
        }
        List<WitType> cases = CanonicalShapes.casePayloads(t);
        if (cases != null) {
            return loadVariant(cx, ptr, t, cases);
        }
        throw new IllegalArgumentException(t + " is not a value type");
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

    /** {@code load_list_from_range}: checks the length, then alignment, then bounds, then loads each element. */
    static WitValue loadListFromRange(CanonicalContext cx, long ptr, long length, WitType element) {
        int size = CanonicalLayout.elemSize(element);
        long byteLength = length * size;
        if (byteLength > MAX_LIST_BYTE_LENGTH) {
            throw CanonicalAbiTrap.of("list of %d elements of %d bytes exceeds the maximum of %d bytes",
                    length, size, MAX_LIST_BYTE_LENGTH);
        }
        CanonicalChecks.alignedInMemory(cx.memory(), "list", ptr, CanonicalLayout.alignment(element), byteLength);
        cx.lifted().charge(byteLength, "list");
        List<WitValue> elements = new ArrayList<>((int) length);
        for (long i = 0; i < length; i++) {
            elements.add(loadAt(cx, ptr + i * size, element));
        }
        return new ListValue(elements);
    }

    private static WitValue loadRecord(CanonicalContext cx, long ptr, WitType t, List<WitType> fields) {
        return CanonicalShapes.fieldsValue(t, loadFields(cx, ptr, fields));
    }

    /** The values of {@code fields} laid out as a record's at {@code ptr}, in order. */
    static List<WitValue> loadFields(CanonicalContext cx, long ptr, List<WitType> fields) {
        List<WitValue> values = new ArrayList<>(fields.size());
        for (int i = 0; i < fields.size(); i++) {
            WitType f = fields.get(i);
            ptr = CanonicalLayout.alignTo(ptr, CanonicalLayout.alignment(f));
            values.add(loadAt(cx, ptr, f));
            ptr += CanonicalLayout.elemSize(f);
        }
        return values;
    }

    private static WitValue loadVariant(CanonicalContext cx, long ptr, WitType t, List<WitType> cases) {
        long index = readUnsigned(cx.memory(), ptr, CanonicalLayout.discriminantSize(cases.size()));
        checkDiscriminant(t, index, cases.size());
        WitType payload = cases.get((int) index);
        long payloadPtr = ptr + CanonicalLayout.payloadOffset(cases);
        return CanonicalShapes.caseValue(t, (int) index, payload == null ? null : loadAt(cx, payloadPtr, payload));
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
