package dev.wharf.http.internal;

/**
 * Writes the Prometheus text exposition format, version 0.0.4, into a {@link StringBuilder}: a
 * family's {@code # HELP} and {@code # TYPE} lines, then its samples, each as
 * {@code sample(name).label(k, v)...value(x)}. Nothing is allocated beyond the builder's growth;
 * label values and help texts are escaped as the format asks (label values: {@code \\},
 * {@code \"}, {@code \n}; help: {@code \\}, {@code \n}). The caller keeps a family's samples
 * together and gives names and label names that are valid ({@code [a-zA-Z_:][a-zA-Z0-9_:]*}).
 */
final class MetricsWriter {

    /** The content type of what it writes. */
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final StringBuilder out;
    private boolean labels;

    MetricsWriter(StringBuilder out) {
        this.out = out;
    }

    /** The {@code # HELP} and {@code # TYPE} lines of family {@code name}. */
    MetricsWriter family(String name, String type, String help) {
        out.append("# HELP ").append(name).append(' ');
        for (int i = 0; i < help.length(); i++) {
            char c = help.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                default -> out.append(c);
            }
        }
        out.append("\n# TYPE ").append(name).append(' ').append(type).append('\n');
        return this;
    }

    /** Starts a sample of {@code name}; its labels follow, then its value. */
    MetricsWriter sample(String name) {
        out.append(name);
        labels = false;
        return this;
    }

    /** A label of the sample begun, its value escaped. */
    MetricsWriter label(String name, String value) {
        out.append(labels ? ',' : '{').append(name).append("=\"");
        labels = true;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '"' -> out.append("\\\"");
                case '\n' -> out.append("\\n");
                default -> out.append(c);
            }
        }
        out.append('"');
        return this;
    }

    /** Ends the sample with {@code value}. */
    void value(long value) {
        end().append(value).append('\n');
    }

    /** Ends the sample with {@code value}: {@code NaN}, {@code +Inf} and {@code -Inf} as the format spells them. */
    void value(double value) {
        StringBuilder b = end();
        if (Double.isNaN(value)) {
            b.append("NaN");
        } else if (Double.isInfinite(value)) {
            b.append(value > 0 ? "+Inf" : "-Inf");
        } else if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            b.append((long) value);
        } else {
            b.append(value);
        }
        b.append('\n');
    }

    private StringBuilder end() {
        if (labels) {
            out.append('}');
            labels = false;
        }
        return out.append(' ');
    }
}
