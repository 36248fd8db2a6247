package dev.wharf.registry.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;

/**
 * A registry entry read back from the store, as a damaged or foreign file may hold it (formats 1
 * to 4 are read): the bytes are an entry or an {@link IOException} naming what is wrong, which
 * the registry logs before dropping the entry; anything else would escape its load and take the
 * registry down. An entry that is read is written again as it was read: encode, then decode,
 * gives an equal entry.
 */
class EntryCodecFuzzTest {

    @FuzzTest
    void decode(byte[] input) throws IOException {
        EntryCodec.Entry entry;
        try {
            entry = EntryCodec.decode(input);
        } catch (IOException refused) {
            assertThat(refused.getMessage()).isNotBlank();
            return;
        }
        assertThat(EntryCodec.decode(EntryCodec.encode(entry))).isEqualTo(entry);
    }
}
