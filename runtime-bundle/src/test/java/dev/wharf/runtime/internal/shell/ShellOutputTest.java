package dev.wharf.runtime.internal.shell;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import dev.wharf.api.ComponentId;
import dev.wharf.api.runtime.ComponentStats;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code --json} gives valid JSON for every kind of output a command prints. */
class ShellOutputTest {

    static JsonNode json(ShellOutput o) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ShellOutput.printJson(new PrintStream(bytes, true, StandardCharsets.UTF_8), o);
        return new ObjectMapper().readTree(bytes.toString(StandardCharsets.UTF_8));
    }

    @Test
    void tablesKeyedLinesAndPlainLines() throws Exception {
        JsonNode table = json(ShellOutput.Table.withHeader("ID", "STATE").row("calc", "READY").row("a\"b", "x\\y"));
        assertThat(table.get(0).get("id").asText()).isEqualTo("calc");
        assertThat(table.get(1).get("id").asText()).isEqualTo("a\"b");
        assertThat(table.get(1).get("state").asText()).isEqualTo("x\\y");

        JsonNode info = json(new ShellOutput.Lines(List.of("id:          calc", "restarts:    2",
                "  2026-11-24T10:00:00Z trap: unreachable", "  2026-11-24T10:01:00Z trap: again", "history:",
                "  2026-11-24T09:00:00Z READY", "exports:", "  add(i32, i32) -> i32", "receive-from: (host only)")));
        assertThat(info.get("id").asText()).isEqualTo("calc");
        assertThat(info.get("restarts").asText()).isEqualTo("2");
        assertThat(info.get("restarts-list")).hasSize(2);
        assertThat(info.get("history")).hasSize(1);
        assertThat(info.get("exports").get(0).asText()).isEqualTo("add(i32, i32) -> i32");

        JsonNode values = json(ShellOutput.Lines.of("5 7"));
        assertThat(values.get(0).asText()).isEqualTo("5 7");
        JsonNode audit = json(ShellOutput.Lines.of("2026-11-24T10:00:00Z  a -> b  DENY  nope"));
        assertThat(audit.isArray()).isTrue();
    }

    @Test
    void statsOfOneComponentListItsInstancesBelowItInTheSameColumns() throws Exception {
        ComponentStats s = new ComponentStats(ComponentId.of("pool"), 1602, 0, 1, 4, 3, 16, 41_000, 96_000,
                List.of(ComponentReportTest.instance(1, true, 3, 812, 0), ComponentReportTest.instance(2, false, 0, 790, 1)));
        ShellOutput.Table t = StatsTable.of(List.of(s), true);
        assertThat(t.rows()).extracting(r -> r[0]).containsExactly("ID", "pool", "pool#1", "pool#2");
        assertThat(t.rows().get(1)).containsExactly("pool", "1602", "0", "1", "4", "3/16", "41.0us", "96.0us");
        assertThat(t.rows().get(2)).containsExactly("pool#1", "812", "0", "0", "-", "3/16", "41.2us", "96.0us");
        assertThat(t.rows()).allSatisfy(r -> assertThat(r).hasSize(StatsTable.HEADER.length));

        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ShellOutput.print(new PrintStream(bytes, true, StandardCharsets.UTF_8), t);
        List<String> printed = bytes.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(printed.get(3).split(" +")).containsExactly("pool#2", "790", "0", "0", "-", "0/16", "41.2us", "96.0us");
        assertThat(json(t).get(1).get("id").asText()).isEqualTo("pool#1");

        // every component: one row each, as before
        assertThat(StatsTable.of(List.of(s), false).rows()).hasSize(2);
    }
}
