package dev.wharf.launcher;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.ServiceLoader;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;
import org.osgi.framework.startlevel.FrameworkStartLevel;

/**
 * Runs the framework of {@code wharf.jar} until it stops: writes the bundles to
 * {@code wharf-data/bundles/}, installs them, starts the framework and waits. An update of the
 * framework itself ({@code update 0}) starts it again in the same process; a stop ({@code stop 0},
 * the end of the shell's input, a signal) ends the run with status 0.
 */
final class Launcher {

    private static final long STOP_TIMEOUT_MS = 60_000;

    private final LaunchPlan plan;
    private final ClassLoader jar;
    private final PrintStream log;
    private volatile boolean jvmExiting;

    Launcher(LaunchPlan plan, ClassLoader jar, PrintStream log) {
        this.plan = plan;
        this.jar = jar;
        this.log = log;
    }

    /** Runs the container; returns the process's exit status: 0 once it stopped as asked. */
    int run() throws LaunchException {
        Map<String, String> config = frameworkProperties();
        Path storage = Path.of(config.getOrDefault(Constants.FRAMEWORK_STORAGE, "felix-cache"));
        // beside the framework's storage: wharf-data/bundles
        Path data = storage.getParent() == null ? Path.of("") : storage.getParent();
        BundleFolder folder = new BundleFolder(data.resolve("bundles"));
        FrameworkFactory factory = ServiceLoader.load(FrameworkFactory.class, jar).findFirst()
                .orElseThrow(() -> new LaunchException("wharf.jar holds no OSGi framework"));
        while (true) {
            folder.extract(plan.bundles(), jar);
            FrameworkEvent end = runOnce(factory.newFramework(config), new Installer(folder, storage, log));
            switch (end.getType()) {
                case FrameworkEvent.STOPPED_UPDATE, FrameworkEvent.STOPPED_SYSTEM_REFRESHED -> log.println(
                        "wharf: the framework was updated: starting it again");
                case FrameworkEvent.STOPPED -> {
                    return 0;
                }
                default -> {
                    log.println("wharf: the framework stopped with an error" + (end.getThrowable() == null
                            ? "" : ": " + end.getThrowable()));
                    return 1;
                }
            }
        }
    }

    /** True when the JVM is ending (a signal): its shutdown goes on without the launcher's help. */
    boolean jvmExiting() {
        return jvmExiting;
    }

    /**
     * The plan's properties, each overridden by a system property of the same name
     * ({@code java -Dfelix.fileinstall.poll=500 -jar wharf.jar}), and set as system properties
     * where none is: {@code java.util.logging} reads its format from there.
     */
    private Map<String, String> frameworkProperties() {
        Map<String, String> config = new HashMap<>();
        plan.properties().forEach((key, value) -> {
            String effective = System.getProperty(key);
            if (effective == null) {
                System.setProperty(key, value);
                effective = value;
            }
            config.put(key, effective);
        });
        return config;
    }

    private FrameworkEvent runOnce(Framework framework, Installer installer) throws LaunchException {
        try {
            framework.init();
            framework.adapt(FrameworkStartLevel.class).setInitialBundleStartLevel(plan.defaultStartLevel());
            installer.synchronize(framework.getBundleContext(), plan);
            framework.start();
        } catch (BundleException | LaunchException | RuntimeException e) {
            stop(framework);
            throw e instanceof LaunchException l ? l
                    : new LaunchException("cannot start the framework: " + e.getMessage(), e);
        }
        Thread hook = new Thread(() -> {
            jvmExiting = true;
            stop(framework);
        }, "wharf-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            return framework.waitForStop(0);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stop(framework);
            return new FrameworkEvent(FrameworkEvent.STOPPED, framework, null);
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                jvmExiting = true; // the hook runs: it stops the framework
            }
        }
    }

    private void stop(Framework framework) {
        try {
            framework.stop();
            if (framework.waitForStop(STOP_TIMEOUT_MS).getType() == FrameworkEvent.WAIT_TIMEDOUT) {
                log.println("wharf: the framework did not stop within " + STOP_TIMEOUT_MS + " ms");
            }
        } catch (BundleException e) {
            log.println("wharf: cannot stop the framework: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
