package dev.wharf.runtime.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.runtime.WasmRuntimeException;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import org.junit.jupiter.api.Test;

/** The flat linear memory: what a guest reads is what it wrote, outside is a trap, pages are budgeted. */
class BudgetedMemoryTest {

    final MemoryBudget budget = new MemoryBudget(4L * Memory.PAGE_SIZE);

    @Test
    void valuesOfEveryWidthAreLittleEndianAndUnalignedAccessWorks() {
        BudgetedMemory m = BudgetedMemory.create(new MemoryLimits(1, 2), budget);
        m.writeI32(1, 0x01020304);
        assertThat(m.read(1)).isEqualTo((byte) 4);
        assertThat(m.readInt(1)).isEqualTo(0x01020304);
        m.writeLong(13, -2L);
        assertThat(m.readLong(13)).isEqualTo(-2L);
        m.writeShort(30, (short) -1);
        assertThat(m.readU16(30)).isEqualTo(0xFFFFL);
        m.writeF64(40, 1.5);
        assertThat(m.readDouble(40)).isEqualTo(1.5);
        assertThat(Double.longBitsToDouble(m.readF64(40))).isEqualTo(1.5);
        m.writeF32(50, 2.5f);
        assertThat(Float.intBitsToFloat((int) m.readF32(50))).isEqualTo(2.5f);
    }

    @Test
    void anAccessOutsideTheMemoryIsChicorysOutOfBoundsTrap() {
        BudgetedMemory m = BudgetedMemory.create(new MemoryLimits(1, 1), budget);
        assertThatThrownBy(() -> m.readInt(Memory.PAGE_SIZE - 2)).isInstanceOf(WasmRuntimeException.class)
                .hasMessageContaining("out of bounds memory access");
        assertThatThrownBy(() -> m.writeByte(-1, (byte) 0)).isInstanceOf(WasmRuntimeException.class);
        assertThatThrownBy(() -> m.readBytes(Memory.PAGE_SIZE - 1, 2)).isInstanceOf(WasmRuntimeException.class);
        assertThatThrownBy(() -> m.fill((byte) 1, 10, Memory.PAGE_SIZE + 1)).isInstanceOf(WasmRuntimeException.class);
        assertThatThrownBy(() -> m.copy(0, Memory.PAGE_SIZE - 4, 8)).isInstanceOf(WasmRuntimeException.class);
    }

    @Test
    void overlappingCopiesAndFillsAreThoseOfTheSpec() {
        BudgetedMemory m = BudgetedMemory.create(new MemoryLimits(1, 1), budget);
        m.write(0, new byte[] {1, 2, 3, 4, 5});
        m.copy(1, 0, 4);
        assertThat(m.readBytes(0, 5)).containsExactly(1, 1, 2, 3, 4);
        m.copy(0, 1, 4);
        assertThat(m.readBytes(0, 5)).containsExactly(1, 2, 3, 4, 4);
        m.fill((byte) 9, 2, 4);
        assertThat(m.readBytes(0, 5)).containsExactly(1, 2, 9, 9, 4);
    }

    @Test
    void growingKeepsTheContentAndTakesPagesFromTheBudgetUntilItIsExhausted() {
        BudgetedMemory m = BudgetedMemory.create(new MemoryLimits(1, 10), budget);
        m.writeI32(100, 42);
        assertThat(m.grow(2)).isEqualTo(1);
        assertThat(m.pages()).isEqualTo(3);
        assertThat(m.readInt(100)).isEqualTo(42);
        m.writeI32(3 * Memory.PAGE_SIZE - 4, 7);
        assertThat(m.grow(2)).as("the budget has one page left").isEqualTo(-1);
        assertThat(m.grow(1)).isEqualTo(3);
        assertThat(budget.usedBytes()).isEqualTo(4L * Memory.PAGE_SIZE);
        assertThat(m.grow(0)).isEqualTo(4);
        m.release();
        assertThat(budget.usedBytes()).isZero();
        assertThat(m.grow(1)).as("released: not grown again").isEqualTo(-1);
    }

    @Test
    void growingPastTheCapAnswersMinusOne() {
        BudgetedMemory m = BudgetedMemory.create(new MemoryLimits(1, 2), budget);
        assertThat(m.grow(2)).isEqualTo(-1);
        assertThat(m.grow(-1)).isEqualTo(-1);
        assertThat(m.pages()).isEqualTo(1);
    }
}
