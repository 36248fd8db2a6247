package dev.wharf.launcher;

import dev.wharf.launcher.LaunchPlan.EmbeddedBundle;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.startlevel.BundleStartLevel;
import org.osgi.framework.wiring.BundleRevision;

/**
 * Makes the framework hold exactly the plan's bundles, each installed from its file in the
 * {@link BundleFolder} (location {@code file:wharf-data/bundles/<name>.jar}, relative like the
 * rest of {@code wharf-data/}): installs what is missing, updates a bundle whose file is newer
 * than its installed content, uninstalls one the plan no longer has, and moves a bundle that
 * bnd's launcher installed from inside the jar (location {@code jar/<name>.jar}, which cannot
 * be updated without naming a new location) to its file, its data area with it.
 */
final class Installer {

    /** Where bnd's launcher, which started wharf.jar before, installed the embedded bundles from. */
    static final String EMBEDDED_LOCATION = "jar/";

    private final BundleFolder folder;
    // the locations of the folder's files start with it: file:wharf-data/bundles/
    private final String prefix;
    private final Path storage;
    private final PrintStream log;

    /**
     * @param storage the framework's storage, where each bundle's data area is {@code bundle<id>/data}
     */
    Installer(BundleFolder folder, Path storage, PrintStream log) {
        this.folder = folder;
        this.prefix = "file:" + folder.dir().toString().replace('\\', '/') + "/";
        this.storage = storage;
        this.log = log;
    }

    void synchronize(BundleContext system, LaunchPlan plan) throws LaunchException {
        Set<String> planned = new HashSet<>();
        for (EmbeddedBundle embedded : plan.bundles()) {
            String location = location(embedded);
            planned.add(location);
            try {
                Bundle bundle = place(system, embedded, location);
                if (!embedded.symbolicName().equals(bundle.getSymbolicName())) {
                    throw new LaunchException(location + " is " + bundle.getSymbolicName() + ", not "
                            + embedded.symbolicName() + ": put the bundle wharf.jar names there back");
                }
                bundle.adapt(BundleStartLevel.class).setStartLevel(embedded.startLevel());
                if ((bundle.adapt(BundleRevision.class).getTypes() & BundleRevision.TYPE_FRAGMENT) == 0) {
                    bundle.start(Bundle.START_ACTIVATION_POLICY);
                }
            } catch (BundleException | IOException e) {
                throw new LaunchException("cannot install " + location + ": " + e.getMessage(), e);
            }
        }
        for (Bundle bundle : system.getBundles()) {
            if (ours(bundle.getLocation()) && !planned.contains(bundle.getLocation())) {
                uninstall(bundle);
            }
        }
    }

    /** The location of {@code embedded}: a {@code file:} URL, so that an update can read it again. */
    String location(EmbeddedBundle embedded) {
        return prefix + embedded.fileName();
    }

    private Bundle place(BundleContext system, EmbeddedBundle embedded, String location)
            throws BundleException, IOException {
        Bundle installed = system.getBundle(location);
        if (installed != null) {
            if (Files.getLastModifiedTime(folder.file(embedded)).toMillis() > installed.getLastModified()) {
                installed.update();
            }
            return installed;
        }
        Bundle embeddedBefore = system.getBundle(embedded.path());
        return embeddedBefore != null ? move(system, embeddedBefore, location) : system.installBundle(location);
    }

    /** Reinstalls {@code old} from {@code location}; its data area (the registry, configurations) goes along. */
    private Bundle move(BundleContext system, Bundle old, String location) throws BundleException, IOException {
        Path data = dataArea(old.getBundleId());
        Path kept = storage.resolve("moving-data-of-bundle" + old.getBundleId());
        if (Files.isDirectory(data)) {
            Files.move(data, kept);
        }
        old.uninstall();
        Bundle moved = system.installBundle(location);
        if (Files.isDirectory(kept)) {
            Path target = dataArea(moved.getBundleId());
            Files.createDirectories(target.getParent());
            Files.move(kept, target);
        }
        log.println("wharf: bundle " + old.getBundleId() + " (" + old.getLocation() + ") is now bundle "
                + moved.getBundleId() + " (" + location + "), with its data");
        return moved;
    }

    private Path dataArea(long bundleId) {
        return storage.resolve("bundle" + bundleId).resolve("data");
    }

    private boolean ours(String location) {
        return location.startsWith(EMBEDDED_LOCATION)
                || location.startsWith(prefix);
    }

    private void uninstall(Bundle bundle) throws LaunchException {
        try {
            bundle.uninstall();
            log.println("wharf: uninstalled " + bundle.getSymbolicName() + " (" + bundle.getLocation()
                    + "): this wharf.jar does not have it");
        } catch (BundleException e) {
            throw new LaunchException("cannot uninstall " + bundle.getLocation() + ": " + e.getMessage(), e);
        }
    }
}
