package dev.wharf.otel.internal;

import java.lang.reflect.Proxy;
import java.util.Dictionary;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

/** A BundleContext that only keeps the services registered with it, for the component's tests. */
final class FakeContext {

    /** One registration while it lasts. */
    record Registered(String type, Object service, Dictionary<String, ?> properties) {
    }

    final List<Registered> registered = new CopyOnWriteArrayList<>();
    final BundleContext context = (BundleContext) Proxy.newProxyInstance(getClass().getClassLoader(),
            new Class<?>[] {BundleContext.class}, (proxy, method, args) -> {
                if (!method.getName().equals("registerService")) {
                    throw new UnsupportedOperationException(method.getName());
                }
                Object type = args[0];
                Registered r = new Registered(type instanceof Class<?> c ? c.getName() : type.toString(), args[1],
                        (Dictionary<String, ?>) args[2]);
                registered.add(r);
                return Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {ServiceRegistration.class},
                        (p, m, a) -> {
                            if (!m.getName().equals("unregister")) {
                                throw new UnsupportedOperationException(m.getName());
                            }
                            if (!registered.remove(r)) {
                                throw new IllegalStateException("already unregistered");
                            }
                            return null;
                        });
            });
}
