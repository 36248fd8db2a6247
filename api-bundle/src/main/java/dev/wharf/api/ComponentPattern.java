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
        return matches(text, id.value());
    }

    /**
     * Whether any of {@code patterns} (valid pattern texts, as a {@link ComponentSpec} holds them)
     * matches {@code id}. This is on the path of every message: it allocates nothing.
     */
    public static boolean anyMatches(java.util.List<String> patterns, ComponentId id) {
        String v = id.value();
        for (int i = 0, n = patterns.size(); i < n; i++) {
            if (matches(patterns.get(i), v)) {
                return true;
            }
        }
        return false;
    }

    private static boolean matches(String pattern, String id) {
        int last = pattern.length() - 1;
        if (last == 0 && pattern.charAt(0) == '*') {
            return true;
        }
        if (last > 0 && pattern.charAt(last) == '*') {
            // "prefix.*": the prefix and its dot, then exactly one more segment
            return id.length() > last && id.regionMatches(0, pattern, 0, last) && id.indexOf('.', last) < 0;
        }
        return id.equals(pattern);
    }

    @Override
    public String toString() {
        return text;
    }
}
