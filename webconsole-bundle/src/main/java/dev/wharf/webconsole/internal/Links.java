package dev.wharf.webconsole.internal;

import dev.wharf.api.ComponentId;

/**
 * The page's addresses under the plugin's root ({@code /system/console/wharf}) and the form token
 * of the user the page is rendered for. A component's page is {@code <root>/<id>}; an id with a
 * dot gets {@code .html} appended, because the Web Console renders its header and menu only around
 * an address without an extension or with {@code .html}; {@link #componentOf} takes it off again.
 */
record Links(String root, String token) {

    String overview() {
        return root;
    }

    String component(ComponentId id) {
        return root + "/" + id.value() + (id.value().indexOf('.') >= 0 ? ".html" : "");
    }

    /** The component id a path below the root names ({@code counter}, {@code a.b.html}), or null for the overview. */
    static String componentOf(String rest) {
        if (rest == null) {
            return null;
        }
        String s = rest.startsWith("/") ? rest.substring(1) : rest;
        if (s.endsWith(".html")) {
            s = s.substring(0, s.length() - ".html".length());
        }
        return s.isEmpty() || s.equals("index") ? null : s;
    }
}
