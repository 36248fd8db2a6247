package dev.wharf.otel.internal;

import dev.wharf.internal.config.ConfigCheck;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The checked, immutable form of {@link OtelConfig}; a mistake is an error naming the property.
 *
 * @param endpoint the receiver's base URL, without a trailing slash
 * @param serviceInstance as configured; empty means a UUID chosen when exporting starts
 */
record OtelSettings(String endpoint, String serviceName, String serviceInstance, boolean traces, boolean metrics,
        long metricsIntervalMs, double samplerRatio, Map<String, String> headers, long timeoutMs) {

    /** An HTTP header name (RFC 9110 token). */
    private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

    OtelSettings {
        headers = Map.copyOf(headers);
    }

    /** @throws IllegalArgumentException naming the property that is wrong and why */
    static OtelSettings of(OtelConfig c) {
        ConfigCheck check = new ConfigCheck(OtelConfig.PID);
        String serviceName = trim(c.service$_$name());
        if (serviceName.isEmpty()) {
            throw check.bad("service-name", "empty", "a name");
        }
        double ratio = c.sampler$_$ratio();
        if (!(ratio >= 0 && ratio <= 1)) {
            throw check.bad("sampler-ratio", ratio, "a number from 0 to 1");
        }
        return new OtelSettings(endpoint(check, c.endpoint()), serviceName, trim(c.service$_$instance()), c.traces(),
                c.metrics(), check.atLeast("metrics-interval-ms", c.metrics$_$interval$_$ms(), 100), ratio,
                headers(check, c.headers()), check.atLeast("timeout-ms", c.timeout$_$ms(), 1));
    }

    /** Where spans are posted. */
    String tracesUrl() {
        return endpoint + "/v1/traces";
    }

    /** Where metrics are posted. */
    String metricsUrl() {
        return endpoint + "/v1/metrics";
    }

    private static String endpoint(ConfigCheck check, String value) {
        String url = trim(value);
        String expected = "the base URL of an OTLP/HTTP receiver, http://host:port or https://host:port[/path]";
        if (url.isEmpty()) {
            throw check.bad("endpoint", "not set", expected);
        }
        try {
            URI uri = new URI(url);
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null
                    || uri.getQuery() != null || uri.getFragment() != null || uri.getUserInfo() != null) {
                throw check.bad("endpoint", url, expected);
            }
        } catch (URISyntaxException e) {
            throw check.bad("endpoint", url, expected);
        }
        while (url.endsWith("/")) {
            url = url.substring(0, url.length() - 1);
        }
        return url;
    }

    /** {@code name=value} entries; each entry may hold several, comma-separated (one .cfg line). */
    private static Map<String, String> headers(ConfigCheck check, String[] entries) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (String entry : entries == null ? new String[0] : entries) {
            for (String part : entry.split(",")) {
                if (part.isBlank()) {
                    continue;
                }
                int eq = part.indexOf('=');
                String name = eq < 0 ? "" : part.substring(0, eq).trim();
                String value = eq < 0 ? "" : part.substring(eq + 1).trim();
                if (!TOKEN.matcher(name).matches() || value.chars().anyMatch(ch -> ch < ' ' || ch == 127)) {
                    // the value is left out of the error: it is often a secret
                    throw check.bad("headers", eq < 0 ? "an entry without =" : "'" + name + "=...'",
                            "name=value with an HTTP header name and a value without control characters");
                }
                headers.put(name, value);
            }
        }
        return headers;
    }

    private static String trim(String s) {
        return s == null ? "" : s.trim();
    }
}
