package dev.wharf.lattice.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.api.ComponentId;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The liveness of other nodes, on a clock the test moves. */
class DirectoryTest {

    private static final ComponentId WORKER = ComponentId.of("worker");
    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

    private final Directory directory = new Directory("a", 2000);

    private static Announcement beat(String node, String instance, ComponentId... hosts) {
        return new Announcement(node, instance, Announcement.Kind.BEAT, List.of(hosts));
    }

    @Test
    void aNodeJoinsChangesAndLeaves() {
        assertThat(directory.heard(beat("b", "1", WORKER), 0)).isEqualTo(Directory.Change.JOINED);
        assertThat(directory.reaches(WORKER)).isTrue();
        assertThat(directory.heard(beat("b", "1", WORKER), 100 * MS)).isEqualTo(Directory.Change.NONE);
        assertThat(directory.heard(beat("b", "1"), 200 * MS)).isEqualTo(Directory.Change.CHANGED);
        assertThat(directory.reaches(WORKER)).as("withdrawn").isFalse();
        assertThat(directory.heard(new Announcement("b", "1", Announcement.Kind.BYE, List.of()), 300 * MS))
                .isEqualTo(Directory.Change.LEFT);
        assertThat(directory.others(300 * MS)).isEmpty();
    }

    @Test
    void aSilentNodeIsDroppedAfterTheTimeoutAndNotBefore() {
        directory.heard(beat("b", "1", WORKER), 0);
        directory.heard(beat("c", "1", WORKER), 0);
        directory.heard(beat("c", "1", WORKER), 1500 * MS);
        assertThat(directory.sweep(2000 * MS)).isEmpty();
        assertThat(directory.sweep(2001 * MS)).containsExactly("b");
        assertThat(directory.reaches(WORKER)).as("c still hosts it").isTrue();
        assertThat(directory.sweep(3501 * MS)).containsExactly("c");
        assertThat(directory.reaches(WORKER)).isFalse();
    }

    @Test
    void afterAReconnectEveryNodeHasAFullTimeoutToBeHeardAgain() {
        directory.heard(beat("b", "1", WORKER), 0);
        directory.refreshAll(10_000 * MS);
        assertThat(directory.sweep(11_000 * MS)).isEmpty();
        assertThat(directory.others(11_000 * MS)).singleElement()
                .satisfies(n -> assertThat(n.lastSeenMillis()).isEqualTo(1000));
    }

    @Test
    void ownAnnouncementsAndLateByesOfAReplacedInstanceAreIgnored() {
        assertThat(directory.heard(beat("a", "x", WORKER), 0)).isEqualTo(Directory.Change.NONE);
        assertThat(directory.reaches(WORKER)).isFalse();
        directory.heard(beat("b", "2", WORKER), 0);
        assertThat(directory.heard(new Announcement("b", "1", Announcement.Kind.BYE, List.of()), 0))
                .isEqualTo(Directory.Change.NONE);
        assertThat(directory.reaches(WORKER)).isTrue();
    }

    @Test
    void twoContainersSharingANameAreBothRoutedTo() {
        ComponentId other = ComponentId.of("other");
        directory.heard(beat("b", "1", WORKER), 0);
        assertThat(directory.heard(beat("b", "2", other), 0)).isEqualTo(Directory.Change.CHANGED);
        // their beats alternate: neither one's ids flicker
        directory.heard(beat("b", "1", WORKER), 100 * MS);
        assertThat(directory.reaches(WORKER)).isTrue();
        assertThat(directory.reaches(other)).isTrue();
        assertThat(directory.others(100 * MS)).hasSize(2);
        // one leaves: the other's ids stay
        assertThat(directory.heard(new Announcement("b", "1", Announcement.Kind.BYE, List.of()), 200 * MS))
                .isEqualTo(Directory.Change.CHANGED);
        assertThat(directory.reaches(WORKER)).isFalse();
        assertThat(directory.reaches(other)).isTrue();
    }
}
