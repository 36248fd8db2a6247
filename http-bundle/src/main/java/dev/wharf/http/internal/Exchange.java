package dev.wharf.http.internal;

import dev.wharf.api.http.HttpField;
import dev.wharf.api.http.IncomingRequest;
import dev.wharf.api.http.OutgoingResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

/** A servlet request as a component's {@link IncomingRequest}, and its {@link OutgoingResponse} as a servlet response. */
final class Exchange {

    /** Fields of one connection, which the server sets itself, not the component. */
    private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "transfer-encoding", "upgrade",
            "content-length", "proxy-connection", "te", "trailer");

    private Exchange() {}

    /** The request's body, or {@code null} when it is longer than {@code max} bytes (read no further than that). */
    static byte[] body(HttpServletRequest req, int max) throws IOException {
        if (req.getContentLengthLong() > max) {
            return null;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(0, Math.min(max, req.getContentLength())));
        byte[] buffer = new byte[8192];
        try (InputStream in = req.getInputStream()) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                if (out.size() + n > max) {
                    return null;
                }
                out.write(buffer, 0, n);
            }
        }
        return out.toByteArray();
    }

    /** The request as the component sees it: its path below {@code mountPath}, its fields in order. */
    static IncomingRequest incoming(HttpServletRequest req, String mountPath, byte[] body) {
        List<HttpField> fields = new ArrayList<>();
        for (String name : Collections.list(req.getHeaderNames())) {
            for (String value : Collections.list(req.getHeaders(name))) {
                // a server hands field values over as ISO-8859-1: their bytes are the ones received
                fields.add(new HttpField(name.toLowerCase(Locale.ROOT), value.getBytes(StandardCharsets.ISO_8859_1)));
            }
        }
        String authority = req.getHeader("Host");
        return new IncomingRequest(req.getMethod(), req.getScheme(), authority,
                below(req.getRequestURI(), req.getContextPath() + mountPath, req.getPathInfo(), req.getQueryString()),
                fields, body);
    }

    /**
     * The path and query below {@code prefix}, as received (not decoded): {@code /abc?x=1} for
     * {@code /shorten/abc} and {@code x=1} under {@code /shorten}; {@code /} for the prefix itself.
     * When the raw path does not start with the prefix (the client escaped a character of it), the
     * decoded {@code pathInfo} stands in.
     */
    static String below(String uri, String prefix, String pathInfo, String query) {
        String rest;
        if (uri.startsWith(prefix) && (uri.length() == prefix.length() || uri.charAt(prefix.length()) == '/')) {
            rest = uri.substring(prefix.length());
        } else {
            rest = pathInfo == null ? "" : pathInfo;
        }
        if (rest.isEmpty()) {
            rest = "/";
        }
        return query == null ? rest : rest + "?" + query;
    }

    /** Writes the component's response: its status, its fields but those of the connection, its body. */
    static void write(HttpServletResponse resp, OutgoingResponse response) throws IOException {
        resp.setStatus(response.status());
        for (HttpField f : response.headers()) {
            if (!HOP_BY_HOP.contains(f.name().toLowerCase(Locale.ROOT))) {
                resp.addHeader(f.name(), new String(f.value(), StandardCharsets.ISO_8859_1));
            }
        }
        resp.setContentLength(response.bodyLength());
        if (response.bodyLength() > 0) {
            resp.getOutputStream().write(response.body());
        }
    }
}
