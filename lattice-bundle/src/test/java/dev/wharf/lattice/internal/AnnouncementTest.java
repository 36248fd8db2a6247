package dev.wharf.lattice.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wharf.api.ComponentId;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class AnnouncementTest {

    @Test
    void roundTrips() {
        Announcement a = new Announcement("b", "i-1", Announcement.Kind.BEAT,
                List.of(ComponentId.of("worker"), ComponentId.of("tally.a")));
        assertThat(Announcement.decode(a.encode())).isEqualTo(a);
        Announcement empty = new Announcement("c", "i-2", Announcement.Kind.BYE, List.of());
        assertThat(Announcement.decode(empty.encode())).isEqualTo(empty);
    }

    @Test
    void malformedAnnouncementsAreRefusedWithWhatIsWrong() {
        assertThatThrownBy(() -> decode("hello")).hasMessageContaining("not a Wharf lattice announcement");
        assertThatThrownBy(() -> decode("wharf-lattice 1\nnode b\ninstance i\nkind shout\nhosts a"))
                .hasMessageContaining("unknown announcement kind");
        assertThatThrownBy(() -> decode("wharf-lattice 1\nnode b\ninstance i\nkind beat\nhosts a B"))
                .hasMessageContaining("invalid component id 'B'");
        assertThatThrownBy(() -> decode("wharf-lattice 1\nname b\ninstance i\nkind beat\nhosts"))
                .hasMessageContaining("expected 'node <value>'");
    }

    private static Announcement decode(String text) {
        return Announcement.decode(text.getBytes(StandardCharsets.UTF_8));
    }
}
