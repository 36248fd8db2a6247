package dev.wharf.runtime.internal.handler;

import dev.wharf.api.ComponentAttribute;
import dev.wharf.api.ComponentId;
import dev.wharf.api.ComponentLimits;
import dev.wharf.api.ComponentPattern;
import dev.wharf.api.ComponentSpec;
import dev.wharf.api.MessageHandler;
import dev.wharf.api.runtime.DeploymentProblem;
import dev.wharf.runtime.internal.actor.ActorSystem;
import dev.wharf.runtime.internal.actor.JavaActor;
import dev.wharf.runtime.internal.actor.MessageTarget;
import dev.wharf.runtime.internal.actor.Watchdog;
import dev.wharf.runtime.internal.deploy.Deployer;
import dev.wharf.runtime.internal.dispatch.MessageRouter;
import java.lang.System.Logger.Level;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * The whiteboard of Java components: every {@link MessageHandler} service with a
 * {@value MessageHandler#COMPONENT_ID} property becomes a component while it is registered. A
 * service whose properties are wrong, or whose id is taken, is reported as a deployment problem
 * of its bundle and ignored.
 */
@Component(service = JavaComponents.class, immediate = true)
public final class JavaComponents {

    private static final System.Logger LOG = System.getLogger("dev.wharf.runtime");

    private final BundleContext context;
    private final ActorSystem system;
    private final MessageRouter router;
    private final Watchdog watchdog;
    private final Deployer deployer;
    private final ConcurrentHashMap<Long, JavaActor> byService = new ConcurrentHashMap<>();

    @Activate
    public JavaComponents(BundleContext context, @Reference ActorSystem system, @Reference MessageRouter router,
            @Reference Watchdog watchdog, @Reference Deployer deployer) {
        this.context = context;
        this.system = system;
        this.router = router;
        this.watchdog = watchdog;
        this.deployer = deployer;
    }

    @Deactivate
    void deactivate() {
        byService.values().forEach(this::retire);
        byService.clear();
    }

    @Reference(service = MessageHandler.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    public void bindHandler(MessageHandler handler, Map<String, Object> properties) {
        long serviceId = ((Number) properties.get(Constants.SERVICE_ID)).longValue();
        JavaActor.Source source = source(serviceId, properties);
        String clause = "service " + serviceId + " (" + MessageHandler.class.getName() + ")";
        ComponentSpec spec;
        try {
            spec = spec(properties);
        } catch (IllegalArgumentException e) {
            problem(source, properties.get(MessageHandler.COMPONENT_ID), clause, e.getMessage());
            return;
        }
        JavaActor actor = new JavaActor(spec, handler, source, system, router);
        MessageTarget existing = system.add(actor);
        if (existing != null) {
            problem(source, spec.id().value(), clause, "component id '" + spec.id() + "' is taken by "
                    + (existing instanceof JavaActor j ? "the Java component of " + j.source() : existing.toString()));
            return;
        }
        watchdog.watch(actor.guard());
        byService.put(serviceId, actor);
        LOG.log(Level.INFO, "Java component " + spec.id() + " is ready (" + handler.getClass().getName() + ", bundle "
                + source.bundleId() + ")");
    }

    public void unbindHandler(MessageHandler handler, Map<String, Object> properties) {
        long serviceId = ((Number) properties.get(Constants.SERVICE_ID)).longValue();
        JavaActor actor = byService.remove(serviceId);
        if (actor != null) {
            retire(actor);
            LOG.log(Level.INFO, "Java component " + actor.id() + " stopped (its service went away)");
        }
        deployer.problems().clear(source(serviceId, properties).bundleId(), "service " + serviceId + " ("
                + MessageHandler.class.getName() + ")");
    }

    private void retire(JavaActor actor) {
        system.remove(actor);
        actor.close();
        watchdog.unwatch(actor.guard());
    }

    /** The Java components now, ordered by id. */
    public List<JavaActor> components() {
        return system.javaActors();
    }

    private JavaActor.Source source(long serviceId, Map<String, Object> properties) {
        Object bid = properties.get("service.bundleid");
        long bundleId = bid instanceof Number n ? n.longValue() : -1;
        Bundle b = bundleId < 0 ? null : context.getBundle(bundleId);
        return new JavaActor.Source(bundleId, b == null ? "?" : String.valueOf(b.getSymbolicName()),
                b == null ? "0.0.0" : b.getVersion().toString(), serviceId);
    }

    private void problem(JavaActor.Source source, Object id, String clause, String message) {
        deployer.problems().report(new DeploymentProblem(source.bundleId(), source.symbolicName(),
                Optional.ofNullable(id).map(String::valueOf), clause, "Java component: " + message, Instant.now()));
    }

    /** Its declarations from the service properties; the limits not given are the header's defaults. */
    static ComponentSpec spec(Map<String, Object> p) {
        Object idValue = p.get(MessageHandler.COMPONENT_ID);
        if (!(idValue instanceof String id) || !ComponentId.isValid(id) || id.equals(ComponentId.HOST.value())) {
            throw new IllegalArgumentException("property " + MessageHandler.COMPONENT_ID + " is '" + idValue
                    + "': expected a component id [a-z0-9][a-z0-9._-]{0,127} other than 'host'");
        }
        Set<ComponentAttribute> declared = EnumSet.noneOf(ComponentAttribute.class);
        ComponentLimits d = ComponentLimits.DEFAULTS;
        int maxSize = number(p, MessageHandler.MAX_MESSAGE_SIZE, d.maxMessageSize(), declared, ComponentAttribute.MAX_MESSAGE_SIZE);
        int rate = number(p, MessageHandler.RATE_LIMIT, d.rateLimit(), declared, ComponentAttribute.RATE_LIMIT);
        int mailbox = number(p, MessageHandler.MAILBOX, d.mailbox(), declared, ComponentAttribute.MAILBOX);
        int timeout = number(p, "wharf.timeout-ms", (int) d.timeoutMs(), declared, ComponentAttribute.TIMEOUT_MS);
        // one instance: a Java component is its one service object
        ComponentLimits limits = new ComponentLimits(maxSize, rate, d.memoryMaxPages(), timeout, mailbox, d.restart(),
                d.maxRestarts(), d.restartWindowMs(), 1);
        return new ComponentSpec(ComponentId.of(id), "java:" + id, patterns(p, MessageHandler.RECEIVE_FROM),
                patterns(p, MessageHandler.SEND_TO), limits, declared);
    }

    private static int number(Map<String, Object> p, String key, int dflt, Set<ComponentAttribute> declared,
            ComponentAttribute a) {
        Object v = p.get(key);
        if (v == null) {
            return dflt;
        }
        try {
            int n = v instanceof Number x ? Math.toIntExact(x.longValue()) : Integer.parseInt(v.toString().trim());
            if (n <= 0) {
                throw new NumberFormatException();
            }
            declared.add(a);
            return n;
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException("property " + key + " is '" + v + "': expected a positive integer");
        }
    }

    private static List<String> patterns(Map<String, Object> p, String key) {
        Object v = p.get(key);
        List<String> raw = new ArrayList<>();
        if (v instanceof String s) {
            raw.addAll(List.of(s.split(",")));
        } else if (v instanceof String[] a) {
            raw.addAll(List.of(a));
        } else if (v instanceof Collection<?> c) {
            c.forEach(x -> raw.add(String.valueOf(x)));
        } else if (v != null) {
            throw new IllegalArgumentException("property " + key + " is '" + v + "': expected ids or patterns");
        }
        List<String> out = new ArrayList<>();
        for (String r : raw) {
            String t = r.trim();
            if (t.isEmpty()) {
                continue;
            }
            if (!ComponentPattern.isValid(t)) {
                throw new IllegalArgumentException("property " + key + " has invalid pattern '" + t
                        + "': expected an id, 'prefix.*' or '*'");
            }
            out.add(t);
        }
        return out;
    }
}
