package dev.wharf.runtime.internal.component;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wharf.runtime.internal.component.WitType.Borrow;
import dev.wharf.runtime.internal.component.WitType.FuncType;
import dev.wharf.runtime.internal.component.WitType.Own;
import dev.wharf.runtime.internal.component.WitType.ResourceType;
import dev.wharf.runtime.internal.component.WitValue.Handle;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The handle table and the lifting and lowering of {@code own} and {@code borrow}: the spec's
 * {@code test_handles} step by step, and each trap.
 */
class HandleTableTest {

    private static final ResourceType RT = new ResourceType("rt", 1);
    private static final ResourceType RT2 = new ResourceType("rt2", 2);
    private static final CanonicalOptions OPTS = CanonicalOptions.scalarsOnly();

    // run_tests.py: test_handles

    @Test
    void theSpecsHandleScenario() {
        HandleTable inst = new HandleTable(Set.of(RT2)); // rt2 is the instance's own resource type
        FuncType ft = new FuncType(
                CanonicalLayoutTest.named(List.of(new Own(RT), new Own(RT), new Borrow(RT), new Borrow(RT2))),
                CanonicalLayoutTest.named(List.of(new Own(RT), new Own(RT), new Own(RT))));
        CallScope task = new CallScope();
        CanonicalContext cx = CanonicalContext.of(OPTS, inst, task);

        long[] args = CanonicalCalls.lowerArguments(cx, ft, List.of(h(42), h(43), h(44), h(13)));
        assertThat(args).containsExactly(1, 2, 3, 13); // a borrow of its own type arrives as the rep
        assertThat(inst.length()).isEqualTo(4);
        assertThat(inst.contains(0)).isFalse();
        assertThat(inst.resourceRep(RT, 1)).isEqualTo(42);
        assertThat(inst.resourceRep(RT, 2)).isEqualTo(43);
        assertThat(inst.resourceRep(RT, 3)).isEqualTo(44);
        assertThat(task.borrows()).isEqualTo(1);

        // the guest calls a host function (borrow<rt>, borrow<rt>) -> own<rt> with h1 and h3
        FuncType hostFt = new FuncType(CanonicalLayoutTest.named(List.of(new Borrow(RT), new Borrow(RT))),
                CanonicalLayoutTest.named(List.of(new Own(RT))));
        CallScope subtask = new CallScope();
        CanonicalContext sub = CanonicalContext.of(OPTS, inst, subtask);
        assertThat(CanonicalCalls.liftArguments(sub, hostFt, new long[] {1, 3})).containsExactly(h(42), h(44));
        assertThat(inst.get(1).lends()).isEqualTo(1);
        assertThatThrownBy(() -> inst.resourceDrop(RT, 1))
                .isInstanceOf(CanonicalAbiTrap.class).hasMessage("own handle 1 dropped while lent to 1 ongoing call");
        assertThat(CanonicalCalls.lowerResults(sub, hostFt, List.of(h(45)), new long[] {1, 3})).containsExactly(4);
        assertThat(inst.get(1).lends()).isZero();
        assertThat(inst.resourceRep(RT, 4)).isEqualTo(45);

        ResourceHandle dropped = inst.resourceDrop(RT, 1);
        assertThat(dropped.own()).isTrue(); // the caller runs the destructor on rep 42
        assertThat(dropped.rep()).isEqualTo(42);
        assertThat(inst.length()).isEqualTo(5);
        assertThat(inst.contains(1)).isFalse();
        assertThat(inst.freeCount()).isEqualTo(1);

        int h = inst.resourceNew(RT, 46);
        assertThat(h).isEqualTo(1);
        assertThat(inst.length()).isEqualTo(5);
        assertThat(inst.freeCount()).isZero();

        ResourceHandle borrow = inst.resourceDrop(RT, 3);
        assertThat(borrow.own()).isFalse(); // no destructor for a borrow
        assertThat(task.borrows()).isZero();
        assertThat(inst.freeCount()).isEqualTo(1);

        // the guest returns [h, h2, h4] (the spec's test raises MAX_FLAT_RESULTS to 16 for this)
        List<WitValue> got = CanonicalCalls.liftFlatValues(cx, 16, new FlatReader(h, 2, 4),
                CanonicalLayout.paramTypes(ft.results()));
        task.checkBorrowsDropped();
        assertThat(got).containsExactly(h(46), h(43), h(45));
        assertThat(inst.length()).isEqualTo(5);
        for (int i = 0; i < 5; i++) {
            assertThat(inst.contains(i)).isFalse();
        }
        assertThat(inst.freeCount()).isEqualTo(4);
    }

