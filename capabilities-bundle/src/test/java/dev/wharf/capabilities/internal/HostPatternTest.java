package dev.wharf.capabilities.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class HostPatternTest {

    @Test
    void aHostAdmitsAnyPortAndAHostWithAPortOnlyThatPort() {
        assertThat(HostPattern.of("api.example.com").matches("api.example.com", 443)).isTrue();
        assertThat(HostPattern.of("api.example.com").matches("API.Example.com", 80)).isTrue();
        assertThat(HostPattern.of("api.example.com").matches("example.com", 80)).isFalse();
        assertThat(HostPattern.of("localhost:8080").matches("localhost", 8080)).isTrue();
        assertThat(HostPattern.of("localhost:8080").matches("localhost", 8081)).isFalse();
        assertThat(HostPattern.of("127.0.0.1").matches("127.0.0.1", 1234)).isTrue();
        assertThat(HostPattern.of("[::1]:8080").matches("[::1]", 8080)).isTrue();
    }

    @Test
    void aWildcardAdmitsHostsBelowItsDomainOnly() {
        HostPattern p = HostPattern.of("*.example.com");
        assertThat(p.matches("a.example.com", 443)).isTrue();
        assertThat(p.matches("a.b.example.com", 80)).isTrue();
        assertThat(p.matches("example.com", 443)).isFalse();
        assertThat(p.matches("evilexample.com", 443)).isFalse();
        assertThat(HostPattern.of("*.example.com:8443").matches("a.example.com", 443)).isFalse();
        assertThat(HostPattern.anyMatches(HostPattern.list("x.org, *.example.com"), "b.example.com", 1)).isTrue();
    }

    @Test
    void malformedPatternsAreRefused() {
        for (String bad : List.of("", "exa mple.com", "*", "*.", "a.*.com", "http://x.com", "x.com:0", "x.com:70000",
                "x.com/path", "-x.com")) {
            assertThat(HostPattern.isValid(bad)).as(bad).isFalse();
        }
        assertThatThrownBy(() -> HostPattern.of("exa mple.com")).hasMessageContaining("exa mple.com");
    }
}
