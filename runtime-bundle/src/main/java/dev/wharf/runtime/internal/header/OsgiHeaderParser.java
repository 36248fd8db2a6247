package dev.wharf.runtime.internal.header;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses the OSGi header syntax: {@code clause (, clause)*}, where a clause is a path followed
 * by {@code ;name=value} attributes. Values may be quoted to contain commas and semicolons.
 * Directives ({@code name:=value}), duplicate attributes, multiple paths per clause and
 * unbalanced quotes are rejected: a component header has none of them.
 */
public final class OsgiHeaderParser {

    private final String header;
    private int pos;

    private OsgiHeaderParser(String header) {
        this.header = header;
    }

    /** The clauses of {@code header}; throws {@link IllegalArgumentException} naming the problem. */
    public static List<HeaderClause> parse(String header) {
        return new OsgiHeaderParser(header).clauses();
    }

    private List<HeaderClause> clauses() {
        List<HeaderClause> out = new ArrayList<>();
        if (header.isBlank()) {
            throw new IllegalArgumentException("the header is empty");
        }
        while (true) {
            int start = pos;
            String path = token(false);
            if (path.isEmpty()) {
                throw new IllegalArgumentException("a clause has no path at offset " + start);
            }
            Map<String, String> attributes = new LinkedHashMap<>();
            skipSpace();
            while (pos < header.length() && header.charAt(pos) == ';') {
                pos++;
                String name = token(false);
                skipSpace();
                if (pos < header.length() && header.startsWith(":=", pos)) {
                    throw new IllegalArgumentException("directive '" + name + ":=' is not supported in clause '"
                            + path + "'");
                }
                if (pos >= header.length() || header.charAt(pos) != '=') {
                    throw new IllegalArgumentException(name.isEmpty()
                            ? "an empty parameter in clause '" + path + "'"
                            : "clause '" + path + "' has more than one path or an attribute without a value: '"
                                    + name + "'");
                }
                pos++;
                String value = token(true);
                if (name.isEmpty()) {
                    throw new IllegalArgumentException("an attribute without a name in clause '" + path + "'");
                }
                if (attributes.put(name, value) != null) {
                    throw new IllegalArgumentException("attribute '" + name + "' appears twice in clause '" + path + "'");
                }
                skipSpace();
            }
            out.add(new HeaderClause(path, attributes, header.substring(start, pos).trim()));
            if (pos >= header.length()) {
                return out;
            }
            if (header.charAt(pos) != ',') {
                throw new IllegalArgumentException("unexpected '" + header.charAt(pos) + "' at offset " + pos);
            }
            pos++;
        }
    }

    private String token(boolean value) {
        skipSpace();
        if (value && pos < header.length() && header.charAt(pos) == '"') {
            int end = header.indexOf('"', pos + 1);
            if (end < 0) {
                throw new IllegalArgumentException("unbalanced quote at offset " + pos);
            }
            String s = header.substring(pos + 1, end);
            pos = end + 1;
            return s;
        }
        int start = pos;
        while (pos < header.length()) {
            char c = header.charAt(pos);
            if (c == ';' || c == ',' || c == '=' || (c == ':' && header.startsWith(":=", pos))) {
                break;
            }
            if (c == '"') {
                throw new IllegalArgumentException("unexpected quote at offset " + pos);
            }
            pos++;
        }
        return header.substring(start, pos).trim();
    }

    private void skipSpace() {
        while (pos < header.length() && Character.isWhitespace(header.charAt(pos))) {
            pos++;
        }
    }
}
