package dev.wharf.tools.p2;

import java.util.Map;

/**
 * The {@code p2.inf} of a feature whose bundles must be started, not only installed: a bundle
 * published from a plain jar carries no start instruction, and Declarative Services activates
 * nothing in a bundle that is merely resolved.
 *
 * <p>For each bundle the feature gets a configuration unit hosted on that bundle (start level,
 * marked started) and requires it. p2 applies one configuration unit per bundle, the one with
 * the most host requirements; this one has two, so it wins over a product's default unit, and
 * it installs the bundle itself as the default unit would.
 */
public final class StartUnits {

    private StartUnits() {}

    /**
     * @param featureId the feature whose group requires the units
     * @param featureVersion the version of the units, the feature's
     * @param startLevels start level by bundle
     * @param bundles where the bundles' exact versions come from
     */
    public static String p2Inf(String featureId, String featureVersion, Map<String, Integer> startLevels, BundleIndex bundles) {
        StringBuilder inf = new StringBuilder("# Written by p2-tools: start these bundles when installed.\n");
        int n = 0;
        for (Map.Entry<String, Integer> start : startLevels.entrySet()) {
            String bsn = start.getKey();
            String version = bundles.get(bsn).version();
            String exact = "[" + version + "," + version + "]";
            String unit = featureId + ".start." + bsn;
            append(inf, "requires." + n + ".", new String[][] {
                {"namespace", "org.eclipse.equinox.p2.iu"},
                {"name", unit},
                {"range", "[" + featureVersion + "," + featureVersion + "]"}});
            append(inf, "units." + n + ".", new String[][] {
                {"id", unit},
                {"version", featureVersion},
                {"provides.0.namespace", "org.eclipse.equinox.p2.iu"},
                {"provides.0.name", unit},
                {"provides.0.version", featureVersion},
                {"hostRequirements.0.namespace", "osgi.bundle"},
                {"hostRequirements.0.name", bsn},
                {"hostRequirements.0.range", exact},
                {"hostRequirements.1.namespace", "org.eclipse.equinox.p2.eclipse.type"},
                {"hostRequirements.1.name", "bundle"},
                {"hostRequirements.1.range", "[1.0.0,2.0.0)"},
                {"hostRequirements.1.greedy", "false"},
                {"requires.0.namespace", "osgi.bundle"},
                {"requires.0.name", bsn},
                {"requires.0.range", exact},
                {"touchpoint.id", "org.eclipse.equinox.p2.osgi"},
                {"touchpoint.version", "1.0.0"},
                {"instructions.install", "installBundle(bundle:${artifact});"},
                {"instructions.uninstall", "uninstallBundle(bundle:${artifact});"},
                {"instructions.configure", "setStartLevel(startLevel:" + start.getValue() + ");markStarted(started:true);"},
                {"instructions.unconfigure", "setStartLevel(startLevel:-1);markStarted(started:false);"}});
            n++;
        }
        return inf.toString();
    }

    private static void append(StringBuilder inf, String prefix, String[][] properties) {
        for (String[] property : properties) {
            inf.append(prefix).append(property[0]).append('=').append(property[1]).append('\n');
        }
    }
}
