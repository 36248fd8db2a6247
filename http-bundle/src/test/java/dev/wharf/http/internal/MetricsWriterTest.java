package dev.wharf.http.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MetricsWriterTest {

    @Test
    void writesFamiliesAndSamplesInTheTextFormat() {
        StringBuilder out = new StringBuilder();
        MetricsWriter w = new MetricsWriter(out);
        w.family("x_total", "counter", "Things counted.");
        w.sample("x_total").label("component", "a").label("kind", "wasm").value(3);
        w.sample("x_total").value(0);
        w.family("y_seconds", "summary", "A time.");
        w.sample("y_seconds").label("quantile", "0.5").value(4.12e-5);
        w.sample("y_seconds").label("quantile", "0.99").value(2.0);
        w.sample("y_seconds").value(Double.NaN);
        w.sample("y_seconds").value(Double.POSITIVE_INFINITY);
        w.sample("y_seconds").value(Double.NEGATIVE_INFINITY);
        assertThat(out.toString()).isEqualTo("""
                # HELP x_total Things counted.
                # TYPE x_total counter
                x_total{component="a",kind="wasm"} 3
                x_total 0
                # HELP y_seconds A time.
                # TYPE y_seconds summary
                y_seconds{quantile="0.5"} 4.12E-5
                y_seconds{quantile="0.99"} 2
                y_seconds NaN
                y_seconds +Inf
                y_seconds -Inf
                """);
    }

    @Test
    void escapesLabelValuesAndHelp() {
        StringBuilder out = new StringBuilder();
        MetricsWriter w = new MetricsWriter(out);
        w.family("z", "gauge", "a \\ back\nslash \"quoted\"");
        w.sample("z").label("component", "we\\ird \"id\"\nnext{},=").label("empty", "").value(1);
        assertThat(out.toString()).isEqualTo("# HELP z a \\\\ back\\nslash \"quoted\"\n"
                + "# TYPE z gauge\n"
                + "z{component=\"we\\\\ird \\\"id\\\"\\nnext{},=\",empty=\"\"} 1\n");
    }

    @Test
    void keepsNonAsciiLabelValuesAsTheyAre() {
        StringBuilder out = new StringBuilder();
        new MetricsWriter(out).sample("z").label("component", "grüße-✓").value(-7);
        assertThat(out.toString()).isEqualTo("z{component=\"grüße-✓\"} -7\n");
    }
}
