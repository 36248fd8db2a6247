package dev.wharf.runtime.internal.component.wasi;

import static dev.wharf.runtime.internal.component.wasi.WasiFixtures.u64;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wharf.runtime.internal.component.CanonicalAbiTrap;
import dev.wharf.runtime.internal.component.WitValue;
import dev.wharf.runtime.internal.component.WitValue.Int;
import dev.wharf.runtime.internal.component.WitValue.ListValue;
import dev.wharf.runtime.internal.component.WitValue.TupleValue;
import org.junit.jupiter.api.Test;

/** wasi:random: exactly the bytes asked for, within the bound of one call. */
class WasiRandomTest {

    final WasiFixtures f = new WasiFixtures();

    @Test
    void randomBytesComeInTheLengthAskedUpTo64KiB() {
        for (String[] fn : new String[][] {{"wasi:random/random", "get-random-bytes"},
                {"wasi:random/insecure", "get-insecure-random-bytes"}}) {
            assertThat(((ListValue) f.call(fn[0], fn[1], u64(0))).elements()).isEmpty();
            ListValue some = (ListValue) f.call(fn[0], fn[1], u64(32));
            assertThat(some.elements()).hasSize(32)
                    .allSatisfy(b -> assertThat(((Int) b).value()).isBetween(0L, 255L));
            assertThat(some.elements().stream().distinct().count()).as("32 random bytes are not all alike")
                    .isGreaterThan(1);
            assertThat(((ListValue) f.call(fn[0], fn[1], u64(65536))).elements()).hasSize(65536);
            assertThatThrownBy(() -> f.call(fn[0], fn[1], u64(65537))).isInstanceOf(CanonicalAbiTrap.class)
                    .hasMessageContaining("65537 bytes exceeds the limit of 65536 bytes");
            assertThatThrownBy(() -> f.call(fn[0], fn[1], u64(-1))).isInstanceOf(CanonicalAbiTrap.class)
                    .hasMessageContaining("18446744073709551615");
        }
    }

    @Test
    void randomU64sDiffer() {
        assertThat(f.call("wasi:random/random", "get-random-u64"))
                .isNotEqualTo(f.call("wasi:random/random", "get-random-u64"));
        assertThat(f.call("wasi:random/insecure", "get-insecure-random-u64"))
                .isNotEqualTo(f.call("wasi:random/insecure", "get-insecure-random-u64"));
    }

    @Test
    void theInsecureSeedIsOnePerInstance() {
        WitValue seed = f.call("wasi:random/insecure-seed", "insecure-seed");
        assertThat(((TupleValue) seed).values()).hasSize(2);
        assertThat(f.call("wasi:random/insecure-seed", "insecure-seed")).isEqualTo(seed);
        assertThat(new WasiFixtures().call("wasi:random/insecure-seed", "insecure-seed")).isNotEqualTo(seed);
    }
}
