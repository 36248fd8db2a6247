package dev.wharf.runtime.internal.component;

import static dev.wharf.runtime.internal.component.CanonicalFixtures.i;
import static dev.wharf.runtime.internal.component.CanonicalFixtures.list;
import static dev.wharf.runtime.internal.component.CanonicalFixtures.listOf;
import static dev.wharf.runtime.internal.component.CanonicalFixtures.record;
import static dev.wharf.runtime.internal.component.CanonicalFixtures.result;
import static dev.wharf.runtime.internal.component.CanonicalFixtures.str;
import static dev.wharf.runtime.internal.component.CanonicalFixtures.variant;
import static dev.wharf.runtime.internal.component.WitType.Primitive.STRING;
import static dev.wharf.runtime.internal.component.WitType.Primitive.U8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wharf.runtime.internal.component.WitType.FuncType;
import dev.wharf.runtime.internal.component.WitType.Param;
import dev.wharf.runtime.internal.component.WitValue.Int;
import dev.wharf.runtime.internal.component.WitValue.ListValue;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code list<u8>} as one array of bytes ({@link ByteList}) is the same value as the list of
 * {@link Int}s it replaces, in memory and to whoever reads its elements; and a function's types
 * are laid out once ({@link TypeLayout}).
 */
class ByteListTest {

    private static final byte[] BYTES = {0, 1, 0x7F, (byte) 0x80, (byte) 0xFF};
    private static final ListValue ELEMENTS = listOf(i(0), i(1), i(0x7F), i(0x80), i(0xFF));

    @Test
    void aByteListIsTheListOfItsInts() {
        ListValue bytes = ListValue.ofBytes(BYTES);
        assertThat(bytes).isEqualTo(ELEMENTS).hasSameHashCodeAs(ELEMENTS).hasToString(ELEMENTS.toString());
        assertThat(ELEMENTS).isEqualTo(bytes);
        assertThat(bytes.elements().get(4)).isSameAs(Int.of(255));
        assertThat(bytes.toBytes()).containsExactly(BYTES).isNotSameAs(bytes.toBytes());
        assertThat(ELEMENTS.toBytes()).containsExactly(BYTES);
    }

    @Test
    void ofBytesCopies() {
        byte[] mine = BYTES.clone();
        ListValue bytes = ListValue.ofBytes(mine);
        mine[0] = 9;
        assertThat(bytes).isEqualTo(ELEMENTS);
        bytes.toBytes()[1] = 9;
        assertThat(bytes).isEqualTo(ELEMENTS);
    }

    @Test
    void bothFormsStoreTheSameBytesAndLoadAsOneArray() {
        for (ListValue v : List.of(ELEMENTS, ListValue.ofBytes(BYTES))) {
            TestHeap heap = new TestHeap(64);
            CanonicalContext cx = heap.context(StringEncoding.UTF8);
            assertThat(CanonicalFlatLower.lowerFlat(cx, v, list(U8))).containsExactly(0, 5);
            assertThat(heap.allocatedHex()).isEqualTo("00017f80ff");
            ListValue lifted = (ListValue) CanonicalFlatLift.liftFlat(cx, new FlatReader(0, 5), list(U8));
            assertThat(lifted.elements()).isInstanceOf(ByteList.class);
            assertThat(lifted).isEqualTo(ELEMENTS);
        }
    }

    @Test
    void intsThatAreNoBytesAreRefusedAsBefore() {
        CanonicalContext cx = new TestHeap(64).context(StringEncoding.UTF8);
        assertThatThrownBy(() -> CanonicalFlatLower.lowerFlat(cx, listOf(i(1), i(256)), list(U8)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("value 256 out of range for u8");
        assertThatThrownBy(() -> CanonicalFlatLower.lowerFlat(cx, listOf(i(-1)), list(U8)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("value -1 out of range for u8");
        assertThatThrownBy(() -> CanonicalFlatLower.lowerFlat(cx, listOf(str("x")), list(U8)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("value Str[value=x] does not match type U8");
    }

    @Test
    void aSignatureLaysEachTypeOutOnce() {
        WitType error = variant(STRING, record(U8, STRING), null);
        FuncType ft = new FuncType(List.of(new Param("a", result(null, error)), new Param("b", list(error))),
                List.of(new Param("", result(list(U8), error))));
        CanonicalCalls.Signature s = CanonicalCalls.Signature.of(ft);
        TypeLayout inParam = s.params().layouts()[0].parts[1];
        assertThat(s.params().layouts()[1].element).isSameAs(inParam);
        assertThat(s.results().layouts()[0].parts[1]).isSameAs(inParam);
        assertThat(inParam.size).isEqualTo(CanonicalLayout.elemSize(error)).isEqualTo(16);
        assertThat(inParam.payloadOffset).isEqualTo(4);
    }
}
