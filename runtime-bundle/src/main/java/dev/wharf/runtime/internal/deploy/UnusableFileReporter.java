package dev.wharf.runtime.internal.deploy;

import dev.wharf.api.runtime.DeploymentProblem;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import org.apache.felix.fileinstall.ArtifactInstaller;

/**
 * Speaks up for a jar in the deploy folder that FileInstall cannot install as a bundle (not a
 * jar, no manifest, no {@code Bundle-SymbolicName}, empty, unreadable), which it would otherwise
 * ignore without a word: the file is reported once, in the log and by {@code wasm:list} (not
 * deployed), until it changes. When it has become a bundle, this installer lets it go, and
 * FileInstall installs it like any other.
 */
public final class UnusableFileReporter implements ArtifactInstaller {

    private final Deployer deployer;

    public UnusableFileReporter(Deployer deployer) {
        this.deployer = deployer;
    }

    /**
     * A jar that exists and is not a bundle. FileInstall also asks about files that are gone (to
     * find who uninstalls a bundle it installed before a restart): those are never claimed here.
     */
    @Override
    public boolean canHandle(File artifact) {
        return artifact.getName().toLowerCase(Locale.ROOT).endsWith(".jar") && artifact.isFile()
                && problem(artifact).isPresent();
    }

    @Override
    public void install(File artifact) {
        report(artifact);
    }

    @Override
    public void update(File artifact) {
        report(artifact);
    }

    /**
     * The file is gone, or has become a bundle (FileInstall asks us to let it go then). In the
     * second case FileInstall has forgotten the file but remembers its checksum, so it would not
     * look at it again before the next change: its time stamp is moved forward (the content is
     * untouched), and the next scan installs it as the bundle it now is.
     */
    @Override
    public void uninstall(File artifact) {
        deployer.problems().clear(artifact.getPath());
        if (artifact.exists() && problem(artifact).isEmpty() && !artifact.setLastModified(System.currentTimeMillis())) {
            System.getLogger("dev.wharf.runtime").log(System.Logger.Level.WARNING, artifact.getPath()
                    + " is a bundle now, but its time stamp could not be changed: touch it to have it installed");
        }
    }

    private void report(File artifact) {
        deployer.problems().clear(artifact.getPath());
        problem(artifact).ifPresent(why -> deployer.problems().report(new DeploymentProblem(DeploymentProblem.NO_BUNDLE,
                artifact.getPath(), Optional.empty(), "", artifact.getPath() + " " + why, Instant.now())));
    }

    /** Why {@code artifact} is not a bundle, or empty when it is one. */
    static Optional<String> problem(File artifact) {
        if (!Files.isReadable(artifact.toPath())) {
            return Optional.of("cannot be read");
        }
        if (artifact.length() == 0) {
            return Optional.of("is empty, not a bundle");
        }
        try (JarFile jar = new JarFile(artifact)) {
            Manifest mf = jar.getManifest();
            if (mf == null) {
                return Optional.of("is not a bundle: it has no manifest");
            }
            if (mf.getMainAttributes().getValue("Bundle-SymbolicName") == null) {
                return Optional.of("is not a bundle: its manifest has no Bundle-SymbolicName");
            }
            return Optional.empty();
        } catch (IOException | SecurityException e) {
            return Optional.of("is not a jar: " + e.getMessage());
        }
    }
}
