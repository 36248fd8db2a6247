package dev.wharf.runtime.internal.component.wasi;

import static dev.wharf.runtime.internal.component.wasi.WasiTypes.BYTES;
import static dev.wharf.runtime.internal.component.wasi.WasiTypes.U64;
import static dev.wharf.runtime.internal.component.wasi.WasiTypes.func;
import static dev.wharf.runtime.internal.component.wasi.WasiTypes.param;
import static dev.wharf.runtime.internal.component.wasi.WasiTypes.tuple;
import static dev.wharf.runtime.internal.component.wasi.WasiValues.integer;
import static dev.wharf.runtime.internal.component.wasi.WasiValues.u64;

import dev.wharf.runtime.internal.component.WitValue;
import dev.wharf.runtime.internal.component.WitValue.TupleValue;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * wasi:random/random (a {@link SecureRandom}), wasi:random/insecure (a {@link SplittableRandom}
 * seeded from it) and wasi:random/insecure-seed (one seed per WASI instance, the same on every
 * call, as the WIT intends). A request for more than {@value #MAX_BYTES} bytes at once is a trap,
 * the limit of Web Crypto's {@code getRandomValues} that jco's WASI host applies too, so that a
 * guest cannot make the host allocate more than that in one call.
 */
final class RandomInterfaces {

    /** The most random bytes one call gives. */
    static final int MAX_BYTES = 65536;

    private final SecureRandom secure;
    private final SplittableRandom insecure;
    private final TupleValue seed;

    RandomInterfaces(SecureRandom secure) {
        this.secure = secure;
        this.insecure = new SplittableRandom(secure.nextLong());
        this.seed = new TupleValue(List.of(u64(secure.nextLong()), u64(secure.nextLong())));
    }

    void addTo(Map<String, Map<String, Object>> interfaces) {
        interfaces.put("random/random", new WasiInstance("wasi:random/random")
                .func("get-random-bytes", func(BYTES, param("len", U64)), a -> {
                    byte[] bytes = new byte[length(integer(a, 0), "get-random-bytes")];
                    secure.nextBytes(bytes);
                    return WasiValues.byteList(bytes);
                })
                .func("get-random-u64", func(U64), a -> u64(secure.nextLong()))
                .build());
        interfaces.put("random/insecure", new WasiInstance("wasi:random/insecure")
                .func("get-insecure-random-bytes", func(BYTES, param("len", U64)), a -> {
                    byte[] bytes = new byte[length(integer(a, 0), "get-insecure-random-bytes")];
                    insecure.nextBytes(bytes);
                    return WasiValues.byteList(bytes);
                })
                .func("get-insecure-random-u64", func(U64), a -> u64(insecure.nextLong()))
                .build());
        interfaces.put("random/insecure-seed", new WasiInstance("wasi:random/insecure-seed")
                .func("insecure-seed", func(tuple(U64, U64)), a -> (WitValue) seed)
                .build());
    }

    private static int length(long len, String what) {
        return WasiValues.length(len, MAX_BYTES, "wasi:random#" + what);
    }
}
