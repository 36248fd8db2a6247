package dev.wharf.webconsole.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CsrfGuardTest {

    private final CsrfGuard guard = new CsrfGuard();

    @Test
    void aSameOriginPostWithTheTokenPasses() {
        String token = guard.token("admin");
        assertThat(guard.refusal("admin", token, "127.0.0.1:8080", "http://127.0.0.1:8080", null)).isNull();
        assertThat(guard.refusal("admin", token, "127.0.0.1:8080", null,
                "http://127.0.0.1:8080/system/console/wharf/counter")).isNull();
        assertThat(guard.refusal("admin", token, "[::1]:8080", "http://[::1]:8080", null)).isNull();
    }

    @Test
    void aForeignOriginIsRefusedEvenWithTheToken() {
        String token = guard.token("admin");
        assertThat(guard.refusal("admin", token, "127.0.0.1:8080", "http://evil.example", null))
                .isEqualTo("cross-origin request from http://evil.example");
        assertThat(guard.refusal("admin", token, "127.0.0.1:8080", "null", null)).startsWith("cross-origin");
        assertThat(guard.refusal("admin", token, "127.0.0.1:8080", null, "http://127.0.0.1:9090/x"))
                .startsWith("cross-origin");
        assertThat(guard.refusal("admin", token, "127.0.0.1:8080", null, null)).isEqualTo("neither Origin nor Referer");
    }

    @Test
    void aMissingOrForeignTokenIsRefused() {
        String origin = "http://127.0.0.1:8080";
        assertThat(guard.refusal("admin", null, "127.0.0.1:8080", origin, null)).isEqualTo("missing or wrong form token");
        assertThat(guard.refusal("admin", guard.token("viewer"), "127.0.0.1:8080", origin, null))
                .isEqualTo("missing or wrong form token");
        assertThat(guard.refusal("admin", new CsrfGuard().token("admin"), "127.0.0.1:8080", origin, null))
                .isEqualTo("missing or wrong form token");
        assertThat(guard.token("admin")).isEqualTo(guard.token("admin")).hasSize(43);
    }
}
