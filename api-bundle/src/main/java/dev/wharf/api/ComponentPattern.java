package dev.wharf.api;

/**
 * A pattern over component ids as {@code receive-from} and {@code send-to} use them: an exact
 * id, {@code prefix.*} (the prefix followed by exactly one more dot-segment), or {@code *}.
 */
public record ComponentPattern(String text) {

    public ComponentPattern {
        if (!isValid(text)) {
            throw new IllegalArgumentException("invalid component pattern '" + text
                    + "': expected an id, 'prefix.*' or '*'");
        }
    }

    public static ComponentPattern of(String text) {
        return new ComponentPattern(text);
    }

    public static boolean isValid(String text) {
        if (text == null) {
            return false;
        }
        if (text.equals("*")) {
            return true;
        }
        if (text.endsWith(".*")) {
            return ComponentId.isValid(text.substring(0, text.length() - 2));
        }
        return ComponentId.isValid(text);
    }

    public boolean matches(ComponentId id) {
        String v = id.value();
        if (text.equals("*")) {
            return true;
        }
        if (text.endsWith(".*")) {
            int prefix = text.length() - 1; // keeps the dot
            return v.length() > prefix && v.regionMatches(0, text, 0, prefix) && v.indexOf('.', prefix) < 0;
        }
        return v.equals(text);
    }

    /** Whether any of {@code patterns} matches {@code id}. */
    public static boolean anyMatches(java.util.List<String> patterns, ComponentId id) {
        for (int i = 0; i < patterns.size(); i++) {
            String p = patterns.get(i);
            if (p.equals("*") || p.equals(id.value()) || (p.endsWith(".*") && new ComponentPattern(p).matches(id))) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return text;
    }
}
