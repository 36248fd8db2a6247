package dev.wharf.runtime.internal.deploy;

import dev.wharf.api.ComponentId;
import dev.wharf.runtime.internal.header.ComponentHeader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Locale;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.apache.felix.fileinstall.ArtifactInstaller;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;

/**
 * Lets a raw {@code .wasm} file in the deploy folder be a component: FileInstall hands it over,
 * and it is wrapped into a component bundle ({@code name.wasm;id=name}, default limits) which
 * the extender then brings to life like any other. Replacing the file updates that bundle in
 * place; deleting it uninstalls it. Limits can be set with a {@code dev.wharf.component}
 * configuration for the id.
 */
public final class WasmFileInstaller implements ArtifactInstaller {

    /** Bundle location prefix of wrapped modules, so they can be found again after a restart. */
    static final String LOCATION = "wharf:wasm:";

    private final BundleContext context;

    public WasmFileInstaller(BundleContext context) {
        this.context = context;
    }

    @Override
    public boolean canHandle(File artifact) {
        return artifact.getName().toLowerCase(Locale.ROOT).endsWith(".wasm");
    }

    @Override
    public void install(File artifact) throws Exception {
        Bundle existing = context.getBundle(location(artifact));
        if (existing != null) {
            update(artifact);
            return;
        }
        Bundle b = context.installBundle(location(artifact), new ByteArrayInputStream(wrap(artifact)));
        b.start();
    }

    @Override
    public void update(File artifact) throws Exception {
        Bundle b = context.getBundle(location(artifact));
        if (b == null) {
            install(artifact);
            return;
        }
        b.update(new ByteArrayInputStream(wrap(artifact)));
        if (b.getState() != Bundle.ACTIVE) {
            b.start();
        }
    }

    @Override
    public void uninstall(File artifact) throws BundleException {
        Bundle b = context.getBundle(location(artifact));
        if (b != null) {
            b.uninstall();
        }
    }

    private static String location(File artifact) {
        return LOCATION + artifact.getAbsoluteFile().toURI();
    }

    /** A component bundle holding the module, named after the file. */
    static byte[] wrap(File artifact) throws IOException {
        String file = artifact.getName();
        String id = file.substring(0, file.length() - ".wasm".length());
        if (!ComponentId.isValid(id)) {
            throw new IOException("cannot deploy " + artifact + ": the file name must be a component id"
                    + " ([a-z0-9][a-z0-9._-]{0,127}) followed by .wasm");
        }
        byte[] module = Files.readAllBytes(artifact.toPath());
        Manifest mf = new Manifest();
        Attributes a = mf.getMainAttributes();
        a.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        a.putValue("Bundle-ManifestVersion", "2");
        a.putValue("Bundle-SymbolicName", "wharf.deploy." + id);
        a.putValue("Bundle-Version", "0.0.0");
        a.putValue("Bundle-Name", "WebAssembly module " + file + " from the deploy folder");
        a.putValue(ComponentHeader.NAME, "module.wasm;id=" + id);
        a.putValue("Require-Capability", ComponentHeader.REQUIREMENT);
        ByteArrayOutputStream out = new ByteArrayOutputStream(module.length + 1024);
        try (JarOutputStream jar = new JarOutputStream(out, mf)) {
            jar.putNextEntry(new JarEntry("module.wasm"));
            jar.write(module);
            jar.closeEntry();
        }
        return out.toByteArray();
    }
}
