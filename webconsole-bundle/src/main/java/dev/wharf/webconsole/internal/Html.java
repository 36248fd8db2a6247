package dev.wharf.webconsole.internal;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

/**
 * Builds an HTML fragment: every text and attribute value goes through {@link #escape}, so a
 * component's reason, a dead letter's text or an audit record cannot inject markup.
 */
final class Html {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'")
            .withZone(ZoneOffset.UTC);

    private final StringBuilder out = new StringBuilder(4096);

    /** {@code text} with {@code & < > " '} replaced by their character references. */
    static String escape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    static String time(Instant t) {
        return t == null ? "" : TIME.format(t);
    }

    static String time(Optional<Instant> t) {
        return t.map(Html::time).orElse("");
    }

    /** Markup written as is: only ever literals of this package. */
    Html raw(String markup) {
        out.append(markup);
        return this;
    }

    Html text(Object text) {
        out.append(escape(text == null ? "" : String.valueOf(text)));
        return this;
    }

    Html heading(String text) {
        return raw("<h3>").text(text).raw("</h3>\n");
    }

    /** Starts a table of the Web Console's look with these column headers. */
    Html table(String id, String... headers) {
        raw("<table id=\"").text(id).raw("\" class=\"tablesorter nicetable\">\n<thead><tr>");
        for (String h : headers) {
            raw("<th>").text(h).raw("</th>");
        }
        return raw("</tr></thead>\n<tbody>\n");
    }

    /** One row of text cells. */
    Html row(Object... cells) {
        raw("<tr>");
        for (Object c : cells) {
            cell(c);
        }
        return raw("</tr>\n");
    }

    Html cell(Object text) {
        return raw("<td>").text(text).raw("</td>");
    }

    Html endTable() {
        return raw("</tbody>\n</table>\n");
    }

    Html link(String href, String text) {
        return raw("<a href=\"").text(href).raw("\">").text(text).raw("</a>");
    }

    Html paragraph(String text) {
        return raw("<p>").text(text).raw("</p>\n");
    }

    /** A POST form with one button and the CSRF token as a hidden field. */
    Html postButton(String action, String token, String name, String label) {
        return raw("<form method=\"post\" action=\"").text(action).raw("\" style=\"display:inline\">")
                .raw("<input type=\"hidden\" name=\"").text(CsrfGuard.FIELD).raw("\" value=\"").text(token).raw("\">")
                .raw("<button type=\"submit\" name=\"action\" value=\"").text(name).raw("\">").text(label)
                .raw("</button></form>\n");
    }

    @Override
    public String toString() {
        return out.toString();
    }
}
