package dev.wharf.runtime.internal.extender;

import dev.wharf.api.ComponentId;
import dev.wharf.api.ComponentSpec;
import dev.wharf.api.WharfException;
import dev.wharf.api.annotation.RequireWharfComponents;
import dev.wharf.runtime.internal.actor.ActorSystem;
import dev.wharf.runtime.internal.capability.CapabilityHost;
import dev.wharf.runtime.internal.actor.ComponentActor;
import dev.wharf.runtime.internal.actor.Origin;
import dev.wharf.runtime.internal.deploy.Deployer;
import dev.wharf.runtime.internal.handover.RuntimeHandover;
import dev.wharf.runtime.internal.header.ComponentHeader;
import dev.wharf.runtime.internal.header.HeaderClause;
import dev.wharf.runtime.internal.header.OsgiHeaderParser;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.SynchronousBundleListener;
import org.osgi.framework.ServiceRegistration;
import org.osgi.framework.namespace.PackageNamespace;
import org.osgi.framework.wiring.BundleRequirement;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.framework.wiring.BundleWire;
import org.osgi.framework.wiring.BundleWiring;
import org.osgi.resource.Namespace;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.util.tracker.BundleTracker;
import org.osgi.util.tracker.BundleTrackerCustomizer;

/**
 * The extender: brings the components of every bundle with a {@code Wasm-Component} header to
 * life when the bundle starts and stops them when it stops. It works synchronously, so when
 * {@code Bundle.start()} returns the bundle's components are ready (or their problems known).
 * A clause that cannot be deployed is reported and skipped; the bundle and the other
 * components are unaffected. A bundle that requires the {@code dev.wharf.component} extender is
 * extended only when that requirement is wired to this runtime (another runtime in the same
 * framework serves the others); a bundle that does not declare the requirement is extended too.
 * Operator overrides of header attributes (PID {@code dev.wharf.component}) live here as well.
 */
@Component(service = {}, immediate = true)
public final class ComponentExtender implements BundleTrackerCustomizer<List<ComponentActor>> {

    /** Largest module read from a bundle: beyond what Chicory can address anyway. */
    static final int MAX_MODULE_BYTES = 256 * 1024 * 1024;
    private static final String EXTENDER = RequireWharfComponents.NAMESPACE;

    private final Deployer deployer;
    private final BundleUpdates updates;
    private volatile boolean closing;
    private final ComponentOverrides overrides;
    private final Bundle self;
    private static final String FILEINSTALL_PACKAGE = "org.apache.felix.fileinstall";
    private static final String CM_PACKAGE = "org.osgi.service.cm";

    private final BundleTracker<List<ComponentActor>> tracker;
    private final BundleContext context;
    // synchronous: when uninstall() returns, its components are gone and a waiting bundle has its id
    private final SynchronousBundleListener uninstalls = this::bundleChanged;
    private final ServiceRegistration<?> wasmInstaller;
    private final ServiceRegistration<?> fileReporter;
    private final ServiceRegistration<?> configurations;

    @Activate
    public ComponentExtender(BundleContext context, @Reference Deployer deployer, @Reference ActorSystem system,
            @Reference CapabilityHost capabilities) {
        this.deployer = deployer;
        this.overrides = new ComponentOverrides(system, deployer::checkSpec);
        capabilities.configSource(overrides::config); // the config capability's config.<key> values
        this.updates = new BundleUpdates(deployer, overrides);
        this.self = context.getBundle();
        createDeployFolder(context);
        // overrides first, so that the components deployed when the tracker opens get them
        this.configurations = registerConfigurations(context, overrides);
        this.tracker = new BundleTracker<>(context, Bundle.STARTING | Bundle.ACTIVE, this);
        tracker.open();
        deployer.takeoverEnded(); // what a component of the previous runtime left and none here took is answered
        this.wasmInstaller = registerWasmInstaller(context);
        this.fileReporter = registerFileReporter(context, deployer);
        this.context = context;
        context.addBundleListener(uninstalls);
        deployer.onRelease(this::released);
    }

    /** With ConfigAdmin present, operators can override header attributes by configuration. */
    private static ServiceRegistration<?> registerConfigurations(BundleContext context, ComponentOverrides overrides) {
        if (!wired(context, CM_PACKAGE)) {
            System.getLogger("dev.wharf.runtime").log(System.Logger.Level.WARNING, "no ConfigAdmin is wired to the "
                    + "runtime: overrides by configuration (PID dev.wharf.component) are off");
            return null;
        }
        java.util.Hashtable<String, Object> props = new java.util.Hashtable<>();
        props.put("service.pid", ComponentConfigurations.PID);
        ComponentConfigurations factory = new ComponentConfigurations(overrides);
        factory.loadStored(context);
        return context.registerService(CM_PACKAGE + ".ManagedServiceFactory", factory, props);
    }

