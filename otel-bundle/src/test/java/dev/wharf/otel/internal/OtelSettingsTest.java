package dev.wharf.otel.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OtelSettingsTest {

    private static OtelSettings settings(Object... keysAndValues) {
        Map<String, Object> p = new HashMap<>();
        p.put("endpoint", "http://127.0.0.1:4318");
        for (int i = 0; i < keysAndValues.length; i += 2) {
            p.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return OtelSettings.of(Configs.otel(p));
    }

    @Test
    void defaults() {
        OtelSettings s = settings();
        assertThat(s.tracesUrl()).isEqualTo("http://127.0.0.1:4318/v1/traces");
        assertThat(s.metricsUrl()).isEqualTo("http://127.0.0.1:4318/v1/metrics");
        assertThat(s.serviceName()).isEqualTo("wharf");
        assertThat(s.serviceInstance()).isEmpty();
        assertThat(s.traces()).isTrue();
        assertThat(s.metrics()).isTrue();
        assertThat(s.metricsIntervalMs()).isEqualTo(60_000);
        assertThat(s.samplerRatio()).isEqualTo(1.0);
        assertThat(s.headers()).isEmpty();
        assertThat(s.timeoutMs()).isEqualTo(10_000);
    }

    @Test
    void anEndpointWithAPathKeepsItAndLosesTheTrailingSlash() {
        assertThat(settings("endpoint", "https://otel.example:443/otlp/").tracesUrl())
                .isEqualTo("https://otel.example:443/otlp/v1/traces");
    }

    @Test
    void headersAreNameValuePairsCommaSeparatedInOneEntry() {
        assertThat(settings("headers", new String[] {"authorization=Bearer abc, x-tenant = a", "x-b=c=d"}).headers())
                .isEqualTo(Map.of("authorization", "Bearer abc", "x-tenant", "a", "x-b", "c=d"));
    }

    @Test
    void mistakesNameTheProperty() {
        assertThatThrownBy(() -> OtelSettings.of(Configs.otel(Map.of())))
                .hasMessage("dev.wharf.otel: endpoint is not set; expected the base URL of an OTLP/HTTP receiver,"
                        + " http://host:port or https://host:port[/path]");
        assertThatThrownBy(() -> settings("endpoint", "grpc://collector:4317"))
                .hasMessageStartingWith("dev.wharf.otel: endpoint is grpc://collector:4317; expected");
        assertThatThrownBy(() -> settings("endpoint", "http://a:4318?x=1")).hasMessageContaining("endpoint is");
        assertThatThrownBy(() -> settings("metrics-interval-ms", -1L))
                .hasMessage("dev.wharf.otel: metrics-interval-ms is -1; expected at least 100");
        assertThatThrownBy(() -> settings("sampler-ratio", 2.0))
                .hasMessage("dev.wharf.otel: sampler-ratio is 2.0; expected a number from 0 to 1");
        assertThatThrownBy(() -> settings("sampler-ratio", Double.NaN)).hasMessageContaining("sampler-ratio is NaN");
        assertThatThrownBy(() -> settings("timeout-ms", 0L)).hasMessageContaining("timeout-ms is 0");
        assertThatThrownBy(() -> settings("service-name", " ")).hasMessageContaining("service-name is empty");
    }

    @Test
    void aBadHeaderIsNamedWithoutItsValue() {
        assertThatThrownBy(() -> settings("headers", new String[] {"Bearer secret"}))
                .hasMessageContaining("headers is an entry without =").hasMessageNotContaining("secret");
        assertThatThrownBy(() -> settings("headers", new String[] {"bad name=secret"}))
                .hasMessageContaining("headers is 'bad name=...'").hasMessageNotContaining("secret");
    }
}
