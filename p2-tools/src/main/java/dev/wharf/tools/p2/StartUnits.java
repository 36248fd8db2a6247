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
            String exact = "[" + bundles.get(bsn).version() + "," + bundles.get(bsn).version() + "]";
            String unit = featureId + ".start." + bsn;
            String r = "requires." + n + ".";
            String u = "units." + n + ".";
            inf.append(r).append("namespace=org.eclipse.equinox.p2.iu\n")
                    .append(r).append("name=").append(unit).append('\n')
                    .append(r).append("range=[").append(featureVersion).append(',').append(featureVersion).append("]\n")
                    .append(u).append("id=").append(unit).append('\n')
                    .append(u).append("version=").append(featureVersion).append('\n')
                    .append(u).append("provides.0.namespace=org.eclipse.equinox.p2.iu\n")
                    .append(u).append("provides.0.name=").append(unit).append('\n')
                    .append(u).append("provides.0.version=").append(featureVersion).append('\n')
                    .append(u).append("hostRequirements.0.namespace=osgi.bundle\n")
                    .append(u).append("hostRequirements.0.name=").append(bsn).append('\n')
                    .append(u).append("hostRequirements.0.range=").append(exact).append('\n')
                    .append(u).append("hostRequirements.1.namespace=org.eclipse.equinox.p2.eclipse.type\n")
                    .append(u).append("hostRequirements.1.name=bundle\n")
                    .append(u).append("hostRequirements.1.range=[1.0.0,2.0.0)\n")
                    .append(u).append("hostRequirements.1.greedy=false\n")
                    .append(u).append("requires.0.namespace=osgi.bundle\n")
                    .append(u).append("requires.0.name=").append(bsn).append('\n')
                    .append(u).append("requires.0.range=").append(exact).append('\n')
                    .append(u).append("touchpoint.id=org.eclipse.equinox.p2.osgi\n")
                    .append(u).append("touchpoint.version=1.0.0\n")
                    .append(u).append("instructions.install=installBundle(bundle:${artifact});\n")
                    .append(u).append("instructions.uninstall=uninstallBundle(bundle:${artifact});\n")
                    .append(u).append("instructions.configure=setStartLevel(startLevel:").append(start.getValue())
                    .append(");markStarted(started:true);\n")
                    .append(u).append("instructions.unconfigure=setStartLevel(startLevel:-1);markStarted(started:false);\n");
            n++;
        }
        return inf.toString();
    }
}
