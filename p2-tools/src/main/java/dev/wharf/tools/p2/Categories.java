package dev.wharf.tools.p2;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * Checks a {@code category.xml} against the features built: p2's category publisher silently
 * skips a feature it does not find, and Eclipse's Install New Software hides, by default, a
 * feature that is in no category; either would be a feature users cannot see.
 */
final class Categories {

    private Categories() {}

    static void check(Path categoryXml, Set<String> features) throws IOException {
        Document site = Xml.parse(categoryXml);
        Set<String> defined = new TreeSet<>();
        for (Element definition : Xml.elements(site.getDocumentElement(), "category-def")) {
            defined.add(definition.getAttribute("name"));
        }
        Set<String> categorized = new TreeSet<>();
        for (Element entry : Xml.elements(site.getDocumentElement(), "feature")) {
            for (Element category : Xml.elements(entry, "category")) {
                if (!defined.contains(category.getAttribute("name"))) {
                    throw new IllegalArgumentException(categoryXml + " puts feature " + entry.getAttribute("id")
                            + " in category " + category.getAttribute("name") + ", which no <category-def> defines");
                }
                categorized.add(entry.getAttribute("id"));
            }
        }
        Set<String> unknown = new TreeSet<>(categorized);
        unknown.removeAll(features);
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException(categoryXml + " names features that are not built: " + unknown);
        }
        Set<String> hidden = new TreeSet<>(features);
        hidden.removeAll(categorized);
        if (!hidden.isEmpty()) {
            throw new IllegalArgumentException(categoryXml + " puts no category on " + hidden
                    + ", which Install New Software would hide");
        }
    }
}
