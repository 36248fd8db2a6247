package dev.wharf.runtime.internal.guest.component.capability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.runtime.internal.component.WitValue;
import dev.wharf.runtime.internal.component.WitValue.Handle;
import dev.wharf.runtime.internal.component.WitValue.Int;
import dev.wharf.runtime.internal.component.WitValue.ListValue;
import dev.wharf.runtime.internal.component.WitValue.OptionValue;
import dev.wharf.runtime.internal.component.WitValue.RecordValue;
import dev.wharf.runtime.internal.component.WitValue.ResultValue;
import dev.wharf.runtime.internal.component.WitValue.Str;
import dev.wharf.runtime.internal.component.WitValue.TupleValue;
import dev.wharf.runtime.internal.component.WitValue.VariantValue;
import dev.wharf.runtime.internal.component.link.ComponentFunction;
import dev.wharf.runtime.internal.component.wasi.WasiValues;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * wasi:keyvalue's functions as the host serves them, called with component values over the fake
 * capabilities: the paging of list-keys in each version, the shapes of batch, compare-and-swap.
 */
class KeyValueInterfacesTest {

    final FakeCapabilities host = new FakeCapabilities();
    final KvBuckets buckets = new KvBuckets(new CapabilityCaller(host, new ScratchMemory(1 << 20)));

    Map<String, Object> instance(KeyValueVersion v, String iface) {
        return new KeyValueInterfaces(buckets, v).instance(iface);
    }

    static WitValue call(Map<String, Object> instance, String function, WitValue... args) {
        return ((ComponentFunction) instance.get(function)).call(List.of(args)).get(0);
    }

    static WitValue ok(WitValue result) {
        ResultValue r = (ResultValue) result;
        assertThat(r.ok()).as("ok: " + r).isTrue();
        return r.value();
    }

    Handle open(KeyValueVersion v, String bucket) {
        return (Handle) ok(call(instance(v, "store"), "open", new Str(bucket)));
    }

    void put(Handle bucket, String key, String value) {
        ok(call(instance(KeyValueVersion.DRAFT2, "store"), "[method]bucket.set", bucket, new Str(key),
                WasiValues.byteList(value.getBytes(StandardCharsets.UTF_8))));
    }

    static List<String> strings(WitValue list) {
        return ((ListValue) list).elements().stream().map(s -> ((Str) s).value()).toList();
    }

    @Test
    void listKeysPagesWithTheLastKeyInDraft2AndAnOffsetInDraft() {
        Handle many = open(KeyValueVersion.DRAFT2, "many");
        List<String> expected = IntStream.range(0, 250).mapToObj(i -> String.format("k%03d", i)).toList();
        expected.forEach(k -> put(many, k, "v"));
        put(open(KeyValueVersion.DRAFT2, ""), "k999", "outside the bucket");
        for (KeyValueVersion v : KeyValueVersion.values()) {
            Handle bucket = open(v, "many");
            List<String> all = new ArrayList<>();
            WitValue cursor = OptionValue.NONE;
            int pages = 0;
            do {
                RecordValue page = (RecordValue) ok(call(instance(v, "store"), "[method]bucket.list-keys", bucket, cursor));
                all.addAll(strings(page.fields().get(0)));
                cursor = page.fields().get(1);
                pages++;
            } while (((OptionValue) cursor).value() != null);
            assertThat(all).as(v.version()).isEqualTo(expected);
            assertThat(pages).isEqualTo(3);
        }
        RecordValue first = (RecordValue) ok(call(instance(KeyValueVersion.DRAFT2, "store"), "[method]bucket.list-keys",
                many, OptionValue.NONE));
        assertThat(first.fields().get(1)).isEqualTo(new OptionValue(new Str("k099")));
        RecordValue offset = (RecordValue) ok(call(instance(KeyValueVersion.DRAFT, "store"), "[method]bucket.list-keys",
                open(KeyValueVersion.DRAFT, "many"), OptionValue.NONE));
        assertThat(offset.fields().get(1)).isEqualTo(new OptionValue(new Int(100)));
        RecordValue past = (RecordValue) ok(call(instance(KeyValueVersion.DRAFT, "store"), "[method]bucket.list-keys",
                open(KeyValueVersion.DRAFT, "many"), new OptionValue(new Int(-1))));
        assertThat(past).as("a u64 cursor past the keys: an empty last page")
                .isEqualTo(new RecordValue(List.of(new ListValue(List.of()), OptionValue.NONE)));
    }

