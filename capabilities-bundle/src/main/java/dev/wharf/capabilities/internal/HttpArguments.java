package dev.wharf.capabilities.internal;

import dev.wharf.api.ErrorCode;
import dev.wharf.spi.capability.CapabilityException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** The arguments of {@code wharf:http.request} as the guest writes them, checked; all failures are INVALID_ARGUMENTS. */
final class HttpArguments {

    static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS");

    /** One request header. */
    record Header(String name, String value) {}

    /**
     * Where a request goes.
     *
     * @param host the host as in the URI (an IPv6 address in brackets), as {@code http-allow} matches it
     * @param port the port, the scheme's default when the URI has none
     */
    record Target(URI uri, String host, int port) {
        String hostPort() {
            return host + ":" + port;
        }
    }

    private HttpArguments() {}

    /** {@code text} as one of {@link #METHODS}, in upper case. */
    static String method(String text) {
        String m = text.toUpperCase(Locale.ROOT);
        if (!METHODS.contains(m)) {
            throw invalid("method '" + text + "' is not one of " + String.join(", ", METHODS.stream().sorted().toList()));
        }
        return m;
    }

    /** {@code text} as an absolute http or https URI with a host. */
    static Target target(String text) {
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw invalid("url '" + text + "' is malformed: " + e.getMessage());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw invalid("url '" + text + "' is not an absolute http or https URL");
        }
        if (uri.getHost() == null) {
            throw invalid("url '" + text + "' names no host");
        }
        int port = uri.getPort() == -1 ? (scheme.equals("https") ? 443 : 80) : uri.getPort();
        if (port < 1 || port > 65535) {
            throw invalid("url '" + text + "' has port " + port + ", outside 1-65535");
        }
        return new Target(uri, uri.getHost(), port);
    }

    /**
     * {@code text} as header lines {@code Name: value} separated by {@code \n}; a trailing
     * {@code \r} is dropped and empty lines are skipped. Whether a name or value is acceptable
     * (and not restricted) the JDK decides when the request is built.
     */
    static List<Header> headers(String text) {
        List<Header> out = new ArrayList<>();
        for (String line : text.split("\n", -1)) {
            String l = line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
            if (l.isEmpty()) {
                continue;
            }
            int colon = l.indexOf(':');
            if (colon <= 0) {
                throw invalid("header line '" + l + "' is not 'Name: value'");
            }
            out.add(new Header(l.substring(0, colon), l.substring(colon + 1).strip()));
        }
        return out;
    }

    static CapabilityException invalid(String message) {
        return new CapabilityException(ErrorCode.INVALID_ARGUMENTS, message);
    }
}