    private static boolean wired(BundleContext context, String pkg) {
        BundleWiring wiring = context.getBundle().adapt(BundleWiring.class);
        return wiring != null && wiring.getRequiredWires(PackageNamespace.PACKAGE_NAMESPACE).stream()
                .anyMatch(w -> pkg.equals(w.getCapability().getAttributes().get(PackageNamespace.PACKAGE_NAMESPACE)));
    }

    /**
     * When FileInstall is there, raw {@code .wasm} files in the deploy folder become components.
     * The installer class is only loaded when its package is wired, so platforms without
     * FileInstall never see it.
     */
    private static ServiceRegistration<?> registerWasmInstaller(BundleContext context) {
        if (!wired(context, FILEINSTALL_PACKAGE)) {
            return null;
        }
        return context.registerService(FILEINSTALL_PACKAGE + ".ArtifactInstaller",
                new dev.wharf.runtime.internal.deploy.WasmFileInstaller(context), null);
    }

    /** With FileInstall, a jar in the deploy folder that is not a bundle is reported, not ignored. */
    private static ServiceRegistration<?> registerFileReporter(BundleContext context, Deployer deployer) {
        if (!wired(context, FILEINSTALL_PACKAGE)) {
            return null;
        }
        return context.registerService(FILEINSTALL_PACKAGE + ".ArtifactInstaller",
                new dev.wharf.runtime.internal.deploy.UnusableFileReporter(deployer), null);
    }

    /**
     * FileInstall watches {@code felix.fileinstall.dir} but does not create it; the container
     * should start in an empty directory, so the extender creates it.
     */
    private static void createDeployFolder(BundleContext context) {
        String dir = context.getProperty("felix.fileinstall.dir");
        if (dir == null || dir.isBlank()) {
            return;
        }
        try {
            Files.createDirectories(Path.of(dir));
        } catch (IOException | RuntimeException e) {
            System.getLogger("dev.wharf.runtime").log(System.Logger.Level.WARNING,
                    "cannot create the deploy folder " + dir + ": " + e, e);
        }
    }

    @Deactivate
    void deactivate() {
        closing = true;
        deployer.onRelease(bundleId -> { });
        if (RuntimeHandover.wanted(context)) {
            deployer.handOver(context); // an update of the runtime: its components go on in the next one
        }
        if (wasmInstaller != null) {
            wasmInstaller.unregister();
        }
        if (fileReporter != null) {
            fileReporter.unregister();
        }
        if (configurations != null) {
            configurations.unregister();
        }
        context.removeBundleListener(uninstalls);
        tracker.close();
        updates.stopAll();
    }

    @Override
    public List<ComponentActor> addingBundle(Bundle bundle, BundleEvent event) {
        String header = bundle.getHeaders("").get(ComponentHeader.NAME);
        List<ComponentActor> previous = updates.remove(bundle.getBundleId());
        if (header == null || !servedHere(bundle)) {
            if (previous != null) {
                undeploy(bundle, previous);
            }
            return null;
        }
        List<ComponentActor> started = new ArrayList<>();
        if (previous != null) {
            deployer.problems().clear(bundle.getBundleId());
            updates.swap(bundle, header, previous, started);
        }
        deploy(bundle, header, started);
        return started;
    }

    /**
     * Deploys the clauses of {@code bundle} whose components are not in {@code started} yet,
     * adding them to it; reports the others.
     */
    private void deploy(Bundle bundle, String header, List<ComponentActor> started) {
        Origin origin = new Origin(bundle.getBundleId(), bundle.getSymbolicName(), bundle.getVersion().toString());
        List<HeaderClause> clauses;
        try {
            clauses = OsgiHeaderParser.parse(header);
        } catch (IllegalArgumentException e) {
            problem(origin, null, header, "malformed " + ComponentHeader.NAME + " header '" + header + "': " + e.getMessage());
            return;
        }
        for (HeaderClause clause : clauses) {
            String id = clause.attributes().get("id");
            ComponentSpec spec;
            try {
                spec = ComponentHeader.toSpec(clause);
            } catch (IllegalArgumentException e) {
                problem(origin, id, clause.text(), ComponentHeader.NAME + " clause '" + clause.text() + "': " + e.getMessage());
                continue;
            }
            ComponentId componentId = spec.id();
            if (started.stream().anyMatch(a -> a.id().equals(componentId))) {
                continue;
            }
            Map<String, String> attributes = new LinkedHashMap<>(clause.attributes());
            attributes.putIfAbsent("id", componentId.value());
            try {
                spec = ComponentHeader.toSpec(clause.path(), overrides.apply(componentId, attributes));
            } catch (IllegalArgumentException e) {
                problem(origin, componentId.value(), clause.text(), "configuration dev.wharf.component for '"
                        + componentId + "' is invalid: " + e.getMessage());
                continue;
            }
            try {
                byte[] bytes = readModule(bundle, spec.modulePath());
                started.add(deployer.deploy(spec, attributes, bytes, origin));
            } catch (WharfException | IOException e) {
                // an id held by another bundle is tried again when that bundle goes; nothing else is
                deployer.problems().report(origin, componentId.value(), clause.text(), e.getMessage(),
                        deployer.holder(spec, origin).orElse(null));
            } catch (RuntimeException e) {
                problem(origin, componentId.value(), clause.text(), "unexpected failure: " + e);
            }
        }
    }

