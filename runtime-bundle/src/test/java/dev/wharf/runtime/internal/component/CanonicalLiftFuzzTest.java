package dev.wharf.runtime.internal.component;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.wharf.runtime.internal.component.WitType.Case;
import dev.wharf.runtime.internal.component.WitType.EnumType;
import dev.wharf.runtime.internal.component.WitType.Field;
import dev.wharf.runtime.internal.component.WitType.FlagsType;
import dev.wharf.runtime.internal.component.WitType.ListType;
import dev.wharf.runtime.internal.component.WitType.OptionType;
import dev.wharf.runtime.internal.component.WitType.Primitive;
import dev.wharf.runtime.internal.component.WitType.RecordType;
import dev.wharf.runtime.internal.component.WitType.ResourceType;
import dev.wharf.runtime.internal.component.WitType.ResultType;
import dev.wharf.runtime.internal.component.WitType.TupleType;
import dev.wharf.runtime.internal.component.WitType.VariantType;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Lifting a guest's values, whatever its memory holds and whatever pointers, lengths and
 * discriminants it hands over: a value of a type the fuzzer builds (strings in each encoding,
 * lists of bytes, of records, variants, options, results, nested), lifted from flat core values
 * ({@link CanonicalFlatLift}) or loaded at a pointer ({@link CanonicalLoad}) out of the fuzzer's
 * memory, is a value or a {@link CanonicalAbiTrap} (which ends the guest's call); no index,
 * negative-size or out-of-memory error. A lift never writes; it reads no more than the value's own
 * bytes and what {@link LiftVolume} lets one lift read (the memory's size, or a page); what lifts
 * takes exactly the flat values of its type, and lowers into a fresh memory and lifts back to
 * itself.
 */
class CanonicalLiftFuzzTest {

    /** What {@link LiftVolume} lets any lift read, however small the memory. */
    private static final long FREE = 65_536;
    private static final int MAX_DEPTH = 4;
    private static final Primitive[] PRIMITIVES = Primitive.values();
    /** Two types of one name (told apart by id) and another. */
    private static final ResourceType[] RESOURCES = {
        new ResourceType("a", 0), new ResourceType("a", 1), new ResourceType("b", 2)};

    @FuzzTest
    void lift(FuzzedDataProvider data) {
        StringEncoding encoding = data.pickValue(StringEncoding.values());
        WitType type = type(data, 0);
        TypeLayout layout = TypeLayout.of(type);
        boolean flat = data.consumeBoolean();
        long ptr = data.consumeInt() & CanonicalChecks.U32_MASK;
        long[] flatValues = layout.flat.stream()
                .mapToLong(c -> c.narrow() ? data.consumeInt() : data.consumeLong()).toArray();
        byte[] contents = data.consumeRemainingAsBytes();
        HandleTable table = handles(contents);
        CallScope call = new CallScope();
        ReadCounter memory = new ReadCounter(new TestHeap(contents));
        CanonicalContext cx = CanonicalContext.of(new CanonicalOptions(encoding, memory, null, false), table, call);
        cx.lifted().start(memory);
        int live = table.length() - table.freeCount();

        FlatReader vi = new FlatReader(flatValues);
        WitValue value;
        try {
            value = flat ? CanonicalFlatLift.liftFlat(cx, vi, layout) : CanonicalLoad.load(cx, ptr, type);
        } catch (CanonicalAbiTrap trap) {
            assertThat(trap.getMessage()).isNotBlank();
            assertReadWithinBounds(memory, flat ? 0 : layout.size);
            return;
        }
        assertThat(value).isNotNull();
        assertReadWithinBounds(memory, flat ? 0 : layout.size);
        if (flat) {
            assertThat(vi.done()).as("a lift takes exactly its type's flat values").isTrue();
        }
        assertThat(table.length() - table.freeCount()).as("handles left in the table: each lifted own moved out")
                .isEqualTo(live - owns(value, type));
        // the bump allocator never frees: a string transcoded on its way in takes its worst case and then its size
        TestHeap fresh = new TestHeap((int) Math.min(Integer.MAX_VALUE - 8, 8 * (memory.read + layout.size) + 4096));
        CanonicalContext again = CanonicalContext.of(fresh.options(encoding), new HandleTable(), new CallScope());
        long[] lowered = CanonicalFlatLower.lowerFlat(again, value, type);
        again.lifted().start(fresh);
        assertThat(CanonicalFlatLift.liftFlat(again, new FlatReader(lowered), type)).isEqualTo(value);
    }

    /**
     * A table of own and borrow handles of the resource types, with some slots freed again,
     * described by the memory's first bytes (so the inputs kept from before handles were fuzzed
     * mean what they meant): a count, then per entry its type, what to do and a 32-bit value.
     */
    private static HandleTable handles(byte[] spec) {
        HandleTable table = new HandleTable();
        CallScope lender = new CallScope();
        ByteBuffer in = ByteBuffer.wrap(spec);
        int n = in.hasRemaining() ? Byte.toUnsignedInt(in.get()) % 9 : 0;
        for (int i = 0; i < n && in.remaining() >= 6; i++) {
            ResourceType type = RESOURCES[Byte.toUnsignedInt(in.get()) % RESOURCES.length];
            int op = Byte.toUnsignedInt(in.get()) % 3;
            int value = in.getInt();
            int index = Integer.remainderUnsigned(value, table.length() + 1);
            if (op == 0) {
                table.resourceNew(type, value);
            } else if (op == 1) {
                table.lowerBorrow(type, value, lender);
            } else if (table.contains(index)) {
                table.resourceDrop(table.get(index).type(), index);
            }
        }
        return table;
    }

    /** The own handles in {@code value} of {@code type}: each left the table when lifted. */
    private static int owns(WitValue value, WitType type) {
        if (type instanceof WitType.Own) {
            return 1;
        } else if (type instanceof ListType l) {
            return sum(((WitValue.ListValue) value).elements(), i -> l.element());
        } else if (type instanceof RecordType r) {
            return sum(((WitValue.RecordValue) value).fields(), i -> r.fields().get(i).type());
        } else if (type instanceof TupleType t) {
            return sum(((WitValue.TupleValue) value).values(), t.types()::get);
        } else if (type instanceof VariantType v) {
            WitValue.VariantValue variant = (WitValue.VariantValue) value;
            return inner(variant.payload(), v.cases().get(variant.index()).payload());
        } else if (type instanceof OptionType o) {
            return inner(((WitValue.OptionValue) value).value(), o.type());
        } else if (type instanceof ResultType r) {
            WitValue.ResultValue result = (WitValue.ResultValue) value;
            return inner(result.value(), result.ok() ? r.ok() : r.err());
        }
        return 0;
    }

    /** A payload that may be absent: none, a case or result side without a type. */
    private static int inner(WitValue value, WitType type) {
        return value == null || type == null ? 0 : owns(value, type);
    }

    private static int sum(List<WitValue> values, java.util.function.IntFunction<WitType> typeOf) {
        return IntStream.range(0, values.size()).map(i -> owns(values.get(i), typeOf.apply(i))).sum();
    }

    private static void assertReadWithinBounds(ReadCounter memory, long ownBytes) {
        assertThat(memory.read).as("bytes read by one lift from a memory of %d bytes", memory.size())
                .isLessThanOrEqualTo(ownBytes + Math.max(FREE, memory.size()));
    }

    /** A value type as WIT allows it: records, tuples, variants, enums and flags are never empty. */
    private static WitType type(FuzzedDataProvider data, int depth) {
        int kind = data.consumeInt(0, depth >= MAX_DEPTH ? 0 : 9);
        return switch (kind) {
            case 0 -> PRIMITIVES[data.consumeInt(0, PRIMITIVES.length - 1)];
            case 1 -> new ListType(type(data, depth + 1));
            case 2 -> new RecordType(IntStream.range(0, data.consumeInt(1, 3))
                    .mapToObj(i -> new Field("f" + i, type(data, depth + 1))).toList());
            case 3 -> new TupleType(IntStream.range(0, data.consumeInt(1, 3)).mapToObj(i -> type(data, depth + 1)).toList());
            case 4 -> {
                List<Case> cases = new ArrayList<>();
                int n = data.consumeInt(1, 4);
                for (int i = 0; i < n; i++) {
                    cases.add(new Case("c" + i, data.consumeBoolean() ? type(data, depth + 1) : null));
                }
                yield new VariantType(cases);
            }
            case 5 -> new EnumType(names("e", data.consumeInt(1, 300)));
            case 6 -> new OptionType(type(data, depth + 1));
            case 7 -> new ResultType(data.consumeBoolean() ? type(data, depth + 1) : null,
                    data.consumeBoolean() ? type(data, depth + 1) : null);
            case 8 -> new FlagsType(names("f", data.consumeInt(1, 32)));
            default -> handleOrBytes(data);
        };
    }

    /** The last kind, split three ways (so the other kinds keep their numbers for the kept inputs). */
    private static WitType handleOrBytes(FuzzedDataProvider data) {
        return switch (data.consumeInt(0, 2)) {
            case 1 -> new WitType.Own(RESOURCES[data.consumeInt(0, RESOURCES.length - 1)]);
            case 2 -> new WitType.Borrow(RESOURCES[data.consumeInt(0, RESOURCES.length - 1)]);
            default -> new ListType(Primitive.U8);
        };
    }

    private static List<String> names(String prefix, int n) {
        return IntStream.range(0, n).mapToObj(i -> prefix + i).toList();
    }

    /** A memory that counts the bytes read out of it and refuses every write: a lift only reads. */
    private static final class ReadCounter implements CanonicalMemory {
        private final CanonicalMemory memory;
        long read;

        ReadCounter(CanonicalMemory memory) {
            this.memory = memory;
        }

        @Override
        public long size() {
            return memory.size();
        }

        @Override
        public byte read8(long address) {
            read += 1;
            return memory.read8(address);
        }

        @Override
        public short read16(long address) {
            read += 2;
            return memory.read16(address);
        }

        @Override
        public int read32(long address) {
            read += 4;
            return memory.read32(address);
        }

        @Override
        public long read64(long address) {
            read += 8;
            return memory.read64(address);
        }

        @Override
        public byte[] read(long address, int length) {
            read += length;
            return memory.read(address, length);
        }

        @Override
        public void write8(long address, byte value) {
            throw new AssertionError("a lift wrote to memory");
        }

        @Override
        public void write16(long address, short value) {
            throw new AssertionError("a lift wrote to memory");
        }

        @Override
        public void write32(long address, int value) {
            throw new AssertionError("a lift wrote to memory");
        }

        @Override
        public void write64(long address, long value) {
            throw new AssertionError("a lift wrote to memory");
        }

        @Override
        public void write(long address, byte[] bytes, int offset, int length) {
            throw new AssertionError("a lift wrote to memory");
        }
    }
}