    @Test
    void ownResultsThroughAReturnPointer() {
        HandleTable inst = new HandleTable();
        TestHeap heap = new TestHeap(32);
        CanonicalContext cx = CanonicalContext.of(heap.options(StringEncoding.UTF8), inst, new CallScope());
        int a = inst.resourceNew(RT, 7);
        int b = inst.resourceNew(RT, 8);
        heap.write32(16, b);
        heap.write32(20, a);
        FuncType ft = new FuncType(List.of(), CanonicalLayoutTest.named(List.of(new Own(RT), new Own(RT))));
        assertThat(CanonicalCalls.liftResults(cx, ft, new long[] {16})).containsExactly(h(8), h(7));
        assertThat(inst.contains(a) || inst.contains(b)).isFalse();
    }

    @Test
    void indicesStartAtOneAndFreedOnesAreReusedLastFirst() {
        HandleTable table = new HandleTable();
        assertThat(table.resourceNew(RT, 10)).isEqualTo(1);
        assertThat(table.resourceNew(RT, 20)).isEqualTo(2);
        assertThat(table.resourceNew(RT, 30)).isEqualTo(3);
        table.resourceDrop(RT, 1);
        table.resourceDrop(RT, 3);
        assertThat(table.resourceNew(RT, 40)).isEqualTo(3);
        assertThat(table.resourceNew(RT, 50)).isEqualTo(1);
        assertThat(table.resourceNew(RT, 60)).isEqualTo(4);
        assertThat(table.resourceRep(RT, 1)).isEqualTo(50);
    }

    @Test
    void unknownIndicesTrap() {
        HandleTable table = new HandleTable();
        table.resourceNew(RT, 1);
        assertThatThrownBy(() -> table.get(0))
                .isInstanceOf(CanonicalAbiTrap.class).hasMessage("handle index 0 is not in the table (2 slots)");
        assertThatThrownBy(() -> table.resourceRep(RT, 2))
                .isInstanceOf(CanonicalAbiTrap.class).hasMessage("handle index 2 is not in the table (2 slots)");
        assertThatThrownBy(() -> table.resourceRep(RT, -1))
                .isInstanceOf(CanonicalAbiTrap.class).hasMessage("handle index 4294967295 is not in the table (2 slots)");
        table.resourceDrop(RT, 1);
        assertThatThrownBy(() -> table.resourceDrop(RT, 1))
                .isInstanceOf(CanonicalAbiTrap.class).hasMessage("handle index 1 is not in the table (2 slots)");
    }

    @Test
    void aHandleOfAnotherTypeTraps() {
        HandleTable table = new HandleTable();
        int i = table.resourceNew(RT, 1);
        assertThatThrownBy(() -> table.resourceRep(RT2, i))
                .isInstanceOf(CanonicalAbiTrap.class).hasMessage("handle 1 is a rt, but a rt2 was expected");
        CanonicalContext cx = CanonicalContext.of(OPTS, table, new CallScope());
        assertThatThrownBy(() -> CanonicalFlatLift.liftFlat(cx, new FlatReader(i), new Own(RT2)))
                .isInstanceOf(CanonicalAbiTrap.class).hasMessage("handle 1 is a rt, but a rt2 was expected");
        assertThat(table.contains(i)).isTrue();
    }

