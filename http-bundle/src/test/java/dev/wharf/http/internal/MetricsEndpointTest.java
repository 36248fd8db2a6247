package dev.wharf.http.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MetricsEndpointTest {

    @Test
    void acceptsPathsTheWhiteboardServesExactly() {
        assertThat(MetricsEndpoint.Settings.validPath("/metrics")).isTrue();
        assertThat(MetricsEndpoint.Settings.validPath("/ops/metrics")).isTrue();
        for (String bad : new String[] {"", "/", "metrics", "/metrics/", "/met*", "//m", "/a/../m", "/a/./m", "/a b"}) {
            assertThat(MetricsEndpoint.Settings.validPath(bad)).as(bad).isFalse();
        }
    }
}
