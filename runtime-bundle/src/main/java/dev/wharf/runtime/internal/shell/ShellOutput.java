package dev.wharf.runtime.internal.shell;

import dev.wharf.api.WharfException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What a {@code wasm:} command answers, and the one place that renders it: tables with aligned
 * columns (a header row first, so a script can split on whitespace), plain lines, and errors as
 * one line starting with {@code error:}.
 */
sealed interface ShellOutput {

    /** Lines printed as they are. */
    record Lines(List<String> lines) implements ShellOutput {
        static Lines of(String... lines) {
            return new Lines(List.of(lines));
        }
    }

    /** A table: the first row is the header. */
    record Table(List<String[]> rows) implements ShellOutput {
        static Table withHeader(String... header) {
            List<String[]> rows = new ArrayList<>();
            rows.add(header);
            return new Table(rows);
        }

        Table row(String... cells) {
            rows.add(cells);
            return this;
        }
    }

    /** Several outputs, one after the other. */
    record Sequence(List<ShellOutput> parts) implements ShellOutput {}

    /** Wrong or missing arguments: the problem, when there is more to say than the usage line. */
    final class UsageException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UsageException(String problem) {
            super(problem);
        }
    }

    /** Prints {@code output}. */
    static void print(PrintStream out, ShellOutput output) {
        if (output instanceof Lines l) {
            l.lines().forEach(out::println);
        } else if (output instanceof Table t) {
            printTable(out, t.rows());
        } else if (output instanceof Sequence s) {
            s.parts().forEach(p -> print(out, p));
        }
    }

    /**
     * Prints {@code output} as JSON, for scripts: a table as an array of objects keyed by its
     * lower-case header (a command that also prints notes below its table gives the table only),
     * {@code key: value} lines as an object (indented lines below a key as an array under it).
     */
    static void printJson(PrintStream out, ShellOutput output) {
        ShellOutput o = output;
        if (o instanceof Sequence s && !s.parts().isEmpty()) {
            o = s.parts().get(0);
        }
        StringBuilder sb = new StringBuilder();
        if (o instanceof Table t) {
            String[] header = t.rows().get(0);
            sb.append('[');
            for (int r = 1; r < t.rows().size(); r++) {
                sb.append(r == 1 ? "" : ",").append('{');
                String[] row = t.rows().get(r);
                for (int i = 0; i < header.length; i++) {
                    sb.append(i == 0 ? "" : ",").append(quote(header[i].toLowerCase(Locale.ROOT))).append(':')
                            .append(quote(i < row.length ? row[i] : ""));
                }
                sb.append('}');
            }
            sb.append(']');
        } else if (o instanceof Lines l) {
            sb.append(keyed(l.lines()) ? object(l.lines()) : array(l.lines()));
        }
        out.println(sb);
    }

    /** Whether the lines are {@code key: value} (keys lower-case words), with indented lists below some keys. */
    private static boolean keyed(List<String> lines) {
        boolean any = false;
        for (String line : lines) {
            if (line.isBlank() || line.startsWith("  ")) {
                continue;
            }
            if (!line.matches("[a-z][a-z0-9 -]*:.*")) {
                return false;
            }
            any = true;
        }
        return any;
    }

    /** Lines a command prints one per result (an invoke's values, audit records): an array of strings. */
    private static String array(List<String> lines) {
        StringBuilder sb = new StringBuilder("[");
        for (String line : lines) {
            if (!line.isBlank()) {
                sb.append(sb.length() == 1 ? "" : ",").append(quote(line.strip()));
            }
        }
        return sb.append(']').toString();
    }

    /**
     * {@code key: value} lines as an object; the indented lines below a key are an array under
     * it, or under {@code <key>-list} when the key has a value of its own ({@code restarts: 2}).
     */
    private static String object(List<String> lines) {
        java.util.LinkedHashMap<String, Object> fields = new java.util.LinkedHashMap<>();
        String key = null;
        for (String line : lines) {
            if (line.isBlank()) {
                continue;
            }
            if (line.startsWith("  ") && key != null) {
                String listKey = fields.get(key) instanceof String v && !v.isEmpty() ? key + "-list" : key;
                Object current = fields.get(listKey);
                @SuppressWarnings("unchecked")
                List<String> list = current instanceof List<?> ? (List<String>) current : new ArrayList<>();
                list.add(line.strip());
                fields.put(listKey, list);
                continue;
            }
            int colon = line.indexOf(':');
            key = line.substring(0, colon).strip();
            String value = line.substring(colon + 1).strip();
            fields.putIfAbsent(key, value);
        }
        StringBuilder sb = new StringBuilder("{");
        fields.forEach((k, v) -> {
            sb.append(sb.length() == 1 ? "" : ",").append(quote(k)).append(':');
            if (v instanceof List<?> items) {
                sb.append('[');
                for (int i = 0; i < items.size(); i++) {
                    sb.append(i == 0 ? "" : ",").append(quote(String.valueOf(items.get(i))));
                }
                sb.append(']');
            } else if (((String) v).isEmpty()) {
                sb.append("[]");
            } else {
                sb.append(quote((String) v));
            }
        });
        return sb.append('}').toString();
    }

    private static String quote(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\t' -> sb.append("\\t");
                case '\r' -> sb.append("\\r");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }

    /** Prints why a command failed, as one line. */
    static void printError(PrintStream out, Throwable t, String usage) {
        if (t instanceof UsageException u) {
            out.println("error: usage: " + usage + (u.getMessage() == null ? "" : " (" + u.getMessage() + ")"));
        } else if (t instanceof IllegalArgumentException e) {
            out.println("error: " + e.getMessage() + "; usage: " + usage);
        } else {
            out.println("error: " + describe(t));
        }
    }

    /** A Wharf error with its stable code, e.g. {@code unknown component 'x' [unknown_target]}. */
    static String describe(Throwable t) {
        if (t instanceof WharfException w) {
            return w.getMessage() + " [" + w.code().name().toLowerCase(Locale.ROOT) + "]";
        }
        return t.getMessage() != null ? t.getMessage() : String.valueOf(t);
    }

    private static void printTable(PrintStream out, List<String[]> rows) {
        int[] widths = new int[rows.get(0).length];
        for (String[] r : rows) {
            for (int i = 0; i < r.length; i++) {
                widths[i] = Math.max(widths[i], r[i].length());
            }
        }
        for (String[] r : rows) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < r.length; i++) {
                sb.append(r[i]);
                if (i < r.length - 1) {
                    sb.append(" ".repeat(widths[i] - r[i].length() + 2));
                }
            }
            out.println(sb);
        }
    }
}