    @Test
    void aBorrowCannotBeMovedOutAsAnOwn() {
        HandleTable table = new HandleTable();
        CallScope task = new CallScope();
        CanonicalContext cx = CanonicalContext.of(OPTS, table, task);
        long[] flat = CanonicalFlatLower.lowerFlat(cx, h(5), new Borrow(RT));
        assertThatThrownBy(() -> CanonicalFlatLift.liftFlat(cx, new FlatReader(flat), new Own(RT)))
                .isInstanceOf(CanonicalAbiTrap.class).hasMessage("handle 1 is a borrow, but an own<rt> was expected");
    }

    @Test
    void aLentHandleCannotBeMovedOutOrDropped() {
        HandleTable table = new HandleTable();
        int i = table.resourceNew(RT, 9);
        CallScope call = new CallScope();
        CanonicalContext cx = CanonicalContext.of(OPTS, table, call);
        assertThat(CanonicalFlatLift.liftFlat(cx, new FlatReader(i), new Borrow(RT))).isEqualTo(h(9));
        assertThat(CanonicalFlatLift.liftFlat(cx, new FlatReader(i), new Borrow(RT))).isEqualTo(h(9));
        assertThat(table.get(i).lends()).isEqualTo(2);
        assertThatThrownBy(() -> CanonicalFlatLift.liftFlat(cx, new FlatReader(i), new Own(RT)))
                .isInstanceOf(CanonicalAbiTrap.class).hasMessage("own handle 1 moved out while lent to 2 ongoing calls");
        assertThatThrownBy(() -> table.resourceDrop(RT, i))
                .isInstanceOf(CanonicalAbiTrap.class).hasMessage("own handle 1 dropped while lent to 2 ongoing calls");
        call.endLending();
        assertThat(table.get(i).lends()).isZero();
        assertThat(CanonicalFlatLift.liftFlat(cx, new FlatReader(i), new Own(RT))).isEqualTo(h(9));
    }

    @Test
    void aGuestMustDropItsBorrowsBeforeReturning() {
        HandleTable table = new HandleTable();
        CallScope task = new CallScope();
        CanonicalContext cx = CanonicalContext.of(OPTS, table, task);
        FuncType ft = new FuncType(CanonicalLayoutTest.named(List.of(new Borrow(RT))), List.of());
        assertThat(CanonicalCalls.lowerArguments(cx, ft, List.of(h(3)))).containsExactly(1);
        assertThatThrownBy(() -> CanonicalCalls.liftResults(cx, ft, new long[0]))
                .isInstanceOf(CanonicalAbiTrap.class)
                .hasMessage("the call returned while 1 borrow handle lent to it was not dropped");
        table.resourceDrop(RT, 1);
        assertThat(CanonicalCalls.liftResults(cx, ft, new long[0])).isEmpty();
    }

    @Test
    void aBorrowOfTheInstancesOwnTypeIsTheBareRep() {
        HandleTable table = new HandleTable(Set.of(RT));
        CallScope task = new CallScope();
        CanonicalContext cx = CanonicalContext.of(OPTS, table, task);
        assertThat(CanonicalFlatLower.lowerFlat(cx, h(77), new Borrow(RT))).containsExactly(77);
        assertThat(table.length()).isEqualTo(1);
        assertThat(task.borrows()).isZero();
        assertThat(table.implementsResource(RT)).isTrue();
    }

    @Test
    void handlesInMemory() {
        HandleTable table = new HandleTable();
        TestHeap heap = new TestHeap(16);
        CanonicalContext cx = CanonicalContext.of(heap.options(StringEncoding.UTF8), table, new CallScope());
        CanonicalStore.store(cx, h(0xABCD), new Own(RT), 4);
        assertThat(heap.read32(4)).isEqualTo(1);
        assertThat(CanonicalLoad.load(cx, 4, new Own(RT))).isEqualTo(h(0xABCD));
        assertThat(table.contains(1)).isFalse();
    }

    private static Handle h(int rep) {
        return new Handle(rep);
    }
}
