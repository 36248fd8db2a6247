package dev.wharf.lattice.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * An announcement from another node, as any bytes may arrive on {@code wharf.<lattice>.node.>}:
 * an announcement, or the {@link IllegalArgumentException} naming what is wrong that
 * {@link Inbound} logs before ignoring it; nothing else. What is read is encoded as the same
 * announcement: encode, then decode, gives an equal one.
 */
class AnnouncementFuzzTest {

    @FuzzTest
    void decode(byte[] input) {
        Announcement a;
        try {
            a = Announcement.decode(input);
        } catch (IllegalArgumentException refused) {
            assertThat(refused.getMessage()).isNotBlank();
            return;
        }
        assertThat(a.node()).isNotEmpty();
        assertThat(a.instance()).isNotEmpty();
        assertThat(Announcement.decode(a.encode())).isEqualTo(a);
    }
}
