package dev.wharf.runtime.internal.component.binary;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.api.InvalidComponentException;
import dev.wharf.runtime.internal.engine.WasmEngine;
import dev.wharf.runtime.internal.guest.component.ComponentModule;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A seeded random sweep over the real test components: thousands of byte changes each (a byte
 * replaced, a bit flipped, a byte dropped), each loaded as the deployer loads a component (parsed,
 * its world resolved, its core modules parsed by Chicory). Each either loads or is refused with an
 * {@link InvalidComponentException} naming the file; nothing else escapes, not even from
 * Chicory's parser on a corrupted core module.
 */
class ComponentMutationTest {

    final WasmEngine engine = new WasmEngine(false, 1000);

    @ParameterizedTest
    @CsvSource({"echo, 2000", "values, 2000", "counter, 2000", "liar, 2000", "hello-c, 800"})
    void everyMutantLoadsOrIsRefusedNamingTheProblem(String name, int mutants) {
        byte[] whole = ComponentWorldTest.component(name);
        Random random = new Random(0x5eed + name.hashCode());
        int refused = 0;
        for (int i = 0; i < mutants; i++) {
            byte[] mutant = mutate(whole, random);
            try {
                ComponentModule.load(engine, mutant, 64, name + ".wasm", n -> true);
            } catch (InvalidComponentException e) {
                assertThat(e.getMessage()).startsWith(name + ".wasm").matches("(?s).*(valid WebAssembly|needs|declares).*");
                refused++;
            } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
                throw new AssertionError(name + " mutant " + i + ": not an InvalidComponentException: " + e, e);
            }
        }
        assertThat(refused).as("most mutants are refused").isGreaterThan(mutants / 3);
    }

    private static byte[] mutate(byte[] whole, Random random) {
        byte[] b = whole.clone();
        int at = 8 + random.nextInt(b.length - 8);
        switch (random.nextInt(3)) {
            case 0 -> b[at] = (byte) random.nextInt(256);
            case 1 -> b[at] ^= (byte) (1 << random.nextInt(8));
            default -> {
                byte[] shorter = new byte[b.length - 1];
                System.arraycopy(b, 0, shorter, 0, at);
                System.arraycopy(b, at + 1, shorter, at, b.length - at - 1);
                return shorter;
            }
        }
        return b;
    }
}
