package dev.wharf.runtime.internal.handler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wharf.api.ComponentAttribute;
import dev.wharf.api.ComponentSpec;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A Java component's declarations come from its service properties. */
class JavaComponentsTest {

    @Test
    void propertiesBecomeTheSpec() {
        ComponentSpec s = JavaComponents.spec(Map.of("wharf.component.id", "billing",
                "wharf.receive-from", new String[] {"shop.*", "gateway"}, "wharf.send-to", "audit, ledger",
                "wharf.mailbox", 50, "wharf.rate-limit", "20"));
        assertThat(s.id().value()).isEqualTo("billing");
        assertThat(s.receiveFrom()).containsExactly("shop.*", "gateway");
        assertThat(s.sendTo()).containsExactly("audit", "ledger");
        assertThat(s.limits().mailbox()).isEqualTo(50);
        assertThat(s.limits().rateLimit()).isEqualTo(20);
        assertThat(s.limits().instances()).isEqualTo(1);
        assertThat(s.declares(ComponentAttribute.RATE_LIMIT)).isTrue();
        assertThat(s.declares(ComponentAttribute.MAX_MESSAGE_SIZE)).isFalse();
        assertThat(JavaComponents.spec(Map.of("wharf.component.id", "x", "wharf.receive-from", List.of("a"))).receiveFrom())
                .containsExactly("a");
    }

    @Test
    void wrongPropertiesNameTheProperty() {
        assertThatThrownBy(() -> JavaComponents.spec(Map.of())).hasMessageContaining("wharf.component.id");
        assertThatThrownBy(() -> JavaComponents.spec(Map.of("wharf.component.id", "host"))).hasMessageContaining("'host'");
        assertThatThrownBy(() -> JavaComponents.spec(Map.of("wharf.component.id", "x", "wharf.mailbox", "-1")))
                .hasMessageContaining("wharf.mailbox");
        assertThatThrownBy(() -> JavaComponents.spec(Map.of("wharf.component.id", "x", "wharf.send-to", "a b")))
                .hasMessageContaining("wharf.send-to").hasMessageContaining("'a b'");
    }
}
