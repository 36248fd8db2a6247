package dev.wharf.webconsole.internal;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Guards the page's POST forms against cross-site requests, on top of the Web Console's own
 * authentication (which a browser replays on a forged request): a POST must carry the form's
 * token, an HMAC of the authenticated user under a key drawn when the plugin starts, and must come
 * from the console's own origin, its {@code Origin} header or, without one, its {@code Referer}
 * naming the host the request was sent to. A request with neither header is refused.
 */
final class CsrfGuard {

    /** The name of the form field that carries the token. */
    static final String FIELD = "wharf-token";

    private final SecretKeySpec key;

    CsrfGuard() {
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        this.key = new SecretKeySpec(secret, "HmacSHA256");
    }

    /** The token of {@code user} (the request's remote user, null when the console names none). */
    String token(String user) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            byte[] sum = mac.doFinal(("wharf-console:" + (user == null ? "" : user)).getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(sum);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    /**
     * Why a POST is refused, or null when it passes.
     *
     * @param user the authenticated user, or null
     * @param token the form's token, or null
     * @param host the request's {@code Host} header, or null
     * @param origin the request's {@code Origin} header, or null
     * @param referer the request's {@code Referer} header, or null
     */
    String refusal(String user, String token, String host, String origin, String referer) {
        if (token == null || !MessageDigest.isEqual(token.getBytes(StandardCharsets.UTF_8),
                token(user).getBytes(StandardCharsets.UTF_8))) {
            return "missing or wrong form token";
        }
        if (host == null || host.isBlank()) {
            return "no Host header";
        }
        String from = origin != null ? origin : referer;
        if (from == null) {
            return "neither Origin nor Referer";
        }
        String authority = authority(from);
        if (authority == null || !authority.equals(host.trim().toLowerCase(Locale.ROOT))) {
            return "cross-origin request from " + from;
        }
        return null;
    }

    /** The host[:port] of an absolute http(s) URL, lower case, or null. */
    static String authority(String url) {
        try {
            URI uri = new URI(url.trim());
            String scheme = uri.getScheme();
            if (uri.getHost() == null || scheme == null
                    || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))) {
                return null;
            }
            String host = uri.getHost().toLowerCase(Locale.ROOT);
            return uri.getPort() < 0 ? host : host + ":" + uri.getPort();
        } catch (java.net.URISyntaxException e) {
            return null;
        }
    }
}
