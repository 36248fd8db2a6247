package dev.wharf.runtime.internal.component;

import dev.wharf.runtime.internal.component.WitType.Borrow;
import dev.wharf.runtime.internal.component.WitType.FlagsType;
import dev.wharf.runtime.internal.component.WitType.ListType;
import dev.wharf.runtime.internal.component.WitType.Own;
import dev.wharf.runtime.internal.component.WitType.Primitive;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * A value type with its canonical ABI layout worked out once (the spec's {@code alignment},
 * {@code elem_size}, {@code flatten_type}, and the offsets of fields and payloads), and the
 * layouts of the types inside it. Load, store, flat lift and flat lower walk this tree instead
 * of the {@link WitType}: a function lays its types out when it is made
 * ({@link CanonicalCalls.Signature}), so a call recomputes nothing, where the sizes of a
 * 17-case variant used to be worked out again, recursively, on every value of it. Immutable.
 */
public final class TypeLayout {

    /** What the walkers do with a type: the spec's cases after {@code despecialize}. */
    enum Kind { STRING, SCALAR, LIST, FLAGS, OWN, BORROW, FIELDS, CASES }

    private static final int PTR_SIZE = 4;
    private static final TypeLayout[] PRIMITIVES = new TypeLayout[Primitive.values().length];

    static {
        for (Primitive p : Primitive.values()) {
            PRIMITIVES[p.ordinal()] = p == Primitive.STRING
                    ? new TypeLayout(p, Kind.STRING, PTR_SIZE, 2 * PTR_SIZE, List.of(CoreType.I32, CoreType.I32),
                            null, null, null, 0, 0)
                    : new TypeLayout(p, Kind.SCALAR, primitiveSize(p), primitiveSize(p), List.of(coreType(p)),
                            null, null, null, 0, 0);
        }
    }

    final WitType type;
    final Kind kind;
    final int alignment;
    final int size;
    /** {@code flatten_type}; for a variant, the discriminant's {@code i32} and then the joined slots. */
    final List<CoreType> flat;
    /** A list's element. */
    final TypeLayout element;
    /** A record's or tuple's fields, or a variant-like type's case payloads ({@code null}: none). */
    final TypeLayout[] parts;
    /** The offset of each field from the record's start. */
    final int[] offsets;
    /** A variant's discriminant bytes and its payload's offset from its start. */
    final int discriminantSize;
    final int payloadOffset;

    private TypeLayout(WitType type, Kind kind, int alignment, int size, List<CoreType> flat, TypeLayout element,
            TypeLayout[] parts, int[] offsets, int discriminantSize, int payloadOffset) {
        this.type = type;
        this.kind = kind;
        this.alignment = alignment;
        this.size = size;
        this.flat = flat;
        this.element = element;
        this.parts = parts;
        this.offsets = offsets;
        this.discriminantSize = discriminantSize;
        this.payloadOffset = payloadOffset;
    }

    /** The layout of {@code t}. */
    public static TypeLayout of(WitType t) {
        return of(t, new IdentityHashMap<>());
    }

    /**
     * The layout of {@code t}, each type instance laid out once: {@code done} holds those laid
     * out so far, so a type that recurs (one {@code error} variant in several results) is shared.
     * Keyed by identity: a record's own {@code hashCode} would walk the whole type every time.
     */
    static TypeLayout of(WitType t, Map<WitType, TypeLayout> done) {
        if (t instanceof Primitive p) {
            return PRIMITIVES[p.ordinal()];
        }
        TypeLayout known = done.get(t);
        if (known == null) {
            known = make(t, done);
            done.put(t, known);
        }
        return known;
    }

    private static TypeLayout make(WitType t, Map<WitType, TypeLayout> done) {
        if (t instanceof ListType l) {
            return new TypeLayout(t, Kind.LIST, PTR_SIZE, 2 * PTR_SIZE, List.of(CoreType.I32, CoreType.I32),
                    of(l.element(), done), null, null, 0, 0);
        }
        if (t instanceof FlagsType f) {
            int size = CanonicalLayout.flagsSize(f.names().size());
            return new TypeLayout(t, Kind.FLAGS, size, size, List.of(CoreType.I32), null, null, null, 0, 0);
        }
        if (t instanceof Own || t instanceof Borrow) {
            return new TypeLayout(t, t instanceof Own ? Kind.OWN : Kind.BORROW, 4, 4, List.of(CoreType.I32),
                    null, null, null, 0, 0);
        }
        List<WitType> fields = CanonicalShapes.fieldTypes(t);
        if (fields != null) {
            return record(t, layouts(fields, done));
        }
        List<WitType> cases = CanonicalShapes.casePayloads(t);
        if (cases != null) {
            return variant(t, layouts(cases, done));
        }
        throw new IllegalArgumentException(t + " is not a value type (a resource goes as own or borrow)");
    }

