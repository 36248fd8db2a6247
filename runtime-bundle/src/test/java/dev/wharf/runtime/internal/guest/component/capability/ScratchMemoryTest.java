package dev.wharf.runtime.internal.guest.component.capability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.api.ErrorCode;
import org.junit.jupiter.api.Test;

/** The scratch memory of a component's capability calls: blocks, bounds, its cap, a reset. */
class ScratchMemoryTest {

    @Test
    void blocksAreZeroedAndInBoundsAndAddressZeroIsNone() {
        ScratchMemory m = new ScratchMemory(4096);
        assertThat(m.place(new byte[0])).isZero();
        int a = m.place(new byte[] {1, 2, 3});
        assertThat(a).isPositive();
        assertThat(m.read(a, 3)).containsExactly(1, 2, 3);
        int b = m.alloc(8);
        assertThat(m.read(b, 8)).containsOnly(0);
        assertThat(m.writeI32(b, -2)).isTrue();
        assertThat(m.readI32(b)).isEqualTo(-2);
        assertThat(m.inBounds(0, 1)).isFalse();
        assertThat(m.inBounds(b, 9)).as("past the last block").isFalse();
        assertThat(m.read(b + 4, 8)).isNull();
        assertThat(m.write(b + 6, new byte[4])).isFalse();
    }

    @Test
    void itGrowsUpToItsCapAndStartsOverOnReset() {
        ScratchMemory m = new ScratchMemory(4096);
        assertThat(m.alloc(4000)).isPositive();
        assertThat(m.alloc(200)).as("beyond the cap: as a guest's alloc answering 0").isZero();
        int out = m.alloc(8);
        assertThat(m.returnBytes(out, new byte[200])).isEqualTo(-ErrorCode.ALLOCATION_FAILED.code());
        m.reset();
        int again = m.alloc(4000);
        assertThat(again).isPositive();
        assertThat(m.read(again, 4000)).containsOnly(0);
    }

    @Test
    void returnBytesWritesAddressAndLengthAtOut() {
        ScratchMemory m = new ScratchMemory(1 << 16);
        int out = m.alloc(8);
        assertThat(m.returnBytes(out, new byte[] {9, 8})).isZero();
        assertThat(m.read(m.readI32(out), m.readI32(out + 4))).containsExactly(9, 8);
        assertThat(m.returnBytes(out, new byte[0])).isZero();
        assertThat(m.readI32(out)).isZero();
    }
}