    @Test
    void getManyAnswersInEachVersionsShapeAndDeleteManyRemoves() {
        Handle b = open(KeyValueVersion.DRAFT2, "b");
        put(b, "x", "1");
        ListValue keys = new ListValue(List.of(new Str("x"), new Str("z")));
        List<WitValue> draft2 = ((ListValue) ok(call(instance(KeyValueVersion.DRAFT2, "batch"), "get-many", b, keys)))
                .elements();
        assertThat(draft2).containsExactly(
                new TupleValue(List.of(new Str("x"), new OptionValue(WasiValues.byteList(new byte[] {'1'})))),
                new TupleValue(List.of(new Str("z"), OptionValue.NONE)));
        List<WitValue> draft = ((ListValue) ok(call(instance(KeyValueVersion.DRAFT, "batch"), "get-many",
                open(KeyValueVersion.DRAFT, "b"), keys))).elements();
        assertThat(draft).containsExactly(
                new OptionValue(new TupleValue(List.of(new Str("x"), WasiValues.byteList(new byte[] {'1'})))),
                OptionValue.NONE);
        ok(call(instance(KeyValueVersion.DRAFT2, "batch"), "delete-many", b, keys));
        assertThat(host.kv).isEmpty();
    }

    @Test
    void compareAndSwapStoresOverTheValueItReadAndHandsBackAFreshOneWhenItChanged() {
        Map<String, Object> atomics = instance(KeyValueVersion.DRAFT2, "atomics");
        Handle b = open(KeyValueVersion.DRAFT2, "");
        put(b, "c", "1");
        Handle cas = (Handle) ok(call(atomics, "[static]cas.new", b, new Str("c")));
        assertThat(ok(call(atomics, "[method]cas.current", cas))).isEqualTo(new OptionValue(WasiValues.byteList(new byte[] {'1'})));
        put(b, "c", "2"); // changed meanwhile
        ResultValue failed = (ResultValue) call(atomics, "swap", cas, WasiValues.byteList(new byte[] {'3'}));
        assertThat(failed.ok()).isFalse();
        VariantValue casFailed = (VariantValue) failed.value();
        assertThat(casFailed.index()).as("cas-failed").isEqualTo(1);
        Handle retry = (Handle) casFailed.payload();
        assertThat(ok(call(atomics, "[method]cas.current", retry))).isEqualTo(new OptionValue(WasiValues.byteList(new byte[] {'2'})));
        assertThat(call(atomics, "swap", retry, WasiValues.byteList(new byte[] {'3'}))).isEqualTo(WasiValues.OK_UNIT);
        assertThat(host.text("c")).isEqualTo("3");
        ResultValue gone = (ResultValue) call(atomics, "swap", retry, WasiValues.byteList(new byte[] {'4'}));
        assertThat(((VariantValue) gone.value()).index()).as("store-error: a swap ends its cas").isZero();
    }

    @Test
    void incrementCountsInEachVersionsType() {
        Handle b = open(KeyValueVersion.DRAFT, "");
        assertThat(ok(call(instance(KeyValueVersion.DRAFT, "atomics"), "increment", b, new Str("n"), new Int(5))))
                .isEqualTo(new Int(5));
        assertThat(ok(call(instance(KeyValueVersion.DRAFT2, "atomics"), "increment", open(KeyValueVersion.DRAFT2, ""),
                new Str("n"), new Int(-7)))).isEqualTo(new Int(-2));
    }

    @Test
    void aDroppedCompareAndSwapIsFreedAndAtMostSixtyFourAreHeld() {
        Map<String, Object> atomics = instance(KeyValueVersion.DRAFT2, "atomics");
        Handle b = open(KeyValueVersion.DRAFT2, "");
        Handle dropped = (Handle) ok(call(atomics, "[static]cas.new", b, new Str("c")));
        buckets.dropCas(dropped.index());
        assertThat(((ResultValue) call(atomics, "[method]cas.current", dropped)).ok()).isFalse();
        List<Handle> held = new ArrayList<>();
        for (int i = 0; i <= KvBuckets.MAX_CAS; i++) {
            held.add((Handle) ok(call(atomics, "[static]cas.new", b, new Str("c"))));
        }
        ResultValue oldest = (ResultValue) call(atomics, "[method]cas.current", held.get(0));
        assertThat(oldest.ok()).isFalse();
        assertThat(((VariantValue) oldest.value()).payload()).isEqualTo(new Str("this compare-and-swap was forgotten: an "
                + "instance holds at most 64 at once, and 64 newer ones were begun since"));
        assertThat(((ResultValue) call(atomics, "[method]cas.current", held.get(KvBuckets.MAX_CAS))).ok()).isTrue();
    }
}
