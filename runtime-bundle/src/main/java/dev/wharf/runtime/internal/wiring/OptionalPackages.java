package dev.wharf.runtime.internal.wiring;

import org.osgi.framework.BundleContext;
import org.osgi.framework.namespace.PackageNamespace;
import org.osgi.framework.wiring.BundleWiring;

/**
 * Whether the runtime is wired to a package it imports optionally (EventAdmin, OpenTelemetry): a
 * class that uses such a package may be loaded only then. A service of that API may still be
 * present when the runtime resolved before its bundle came: the runtime is not wired to it until
 * it is refreshed.
 */
public final class OptionalPackages {

    private OptionalPackages() {}

    /** Whether the bundle of {@code context} imports {@code packageName} from some bundle now. */
    public static boolean wired(BundleContext context, String packageName) {
        BundleWiring wiring = context.getBundle().adapt(BundleWiring.class);
        return wiring != null && wiring.getRequiredWires(PackageNamespace.PACKAGE_NAMESPACE).stream()
                .anyMatch(w -> packageName.equals(w.getCapability().getAttributes().get(PackageNamespace.PACKAGE_NAMESPACE)));
    }
}
