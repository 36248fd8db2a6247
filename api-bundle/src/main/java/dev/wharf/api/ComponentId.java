package dev.wharf.api;

import java.util.regex.Pattern;

/**
 * The name of a component: {@code [a-z0-9][a-z0-9._-]{0,127}}. The reserved id {@link #HOST}
 * names the host (the shell and Java callers) as a sender.
 */
public record ComponentId(String value) implements Comparable<ComponentId> {

    private static final Pattern SYNTAX = Pattern.compile("[a-z0-9][a-z0-9._-]{0,127}");

    /** The sender id of the shell and of Java callers; it may always reach a component. */
    public static final ComponentId HOST = new ComponentId("host");

    public ComponentId {
        if (value == null || !SYNTAX.matcher(value).matches()) {
            throw new IllegalArgumentException(
                    "invalid component id '" + value + "': expected [a-z0-9][a-z0-9._-]{0,127}");
        }
    }

    public static ComponentId of(String value) {
        return new ComponentId(value);
    }

    /** True when {@code value} is a syntactically valid id. */
    public static boolean isValid(String value) {
        return value != null && SYNTAX.matcher(value).matches();
    }

    public boolean isHost() {
        return HOST.value.equals(value);
    }

    @Override
    public int compareTo(ComponentId other) {
        return value.compareTo(other.value);
    }

    // written out rather than the record's generated ones: ids are compared and hashed on the
    // path of every message (actor table, rate limiters), where those are measurably slower
    @Override
    public boolean equals(Object o) {
        return this == o || (o instanceof ComponentId other && value.equals(other.value));
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    @Override
    public String toString() {
        return value;
    }
}
