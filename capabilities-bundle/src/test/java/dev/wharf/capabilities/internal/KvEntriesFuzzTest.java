package dev.wharf.capabilities.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.wharf.api.ComponentId;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the kv store reads back under any sequence of writes with keys and values of any bytes
 * and length: each answer is the one its contract documents (a counter over a value that is no
 * counter is a {@link KvStore.NotACounterException}, a write over the quota is refused and
 * writes nothing, a listing is the keys with the prefix in unsigned-byte order, keys round trip
 * byte for byte), checked against a plain map of what was written; and the bytes the store counts
 * incrementally are, after every step, the sum of key and value lengths recounted from the map.
 */
class KvEntriesFuzzTest {

    private static final ComponentId ID = ComponentId.of("fuzz");
    // in memory: the same maps, counts and checks, and a file would grow by gigabytes (every write commits)
    private static final KvStore STORE = KvStore.inMemory();

    @FuzzTest
    void operations(FuzzedDataProvider data) throws Exception {
        // what the store should hold: keys as the store keeps them, one char per byte
        TreeMap<String, byte[]> model = new TreeMap<>();
        for (KvStore.Entry e : STORE.entries(ID, new byte[0])) {
            assertThat(STORE.delete(ID, e.key())).isTrue();
        }
        assertThat(STORE.used(ID)).isZero();
        while (data.remainingBytes() > 0) {
            byte[] key = data.consumeBytes(data.consumeInt(0, 8));
            long quota = data.consumeBoolean() ? Long.MAX_VALUE : data.consumeLong(0, 256);
            String k = new String(key, StandardCharsets.ISO_8859_1);
            byte[] old = model.get(k);
            long othersUsed = used(model) - (old == null ? 0 : key.length + old.length);
            switch (data.consumeInt(0, 5)) {
                case 0 -> {
                    byte[] value = data.consumeBytes(data.consumeInt(0, 64));
                    boolean fits = othersUsed + key.length + value.length <= quota;
                    assertThat(STORE.set(ID, key, value, quota)).isEqualTo(fits);
                    if (fits) {
                        model.put(k, value);
                    }
                }
                case 1 -> {
                    long delta = data.consumeLong();
                    if (old != null && old.length != KvStore.COUNTER_BYTES) {
                        assertThatThrownBy(() -> STORE.increment(ID, key, delta, quota))
                                .isInstanceOf(KvStore.NotACounterException.class).hasMessageContaining(old.length + " bytes");
                        break;
                    }
                    long before = old == null ? 0 : ByteBuffer.wrap(old).order(ByteOrder.LITTLE_ENDIAN).getLong();
                    long sum;
                    try {
                        sum = Math.addExact(before, delta);
                    } catch (ArithmeticException overflow) {
                        assertThatThrownBy(() -> STORE.increment(ID, key, delta, quota)).isInstanceOf(ArithmeticException.class);
                        break;
                    }
                    boolean fits = othersUsed + key.length + KvStore.COUNTER_BYTES <= quota;
                    assertThat(STORE.increment(ID, key, delta, quota)).isEqualTo(fits ? Long.valueOf(sum) : null);
                    if (fits) {
                        model.put(k, ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(sum).array());
                    }
                }
                case 2 -> {
                    byte[] expected = switch (data.consumeInt(0, 2)) {
                        case 0 -> null;
                        case 1 -> old == null ? null : old.clone();
                        default -> data.consumeBytes(data.consumeInt(0, 16));
                    };
                    byte[] value = data.consumeBytes(data.consumeInt(0, 64));
                    // null checked apart: Jazzer's hook of Arrays.equals crashes the JVM on a null array
                    boolean holds = old == null ? expected == null : expected != null && Arrays.equals(old, expected);
                    int answer = !holds ? 1
                            : othersUsed + key.length + value.length <= quota ? 0 : -1;
                    assertThat(STORE.compareAndSet(ID, key, expected, value, quota)).isEqualTo(answer);
                    if (answer == 0) {
                        model.put(k, value);
                    }
                }
                case 3 -> {
                    assertThat(STORE.delete(ID, key)).isEqualTo(old != null);
                    model.remove(k);
                }
                case 4 -> {
                    // the key read here is the prefix of a listing
                    Map<String, byte[]> listed = model.subMap(k, true, k + '\uffff', false);
                    assertThat(STORE.keys(ID, key)).map(b -> new String(b, StandardCharsets.ISO_8859_1))
                            .containsExactlyElementsOf(listed.keySet());
                    List<KvStore.Entry> entries = STORE.entries(ID, key);
                    assertThat(entries).hasSize(listed.size());
                    int i = 0;
                    for (Map.Entry<String, byte[]> e : listed.entrySet()) {
                        assertThat(entries.get(i).key()).isEqualTo(e.getKey().getBytes(StandardCharsets.ISO_8859_1));
                        assertThat(entries.get(i++).value()).isEqualTo(e.getValue());
                    }
                }
                default -> assertThat(STORE.get(ID, key)).isEqualTo(old);
            }
            long recount = 0;
            for (KvStore.Entry e : STORE.entries(ID, new byte[0])) {
                recount += e.key().length + e.value().length;
            }
            assertThat(STORE.used(ID)).as("the bytes counted, against a recount").isEqualTo(recount).isEqualTo(used(model));
            assertThat(STORE.count(ID)).isEqualTo(model.size());
        }
    }

    private static long used(Map<String, byte[]> model) {
        return model.entrySet().stream().mapToLong(e -> e.getKey().length() + e.getValue().length).sum();
    }
}
