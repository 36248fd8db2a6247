package dev.wharf.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ComponentPatternTest {

    @Test
    void prefixPatternMatchesExactlyOneMoreSegment() {
        ComponentPattern p = ComponentPattern.of("billing.*");
        assertThat(p.matches(ComponentId.of("billing.eu"))).isTrue();
        assertThat(p.matches(ComponentId.of("billing"))).isFalse();
        assertThat(p.matches(ComponentId.of("billing.eu.x"))).isFalse();
        assertThat(p.matches(ComponentId.of("billingx.eu"))).isFalse();
    }

    @Test
    void wildcardAndExact() {
        assertThat(ComponentPattern.of("*").matches(ComponentId.of("anything"))).isTrue();
        assertThat(ComponentPattern.anyMatches(List.of("gateway", "billing.*"), ComponentId.of("billing.us"))).isTrue();
        assertThat(ComponentPattern.anyMatches(List.of(), ComponentId.of("gateway"))).isFalse();
        assertThatThrownBy(() -> ComponentPattern.of("bill*")).hasMessageContaining("'bill*'");
    }
}
