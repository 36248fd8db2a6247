package dev.wharf.tools.p2;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * A PDE {@code feature.xml} as written in the source tree, made concrete the way PDE and Tycho
 * make it: a feature version ending in {@code .qualifier} gets the build's qualifier, and every
 * {@code version="0.0.0"} of a plugin (or of an included feature) becomes the version actually
 * shipped, so that the published feature requires exactly the bundles it was built with.
 */
public final class FeatureTemplate {

    private static final String ANY = "0.0.0";
    private static final String QUALIFIER = ".qualifier";

    private final Path source;
    private final Document document;

    private FeatureTemplate(Path source, Document document) {
        this.source = source;
        this.document = document;
    }

    /** Parses {@code feature.xml}; an unreadable file or one that is no feature is an error naming it. */
    public static FeatureTemplate read(Path featureXml) throws IOException {
        Document document = Xml.parse(featureXml);
        if (!"feature".equals(document.getDocumentElement().getTagName())) {
            throw new IllegalArgumentException(featureXml + " is no feature: its root element is <"
                    + document.getDocumentElement().getTagName() + ">");
        }
        return new FeatureTemplate(featureXml, document);
    }

    public String id() {
        return document.getDocumentElement().getAttribute("id");
    }

    /** The symbolic names of the plugins the feature lists. */
    public List<String> plugins() {
        List<String> ids = new ArrayList<>();
        for (Element plugin : Xml.elements(document.getDocumentElement(), "plugin")) {
            ids.add(plugin.getAttribute("id"));
        }
        return ids;
    }

    /** The feature's version in this build: its {@code .qualifier} replaced by {@code qualifier}. */
    public String concreteVersion(String qualifier) {
        String version = document.getDocumentElement().getAttribute("version");
        if (!version.endsWith(QUALIFIER)) {
            throw new IllegalArgumentException(source + ": version " + version + " of feature " + id()
                    + " must end in .qualifier (every feature of a build carries the build's qualifier)");
        }
        return version.substring(0, version.length() - QUALIFIER.length() + 1) + qualifier;
    }

    /**
     * Writes the concrete feature to {@code target}.
     *
     * @param version the feature's own version, {@link #concreteVersion}
     * @param bundles where the plugins' versions come from
     * @param features the concrete versions of this build's features, for the ones it includes
     */
    public void writeConcrete(Path target, String version, BundleIndex bundles, Map<String, String> features)
            throws IOException {
        document.getDocumentElement().setAttribute("version", version);
        for (Element plugin : Xml.elements(document.getDocumentElement(), "plugin")) {
            if (isAny(plugin)) {
                plugin.setAttribute("version", bundles.get(plugin.getAttribute("id")).version());
            }
        }
        for (Element included : Xml.elements(document.getDocumentElement(), "includes")) {
            if (isAny(included)) {
                String id = included.getAttribute("id");
                String concrete = features.get(id);
                if (concrete == null) {
                    throw new IllegalArgumentException(source + ": feature " + id() + " includes " + id
                            + ", which is not built here; give its version");
                }
                included.setAttribute("version", concrete);
            }
        }
        Files.createDirectories(target.getParent());
        try {
            var transformer = TransformerFactory.newInstance().newTransformer();
            transformer.setOutputProperty(OutputKeys.ENCODING, "UTF-8");
            transformer.transform(new DOMSource(document), new StreamResult(target.toFile()));
        } catch (TransformerException e) {
            throw new IOException("cannot write " + target + " from " + source, e);
        }
    }

    private static boolean isAny(Element element) {
        String version = element.getAttribute("version");
        return version.isEmpty() || ANY.equals(version);
    }
}
