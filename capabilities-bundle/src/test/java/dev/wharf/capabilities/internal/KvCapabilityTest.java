package dev.wharf.capabilities.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wharf.api.ComponentId;
import dev.wharf.api.ErrorCode;
import dev.wharf.spi.capability.CapabilityException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KvCapabilityTest {

    static final long NOT_FOUND = -ErrorCode.NOT_FOUND.code();
    static final long QUOTA = -ErrorCode.QUOTA_EXCEEDED.code();
    static final long INVALID = -ErrorCode.INVALID_ARGUMENTS.code();

    @TempDir
    Path dir;
    KvCapability kv;

    @BeforeEach
    void open() {
        kv = new KvCapability(new KvStore(dir.resolve(KvStore.FILE)), Configs.kv(1_048_576));
    }

    @AfterEach
    void close() {
        kv.deactivate();
    }

    static long set(KvCapability kv, FakeCall c, byte[] key, byte[] value) throws Exception {
        return c.call(kv, "set", c.put(key), key.length, c.put(value), value.length);
    }

    static long set(KvCapability kv, FakeCall c, String key, String value) throws Exception {
        return set(kv, c, bytes(key), bytes(value));
    }

    /** The value of {@code key}, or null when get answers NOT_FOUND. */
    static String get(KvCapability kv, FakeCall c, String key) throws Exception {
        int out = c.out();
        long r = c.call(kv, "get", c.put(key), bytes(key).length, out);
        if (r == NOT_FOUND) {
            return null;
        }
        assertThat(r).isZero();
        return c.returnedText(out);
    }

    static long delete(KvCapability kv, FakeCall c, String key) throws Exception {
        return c.call(kv, "delete", c.put(key), bytes(key).length);
    }

    static List<byte[]> list(KvCapability kv, FakeCall c, byte[] prefix) throws Exception {
        int out = c.out();
        long n = c.call(kv, "list", c.put(prefix), prefix.length, out);
        assertThat(n).isNotNegative();
        ByteBuffer b = ByteBuffer.wrap(c.returned(out)).order(ByteOrder.LITTLE_ENDIAN);
        List<byte[]> keys = new ArrayList<>();
        while (b.hasRemaining()) {
            byte[] k = new byte[b.getInt()];
            b.get(k);
            keys.add(k);
        }
        assertThat(keys).hasSize((int) n);
        return keys;
    }

    static List<String> listText(KvCapability kv, FakeCall c, String prefix) throws Exception {
        return list(kv, c, bytes(prefix)).stream().map(k -> new String(k, StandardCharsets.UTF_8)).toList();
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void getSetDeleteList() throws Exception {
        FakeCall c = new FakeCall(FakeCall.spec("a", List.of(), 0));
        assertThat(get(kv, c, "x")).isNull();
        assertThat(set(kv, c, "x", "1")).isZero();
        assertThat(set(kv, c, "b/2", "two")).isZero();
        assertThat(set(kv, c, "b/1", "one")).isZero();
        assertThat(get(kv, c, "x")).isEqualTo("1");
        assertThat(set(kv, c, "x", "replaced")).isZero();
        assertThat(get(kv, c, "x")).isEqualTo("replaced");
        assertThat(set(kv, c, "empty", "")).isZero();
        assertThat(get(kv, c, "empty")).isEmpty();

        assertThat(listText(kv, c, "b/")).containsExactly("b/1", "b/2");
        assertThat(listText(kv, c, "")).containsExactly("b/1", "b/2", "empty", "x");
        assertThat(listText(kv, c, "nothing")).isEmpty();

        assertThat(delete(kv, c, "x")).isZero();
        assertThat(delete(kv, c, "x")).isEqualTo(NOT_FOUND);
        assertThat(get(kv, c, "x")).isNull();
        assertThat(kv.used(c.component())).isEqualTo(3 + 3 + 3 + 3 + 5);
    }

    @Test
    void keysAreArbitraryBytesListedInUnsignedOrder() throws Exception {
        FakeCall c = new FakeCall(FakeCall.spec("a", List.of(), 0));
        byte[][] keys = {{(byte) 0xff}, {0x01}, {(byte) 0x80, 0x00}, {0x7f}, {0x00}, {(byte) 0x80}};
        for (byte[] k : keys) {
            assertThat(set(kv, c, k, k)).isZero();
        }
        assertThat(list(kv, c, new byte[0])).containsExactly(new byte[] {0x00}, new byte[] {0x01}, new byte[] {0x7f},
                new byte[] {(byte) 0x80}, new byte[] {(byte) 0x80, 0x00}, new byte[] {(byte) 0xff});
        assertThat(list(kv, c, new byte[] {(byte) 0x80})).containsExactly(new byte[] {(byte) 0x80},
                new byte[] {(byte) 0x80, 0x00});
    }

    @Test
    void keysHaveOneTo1024Bytes() throws Exception {
        FakeCall c = new FakeCall(FakeCall.spec("a", List.of(), 0));
        assertThat(set(kv, c, new byte[0], bytes("v"))).isEqualTo(INVALID);
        assertThat(set(kv, c, new byte[1025], bytes("v"))).isEqualTo(INVALID);
        assertThat(c.call(kv, "get", 16, 0, c.out())).isEqualTo(INVALID);
        assertThat(c.call(kv, "delete", 16, 0xFFFF_FFFFL)).isEqualTo(INVALID);
        assertThat(set(kv, c, new byte[1024], bytes("v"))).isZero();
    }

    @Test
    void aPointerOutsideTheMemoryIsOutOfBounds() throws Exception {
        FakeCall c = new FakeCall(FakeCall.spec("a", List.of(), 0));
        long oob = -ErrorCode.OUT_OF_BOUNDS.code();
        assertThat(c.call(kv, "set", 0xFFFF_FFF0L, 4, 16, 1)).isEqualTo(oob);
        assertThat(c.call(kv, "set", 16, 1, 0xFFFF_FFF0L, 100)).isEqualTo(oob);
        assertThat(set(kv, c, "k", "v")).isZero();
        assertThat(c.call(kv, "get", c.put("k"), 1, 0xFFFF_FFFCL)).isEqualTo(oob);
        assertThat(c.call(kv, "list", 0xFFFF_FFFFL, 2, c.out())).isEqualTo(oob);
    }

    @Test
    void componentsSeeOnlyTheirOwnKeys() throws Exception {
        FakeCall a = new FakeCall(FakeCall.spec("a", List.of(), 0));
        FakeCall b = new FakeCall(FakeCall.spec("b", List.of(), 0));
        assertThat(set(kv, a, "k", "of a")).isZero();
        assertThat(get(kv, b, "k")).isNull();
        assertThat(listText(kv, b, "")).isEmpty();
        assertThat(delete(kv, b, "k")).isEqualTo(NOT_FOUND);
        assertThat(set(kv, b, "k", "of b")).isZero();
        assertThat(get(kv, a, "k")).isEqualTo("of a");
        assertThat(get(kv, b, "k")).isEqualTo("of b");
        assertThat(kv.used(ComponentId.of("a"))).isEqualTo(5);
        assertThat(kv.used(ComponentId.of("b"))).isEqualTo(5);
        assertThat(kv.used(ComponentId.of("c"))).isZero();
    }

    @Test
    void theQuotaCountsKeysAndValuesAndReplacements() throws Exception {
        FakeCall c = new FakeCall(FakeCall.spec("a", List.of(), 10));
        assertThat(set(kv, c, "k", "123456789")).isZero(); // 1 + 9: an exact fit
        assertThat(set(kv, c, "x", "")).isEqualTo(QUOTA); // 11
        assertThat(get(kv, c, "x")).isNull();
        assertThat(set(kv, c, "k", "987654321")).isZero(); // replaces: still 10
        assertThat(set(kv, c, "k", "0123456789")).isEqualTo(QUOTA); // 11
        assertThat(get(kv, c, "k")).isEqualTo("987654321");
        assertThat(set(kv, c, "k", "1234")).isZero(); // 5
        assertThat(set(kv, c, "j", "123")).isZero(); // 9
        assertThat(set(kv, c, "i", "")).isZero(); // 10
        assertThat(set(kv, c, "h", "")).isEqualTo(QUOTA);
        assertThat(kv.used(c.component())).isEqualTo(10);
        assertThat(delete(kv, c, "k")).isZero();
        assertThat(kv.used(c.component())).isEqualTo(5);
        assertThat(set(kv, c, "h", "1234")).isZero();
        assertThat(kv.quota(c.spec())).isEqualTo(10);
    }

    @Test
    void aValueTooLargeForTheQuotaIsRefusedBeforeItIsRead() throws Exception {
        FakeCall c = new FakeCall(FakeCall.spec("a", List.of(), 10));
        // a length no memory holds: refused for the quota, not read
        assertThat(c.call(kv, "set", c.put("k"), 1, 16, 0xFFFF_FFFFL)).isEqualTo(QUOTA);
    }

    @Test
    void withoutADeclaredQuotaTheConfiguredDefaultApplies() throws Exception {
        kv.modified(Configs.kv(5));
        FakeCall c = new FakeCall(FakeCall.spec("a", List.of(), 0));
        assertThat(set(kv, c, "k", "1234")).isZero();
        assertThat(set(kv, c, "k", "12345")).isEqualTo(QUOTA);
        assertThat(kv.quota(c.spec())).isEqualTo(5);
        kv.modified(Configs.kv(6));
        assertThat(set(kv, c, "k", "12345")).isZero();
    }

    @Test
    void entriesAndTheByteCountSurviveAReopen() throws Exception {
        FakeCall c = new FakeCall(FakeCall.spec("a", List.of(), 0));
        assertThat(set(kv, c, "k1", "v1")).isZero();
        assertThat(set(kv, c, "k2", "v2")).isZero();
        assertThat(set(kv, c, "k3", "v3")).isZero();
        assertThat(delete(kv, c, "k2")).isZero();
        kv.deactivate();
        kv = new KvCapability(new KvStore(dir.resolve(KvStore.FILE)), Configs.kv(1_048_576));
        assertThat(get(kv, c, "k1")).isEqualTo("v1");
        assertThat(get(kv, c, "k2")).isNull();
        assertThat(listText(kv, c, "")).containsExactly("k1", "k3");
        assertThat(kv.used(c.component())).isEqualTo(8);
        assertThat(kv.entries(c.component(), "k3")).singleElement()
                .satisfies(e -> assertThat(e.value()).isEqualTo(bytes("v3")));
    }

    @Test
    void readsCreateNoMapForAComponentWithoutData() {
        assertThat(kv.entries(ComponentId.of("nobody"), "")).isEmpty();
        assertThat(kv.used(ComponentId.of("nobody"))).isZero();
    }

    @Test
    void componentsWriteConcurrently() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                String id = "c" + t;
                futures.add(pool.submit(() -> {
                    FakeCall c = new FakeCall(FakeCall.spec(id, List.of(), 0));
                    for (int i = 0; i < 200; i++) {
                        assertThat(set(kv, c, new byte[] {(byte) i}, bytes("value"))).isZero();
                        if (i % 3 == 0) {
                            assertThat(c.call(kv, "delete", c.put(new byte[] {(byte) i}), 1)).isZero();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        for (int t = 0; t < 4; t++) {
            ComponentId id = ComponentId.of("c" + t);
            assertThat(kv.entries(id, "")).hasSize(133);
            assertThat(kv.used(id)).isEqualTo(133 * 6);
        }
    }

    @Test
    void aCallOnAClosedStoreFails() {
        FakeCall c = new FakeCall(FakeCall.spec("a", List.of(), 0));
        kv.deactivate();
        assertThatThrownBy(() -> set(kv, c, "k", "v")).isNotInstanceOf(CapabilityException.class);
        kv = new KvCapability(new KvStore(dir.resolve(KvStore.FILE)), Configs.kv(1_048_576));
    }

    /** increment's new value, or its negative result. */
    static long increment(KvCapability kv, FakeCall c, String key, long delta) throws Exception {
        int out = c.out();
        long r = c.call(kv, "increment", c.put(key), bytes(key).length, delta, out);
        return r < 0 ? r : ByteBuffer.wrap(c.memory, out, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    }

    @Test
    void incrementCountsFromZeroAndKeepsAnS64OfEightBytes() throws Exception {
        FakeCall c = new FakeCall(FakeCall.spec("a", List.of(), 0));
        assertThat(increment(kv, c, "n", 1)).isEqualTo(1);
        assertThat(increment(kv, c, "n", 41)).isEqualTo(42);
        assertThat(increment(kv, c, "n", -50)).isEqualTo(-8);
        assertThat(kv.entries(ComponentId.of("a"), "n").get(0).value())
                .isEqualTo(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(-8).array());
    }

    @Test
    void incrementRefusesAValueThatIsNoCounterAndAnOverflowAndWritesNothing() throws Exception {
        FakeCall c = new FakeCall(FakeCall.spec("a", List.of(), 0));
        set(kv, c, "text", "abc");
        assertThat(increment(kv, c, "text", 1)).isEqualTo(INVALID);
        assertThat(get(kv, c, "text")).isEqualTo("abc");
        assertThat(increment(kv, c, "big", Long.MAX_VALUE)).isEqualTo(Long.MAX_VALUE);
        assertThat(increment(kv, c, "big", 1)).isEqualTo(INVALID);
        assertThat(increment(kv, c, "big", 0)).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void incrementsFromManyThreadsAreNeverLost() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4, r -> new Thread(r, "kv-increment-test"));
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                done.add(pool.submit(() -> {
                    FakeCall c = new FakeCall(FakeCall.spec("a", List.of(), 0));
                    for (int i = 0; i < 100; i++) {
                        assertThat(increment(kv, c, "n", 1)).isPositive();
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(increment(kv, new FakeCall(FakeCall.spec("a", List.of(), 0)), "n", 0)).isEqualTo(400);
    }

    /** cas of {@code key} from {@code expected} (null: absent) to {@code value}. */
    static long cas(KvCapability kv, FakeCall c, String key, String expected, String value) throws Exception {
        byte[] e = expected == null ? new byte[0] : bytes(expected);
        return c.call(kv, "cas", c.put(key), bytes(key).length, expected == null ? 0 : 1, c.put(e), e.length,
                c.put(value), bytes(value).length);
    }

    @Test
    void casStoresOnlyOverTheExpectedValue() throws Exception {
        FakeCall c = new FakeCall(FakeCall.spec("a", List.of(), 0));
        assertThat(cas(kv, c, "k", "x", "1")).isEqualTo(1);
        assertThat(get(kv, c, "k")).isNull();
        assertThat(cas(kv, c, "k", null, "1")).isZero();
        assertThat(cas(kv, c, "k", null, "2")).isEqualTo(1);
        assertThat(cas(kv, c, "k", "1", "2")).isZero();
        assertThat(get(kv, c, "k")).isEqualTo("2");
    }

    @Test
    void casBeyondTheQuotaWritesNothing() throws Exception {
        FakeCall c = new FakeCall(FakeCall.spec("a", List.of(), 8));
        assertThat(cas(kv, c, "k", null, "123456789")).isEqualTo(QUOTA);
        assertThat(get(kv, c, "k")).isNull();
    }
}