    /**
     * A bundle stopped or was uninstalled: the ids it provided (and, when uninstalled, owned) are
     * free, so the bundles whose clauses wait for one of them try again at once; no other failure
     * is tried again (an invalid module stays invalid until its own bundle changes).
     */
    private void bundleChanged(BundleEvent event) {
        if (event.getType() != BundleEvent.UNINSTALLED && event.getType() != BundleEvent.STOPPED) {
            return;
        }
        if (event.getType() == BundleEvent.UNINSTALLED) {
            // it stopped for its uninstall, not for an update: its components wait no longer
            List<ComponentActor> waiting = updates.remove(event.getBundle().getBundleId());
            if (waiting != null) {
                deployer.undeployAll(event.getBundle().getBundleId(), waiting, false);
            }
        }
        retryWaitingOn(event.getBundle().getBundleId(), event.getType() == BundleEvent.UNINSTALLED);
    }

    /**
     * Components of bundle {@code gone} went while the bundle itself stays (an update dropped a
     * clause, or did not come back in time; a stop comes here too, before its STOPPED event):
     * the ids they held are free.
     */
    private void released(long gone) {
        if (!closing) {
            retryWaitingOn(gone, false);
        }
    }

    /** Tries again the bundles whose clauses wait for an id that bundle {@code gone} held (or, {@code uninstalled}, owned). */
    private void retryWaitingOn(long gone, boolean uninstalled) {
        java.util.Set<Long> waitingBundles = deployer.problems().waitingOn(gone, uninstalled);
        if (waitingBundles.isEmpty()) {
            return;
        }
        Map<Bundle, List<ComponentActor>> tracked = tracker.getTracked();
        for (Map.Entry<Bundle, List<ComponentActor>> e : tracked.entrySet()) {
            Bundle b = e.getKey();
            if (!waitingBundles.contains(b.getBundleId())) {
                continue;
            }
            List<ComponentActor> started = e.getValue();
            synchronized (started) {
                String header = b.getHeaders("").get(ComponentHeader.NAME);
                if (header != null && tracker.getObject(b) == started) {
                    deployer.problems().retrying(b.getBundleId());
                    deploy(b, header, started);
                }
            }
        }
    }

    private void problem(Origin origin, String id, String clause, String message) {
        deployer.problems().report(origin, id, clause, message, null);
    }

    /**
     * Whether this runtime serves {@code bundle}: its requirement on the component extender is
     * wired to this bundle, or it declares none (it is extended as before the requirement existed).
     */
    private boolean servedHere(Bundle bundle) {
        BundleRevision revision = bundle.adapt(BundleRevision.class);
        boolean declares = revision != null && revision.getDeclaredRequirements(EXTENDER).stream()
                .map(BundleRequirement::getDirectives)
                .map(d -> d.get(Namespace.REQUIREMENT_FILTER_DIRECTIVE))
                .anyMatch(f -> f != null && f.contains("(" + EXTENDER + "=" + RequireWharfComponents.NAME + ")"));
        if (!declares) {
            return true;
        }
        BundleWiring wiring = bundle.adapt(BundleWiring.class);
        if (wiring != null) {
            for (BundleWire wire : wiring.getRequiredWires(EXTENDER)) {
                if (RequireWharfComponents.NAME.equals(wire.getCapability().getAttributes().get(EXTENDER))) {
                    return wire.getProvider().getBundle().equals(self);
                }
            }
        }
        return false;
    }

    static byte[] readModule(Bundle bundle, String path) throws IOException {
        String entry = path.startsWith("/") ? path.substring(1) : path;
        URL url = bundle.getEntry(entry);
        if (url == null) {
            throw new IOException(ComponentHeader.NAME + " names module '" + path + "', which bundle "
                    + bundle.getBundleId() + " (" + bundle.getSymbolicName() + ") does not contain");
        }
        try (InputStream in = url.openStream()) {
            byte[] bytes = in.readNBytes(MAX_MODULE_BYTES + 1);
            if (bytes.length > MAX_MODULE_BYTES) {
                throw new IOException("module '" + path + "' is larger than " + MAX_MODULE_BYTES + " bytes");
            }
            return bytes;
        }
    }

    @Override
    public void modifiedBundle(Bundle bundle, BundleEvent event, List<ComponentActor> actors) {
        // STARTING -> ACTIVE: the components came up on STARTING already
    }

    @Override
    public void removedBundle(Bundle bundle, BundleEvent event, List<ComponentActor> actors) {
        if (!closing && updates.await(bundle, actors)) {
            return; // an update or a refresh: its components go on until the bundle is back
        }
        undeploy(bundle, actors);
    }

    /** Stops the components of {@code bundle}, the last deployed first. */
    private void undeploy(Bundle bundle, List<ComponentActor> actors) {
        deployer.undeployAll(bundle.getBundleId(), actors, true);
    }
}