    private static TypeLayout[] layouts(List<WitType> types, Map<WitType, TypeLayout> done) {
        TypeLayout[] out = new TypeLayout[types.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = types.get(i) == null ? null : of(types.get(i), done);
        }
        return out;
    }

    /** A record (or tuple): each field at the next offset aligned for it, the whole aligned for the widest. */
    private static TypeLayout record(WitType t, TypeLayout[] fields) {
        int[] offsets = new int[fields.length];
        List<CoreType> flat = new ArrayList<>();
        long s = 0;
        for (int i = 0; i < fields.length; i++) {
            s = CanonicalLayout.alignTo(s, fields[i].alignment);
            offsets[i] = (int) s;
            s += fields[i].size;
            flat.addAll(fields[i].flat);
        }
        int alignment = maxAlignment(fields);
        return new TypeLayout(t, Kind.FIELDS, alignment, (int) CanonicalLayout.alignTo(s, alignment),
                Collections.unmodifiableList(flat), null, fields, offsets, 0, 0);
    }

    /**
     * A variant (or enum, option, result): the discriminant, then the payload at an offset aligned
     * for every case, the whole as large as the largest case and aligned for the widest.
     */
    private static TypeLayout variant(WitType t, TypeLayout[] cases) {
        int discriminant = CanonicalLayout.discriminantSize(cases.length);
        int maxAlignment = maxAlignment(cases);
        int payloadOffset = (int) CanonicalLayout.alignTo(discriminant, maxAlignment);
        int payload = 0;
        for (TypeLayout c : cases) {
            if (c != null) {
                payload = Math.max(payload, c.size);
            }
        }
        int alignment = Math.max(discriminant, maxAlignment);
        int size = (int) CanonicalLayout.alignTo((long) payloadOffset + payload, alignment);
        return new TypeLayout(t, Kind.CASES, alignment, size, Collections.unmodifiableList(flattenVariant(cases)),
                null, cases, null, discriminant, payloadOffset);
    }

    /** The largest alignment among the types; absent payloads ({@code null}) count as 1. */
    private static int maxAlignment(TypeLayout[] types) {
        int a = 1;
        for (TypeLayout t : types) {
            if (t != null) {
                a = Math.max(a, t.alignment);
            }
        }
        return a;
    }

    /**
     * The discriminant's {@code i32}, then one slot per position any case's payload flattens to,
     * each slot {@linkplain CoreType#join joined} over the cases that use it.
     */
    private static List<CoreType> flattenVariant(TypeLayout[] cases) {
        List<CoreType> joined = new ArrayList<>();
        joined.add(CoreType.I32);
        for (TypeLayout c : cases) {
            if (c == null) {
                continue;
            }
            for (int i = 0; i < c.flat.size(); i++) {
                if (i + 1 < joined.size()) {
                    joined.set(i + 1, CoreType.join(joined.get(i + 1), c.flat.get(i)));
                } else {
                    joined.add(c.flat.get(i));
                }
            }
        }
        return joined;
    }

    private static int primitiveSize(Primitive p) {
        return switch (p) {
            case BOOL, S8, U8 -> 1;
            case S16, U16 -> 2;
            case S32, U32, F32, CHAR -> 4;
            case S64, U64, F64 -> 8;
            case STRING -> throw new AssertionError("string has no primitive size");
        };
    }

    /** The core type a scalar flattens to. */
    static CoreType coreType(Primitive p) {
        return switch (p) {
            case S64, U64 -> CoreType.I64;
            case F32 -> CoreType.F32;
            case F64 -> CoreType.F64;
            default -> CoreType.I32;
        };
    }

    /** Whether this is {@code list<u8>}'s element, whose lists go through memory as one array of bytes. */
    boolean isU8() {
        return type == Primitive.U8;
    }

    @Override
    public String toString() {
        return "layout of " + type;
    }
}
