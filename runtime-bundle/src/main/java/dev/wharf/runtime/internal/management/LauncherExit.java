package dev.wharf.runtime.internal.management;

import java.util.Hashtable;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

/**
 * The exit status of {@code wharf.jar}. bnd's launcher ends the process with 117 when the
 * framework is stopped from inside ({@code stop 0}, the end of the shell's input), unless a
 * {@code main.thread} service holds its main thread: then it stops the framework itself when that
 * service's {@code call()} returns, and exits with what it returned. This component offers one
 * that returns 0 once the framework is stopping. Only where the framework property
 * {@value #PROPERTY} is {@code true} (set by {@code wharf.jar}): elsewhere a launcher's main thread
 * is not ours (bnd's tester runs the tests on it).
 */
@Component(service = {}, immediate = true)
public final class LauncherExit {

    static final String PROPERTY = "wharf.launcher.exit";
    /** bnd's launcher: "call again": the service went (an update of this bundle), another comes. */
    static final int RELISTEN = 198;

    private final BundleContext context;
    private final CountDownLatch done = new CountDownLatch(1);
    private volatile int result = RELISTEN;
    private ServiceRegistration<?> registration;

    @Activate
    public LauncherExit(BundleContext context) {
        this.context = context;
        if (Boolean.parseBoolean(context.getProperty(PROPERTY))) {
            Hashtable<String, Object> props = new Hashtable<>();
            props.put("main.thread", "true");
            Callable<Integer> main = new Callable<>() {
                @Override
                public Integer call() throws InterruptedException {
                    done.await();
                    return result;
                }
            };
            registration = context.registerService(Callable.class.getName(), main, props);
        }
    }

    @Deactivate
    void deactivate() {
        if (registration == null) {
            return;
        }
        try {
            registration.unregister();
        } catch (IllegalStateException e) {
            // gone with the bundle
        }
        // the whole container stops: exit 0; only this bundle stops (an update): hand over to the next instance
        Bundle system = context.getBundle(0);
        result = system != null && system.getState() == Bundle.STOPPING ? 0 : RELISTEN;
        done.countDown();
    }
}
