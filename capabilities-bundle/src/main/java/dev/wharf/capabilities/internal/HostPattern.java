package dev.wharf.capabilities.internal;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A pattern over network hosts as {@code http-allow} uses them: {@code host} (any port),
 * {@code host:port}, {@code *.domain} (any host below {@code domain}, not {@code domain} itself,
 * any port) or {@code *.domain:port}. Hosts are DNS names or IPv4 addresses, compared without
 * regard to case; an IPv6 address is written in brackets ({@code [::1]:8080}).
 */
public record HostPattern(String text) {

    private static final Pattern SYNTAX = Pattern.compile(
            "(\\*\\.)?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*|\\[[0-9a-f:.]+\\])(:[0-9]{1,5})?");

    public HostPattern {
        if (!isValid(text)) {
            throw new IllegalArgumentException("invalid host pattern '" + text
                    + "': expected 'host', 'host:port' or '*.domain' (with an optional ':port')");
        }
        text = text.toLowerCase(Locale.ROOT);
    }

    public static HostPattern of(String text) {
        return new HostPattern(text);
    }

    /** Whether {@code text} is a valid pattern (host names are checked in lower case). */
    public static boolean isValid(String text) {
        if (text == null || !SYNTAX.matcher(text.toLowerCase(Locale.ROOT)).matches()) {
            return false;
        }
        int colon = text.lastIndexOf(':');
        if (colon > text.lastIndexOf(']')) {
            int port = Integer.parseInt(text.substring(colon + 1));
            return port >= 1 && port <= 65535;
        }
        return true;
    }

    /**
     * Whether it admits {@code host} (as in a URI, IPv6 in brackets) at {@code port}.
     */
    public boolean matches(String host, int port) {
        String h = host.toLowerCase(Locale.ROOT);
        String p = text;
        int colon = p.lastIndexOf(':');
        if (colon > p.lastIndexOf(']')) {
            if (Integer.parseInt(p.substring(colon + 1)) != port) {
                return false;
            }
            p = p.substring(0, colon);
        }
        if (p.startsWith("*.")) {
            String domain = p.substring(1); // ".example.com"
            return h.endsWith(domain) && h.length() > domain.length();
        }
        return h.equals(p);
    }

    /** Whether any of {@code patterns} admits {@code host} at {@code port}. */
    public static boolean anyMatches(List<HostPattern> patterns, String host, int port) {
        for (HostPattern p : patterns) {
            if (p.matches(host, port)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The patterns of a comma-separated list (an {@code http-allow} value); blank items are skipped.
     *
     * @throws IllegalArgumentException naming the first invalid pattern
     */
    public static List<HostPattern> list(String value) {
        List<HostPattern> out = new java.util.ArrayList<>();
        for (String p : value.split(",")) {
            if (!p.isBlank()) {
                out.add(of(p.trim()));
            }
        }
        return List.copyOf(out);
    }

    @Override
    public String toString() {
        return text;
    }
}
