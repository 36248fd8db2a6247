package dev.wharf.runtime.internal.header;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wharf.api.ComponentSpec;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** http-path and http-max-concurrent as a clause (or an override) gives them. */
class HttpAttributesTest {

    static ComponentSpec spec(String... attributes) {
        Map<String, String> a = new java.util.HashMap<>(Map.of("id", "c"));
        for (int i = 0; i < attributes.length; i += 2) {
            a.put(attributes[i], attributes[i + 1]);
        }
        return ComponentHeader.toSpec("c.wasm", a);
    }

    @Test
    void aPathAndALimitAreCarriedWithTheSettingsAndDefaultTo16() {
        ComponentSpec s = spec("http-path", " /shorten/v1 ", "http-max-concurrent", "32");
        assertThat(HttpAttributes.path(s)).contains("/shorten/v1");
        assertThat(HttpAttributes.maxConcurrent(s)).isEqualTo(32);
        assertThat(s.settings()).containsEntry("http-path", "/shorten/v1");
        ComponentSpec none = spec();
        assertThat(HttpAttributes.path(none)).isEmpty();
        assertThat(HttpAttributes.maxConcurrent(none)).isEqualTo(16);
    }

    @Test
    void aPathWithAWildcardATrailingSlashNoLeadingSlashOrADotSegmentIsRefusedNamingIt() {
        for (String bad : new String[] {"shorten", "/shorten/", "/", "/s/*", "/*", "//s", "/s//t", "/s/../t", "/./s", "/s t", ""}) {
            assertThatThrownBy(() -> spec("http-path", bad)).as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("attribute 'http-path' has invalid value '" + bad.trim() + "'");
        }
        assertThat(HttpAttributes.path(spec("http-path", "/a.b/c-d_e~f/%20"))).contains("/a.b/c-d_e~f/%20");
    }

    @Test
    void aConcurrencyLimitBelowOneOrNotANumberIsRefusedNamingIt() {
        for (String bad : new String[] {"0", "-1", "many", "1.5"}) {
            assertThatThrownBy(() -> spec("http-max-concurrent", bad)).as(bad)
                    .hasMessage("attribute 'http-max-concurrent' has invalid value '" + bad + "': expected a positive integer");
        }
    }
}
