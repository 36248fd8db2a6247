package dev.wharf.otel.internal;

import io.opentelemetry.api.OpenTelemetry;
import java.lang.System.Logger.Level;
import java.util.Hashtable;
import java.util.UUID;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.Designate;

/**
 * Provides the {@link OpenTelemetry} service the runtime traces and measures through: an SDK
 * exporting over OTLP/HTTP ({@link Telemetry}), present only while PID {@code dev.wharf.otel}
 * is configured with a valid endpoint. It is registered by hand rather than as this component's
 * service so that a change of configuration can take the old SDK away (unregistered first, then
 * flushed and stopped) before the next one appears. A bad configuration is logged naming the
 * property; the one before it stays (at activation: nothing is exported).
 */
@Component(service = {}, immediate = true, configurationPid = OtelConfig.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = OtelConfig.class)
public final class OtelExporter {

    private static final System.Logger LOG = System.getLogger("dev.wharf.otel");

    private final BundleContext context;
    /** service.instance.id when none is configured: one per activation, kept across changes. */
    private final String randomInstance = UUID.randomUUID().toString();
    // guarded by this
    private OtelSettings settings;
    private Telemetry telemetry;
    private ServiceRegistration<OpenTelemetry> registration;

    @Activate
    public OtelExporter(BundleContext context, OtelConfig config) throws InterruptedException {
        this.context = context;
        configure(config);
    }

    @Modified
    synchronized void configure(OtelConfig config) throws InterruptedException {
        OtelSettings now;
        try {
            now = OtelSettings.of(config);
        } catch (IllegalArgumentException e) {
            LOG.log(Level.ERROR, e.getMessage() + "; this configuration is not applied, "
                    + (settings == null ? "nothing is exported" : "the one before stays"));
            return;
        }
        if (now.equals(settings)) {
            return;
        }
        stop();
        String instance = now.serviceInstance().isEmpty() ? randomInstance : now.serviceInstance();
        try {
            telemetry = Telemetry.start(now, instance);
        } catch (IllegalArgumentException e) { // what the exporter's builders refuse beyond OtelSettings' checks
            LOG.log(Level.ERROR, OtelConfig.PID + ": " + e.getMessage() + "; nothing is exported");
            return;
        }
        settings = now;
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put(Constants.SERVICE_VENDOR, "Wharf");
        registration = context.registerService(OpenTelemetry.class, telemetry.sdk(), properties);
        LOG.log(Level.INFO, "OpenTelemetry: exporting " + what(now) + " over OTLP/HTTP to " + now.endpoint()
                + " as service.name " + now.serviceName() + ", service.instance.id " + instance);
    }

    @Deactivate
    synchronized void deactivate() throws InterruptedException {
        stop();
    }

    /** The SDK in use, or null (tests). */
    synchronized OpenTelemetry current() {
        return telemetry == null ? null : telemetry.sdk();
    }

    private void stop() throws InterruptedException {
        if (registration != null) {
            try {
                registration.unregister();
            } catch (IllegalStateException e) {
                // already gone with this bundle
            }
            registration = null;
        }
        if (telemetry != null) {
            if (!telemetry.stop()) {
                LOG.log(Level.WARNING, "OpenTelemetry: not everything pending could be sent to " + settings.endpoint()
                        + " within " + Telemetry.FLUSH_MS + " ms; the rest is dropped");
            }
            telemetry = null;
            settings = null;
        }
    }

    private static String what(OtelSettings s) {
        String traces = s.traces() ? "traces (sampler ratio " + s.samplerRatio() + ")" : "";
        String metrics = s.metrics() ? "metrics (every " + s.metricsIntervalMs() + " ms)" : "";
        return traces.isEmpty() && metrics.isEmpty() ? "nothing (traces and metrics are off)"
                : traces.isEmpty() || metrics.isEmpty() ? traces + metrics : traces + " and " + metrics;
    }
}
