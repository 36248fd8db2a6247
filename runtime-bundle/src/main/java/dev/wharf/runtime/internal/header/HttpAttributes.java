package dev.wharf.runtime.internal.header;

import dev.wharf.api.ComponentAttribute;
import dev.wharf.api.ComponentSpec;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The attributes of a component that answers HTTP: {@code http-path}, where the HTTP bundle
 * serves it, and {@code http-max-concurrent}, how many requests it takes at once. A spec carries
 * their values among its settings, checked here when the clause (or an override) is read.
 */
public final class HttpAttributes {

    /** Requests a component takes at once when its clause does not say. */
    public static final int DEFAULT_MAX_CONCURRENT = 16;

    private static final String PATH = ComponentAttribute.HTTP_PATH.headerName();
    private static final String MAX_CONCURRENT = ComponentAttribute.HTTP_MAX_CONCURRENT.headerName();
    // segments of what a URL path may hold unescaped, without the whiteboard's wildcard '*'
    private static final Pattern PATH_SYNTAX = Pattern.compile("(/[A-Za-z0-9._~!$&'()+,;=:@%-]+)+");

    private HttpAttributes() {}

    /** Whether {@code name} is one of these attributes, whose value a spec carries among its settings. */
    public static boolean isOne(String name) {
        return PATH.equals(name) || MAX_CONCURRENT.equals(name);
    }

    /**
     * Checks the value of attribute {@code name} when it is one of these.
     *
     * @throws IllegalArgumentException naming the attribute and its value
     */
    static void check(String name, String value) {
        if (PATH.equals(name)) {
            checkPath(value);
        } else if (MAX_CONCURRENT.equals(name)) {
            maxConcurrent(value);
        }
    }

    private static void checkPath(String value) {
        if (!PATH_SYNTAX.matcher(value).matches()) {
            throw new IllegalArgumentException("attribute 'http-path' has invalid value '" + value + "': expected a path"
                    + " such as /shorten, starting with /, without wildcards, empty segments or a trailing /");
        }
        for (String segment : value.substring(1).split("/")) {
            if (segment.equals(".") || segment.equals("..")) {
                throw new IllegalArgumentException("attribute 'http-path' has invalid value '" + value
                        + "': a segment may not be . or ..");
            }
        }
    }

    private static int maxConcurrent(String value) {
        try {
            int n = Integer.parseInt(value.trim());
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // told below, with the value
        }
        throw new IllegalArgumentException("attribute 'http-max-concurrent' has invalid value '" + value
                + "': expected a positive integer");
    }

    /** The path {@code spec} is served under, if it names one. */
    public static Optional<String> path(ComponentSpec spec) {
        return spec.setting(PATH);
    }

    /** The requests {@code spec} takes at once. */
    public static int maxConcurrent(ComponentSpec spec) {
        return spec.setting(MAX_CONCURRENT).map(HttpAttributes::maxConcurrent).orElse(DEFAULT_MAX_CONCURRENT);
    }
}
