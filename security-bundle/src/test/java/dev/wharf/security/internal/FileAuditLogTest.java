package dev.wharf.security.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.spi.security.AuditRecord;
import dev.wharf.api.ComponentId;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileAuditLogTest {

    @TempDir
    Path dir;

    static AuditRecord record(int i, boolean allowed) {
        return new AuditRecord(Instant.ofEpochSecond(1_700_000_000L + i), ComponentId.of("s" + i), ComponentId.of("r"),
                i, allowed, "reason\twith tab " + i);
    }

    @Test
    void recordsSurviveARestartInOrder() throws Exception {
        FileAuditLog log = new FileAuditLog(dir, Configs.mode("strict"));
        for (int i = 0; i < 100; i++) {
            log.record(record(i, i % 2 == 0));
        }
        log.deactivate();
        assertThat(Files.readAllLines(dir.resolve(FileAuditLog.FILE))).hasSize(100);

        FileAuditLog again = new FileAuditLog(dir, Configs.mode("strict"));
        try {
            assertThat(again.newest(3)).extracting(AuditRecord::size).containsExactly(97, 98, 99);
            AuditRecord last = again.newest(1).get(0);
            assertThat(last.sender()).isEqualTo(ComponentId.of("s99"));
            assertThat(last.allowed()).isFalse();
            assertThat(last.reason()).isEqualTo("reason with tab 99");
        } finally {
            again.deactivate();
        }
    }

    @Test
    void rotatesBySizeAndKeepsTheConfiguredFiles() throws Exception {
        FileAuditLog log = new FileAuditLog(dir, Configs.of("strict", false, 1, 1, 4096, 2, 1024));
        for (int i = 0; i < 1000; i++) {
            log.record(record(i, false));
        }
        log.deactivate();
        assertThat(dir.resolve(FileAuditLog.FILE + ".1")).exists();
        assertThat(dir.resolve(FileAuditLog.FILE + ".2")).exists();
        assertThat(dir.resolve(FileAuditLog.FILE + ".3")).doesNotExist();
        assertThat(Files.size(dir.resolve(FileAuditLog.FILE + ".1"))).isGreaterThanOrEqualTo(4096);
    }

    @Test
    void aTornLastLineIsSkipped() throws Exception {
        Files.writeString(dir.resolve(FileAuditLog.FILE), FileAuditLog.format(record(1, true)) + "2026-11-24T00:0",
                StandardCharsets.UTF_8);
        FileAuditLog log = new FileAuditLog(dir, Configs.mode("strict"));
        try {
            assertThat(log.newest(10)).hasSize(1);
        } finally {
            log.deactivate();
        }
    }

    @Test
    void aTornLastLineIsEndedBeforeTheNextRecord() throws Exception {
        Files.writeString(dir.resolve(FileAuditLog.FILE), FileAuditLog.format(record(1, true)) + "2026-11-24T00:0",
                StandardCharsets.UTF_8);
        FileAuditLog log = new FileAuditLog(dir, Configs.mode("strict"));
        log.record(record(2, true));
        log.deactivate();
        assertThat(Files.readAllLines(dir.resolve(FileAuditLog.FILE))).hasSize(3).last().asString().startsWith(
                FileAuditLog.format(record(2, true)).trim());
        FileAuditLog again = new FileAuditLog(dir, Configs.mode("strict"));
        try {
            assertThat(again.newest(10)).extracting(AuditRecord::size).containsExactly(1, 2);
        } finally {
            again.deactivate();
        }
    }

    @Test
    void aFloodOfGrantsNeverRotatesADenialOut() throws Exception {
        FileAuditLog log = new FileAuditLog(dir, Configs.of("strict", true, 1, 1, 4096, 2, 100_000));
        log.record(record(0, false));
        for (int i = 1; i <= 5000; i++) {
            log.record(record(i, true));
        }
        log.deactivate();
        // the grants went through audit.log and its two older files several times over
        assertThat(String.join("\n", Files.readAllLines(dir.resolve(FileAuditLog.FILE + ".2")))).doesNotContain("\ts0\t");
        assertThat(Files.readAllLines(dir.resolve(FileAuditLog.DENIALS))).singleElement().asString().contains("\ts0\t");
        FileAuditLog again = new FileAuditLog(dir, Configs.mode("strict"));
        try {
            assertThat(again.newest(10_000)).anyMatch(r -> !r.allowed() && r.sender().equals(ComponentId.of("s0")));
        } finally {
            again.deactivate();
        }
    }

    @Test
    void aRecordFromAnotherNodeKeepsItsNodeInTheFile() {
        AuditRecord r = new AuditRecord(java.time.Instant.parse("2026-11-24T10:00:00Z"), ComponentId.of("relay"), "worker",
                5, false, "denied", "node-a");
        assertThat(FileAuditLog.format(r)).startsWith("2026-11-24T10:00:00Z\trelay@node-a\tworker\t5\tDENY\t");
        assertThat(FileAuditLog.parse(FileAuditLog.format(r).trim())).isEqualTo(r);
    }
}
