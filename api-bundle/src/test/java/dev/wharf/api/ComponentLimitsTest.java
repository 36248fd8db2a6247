package dev.wharf.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ComponentLimitsTest {

    @Test
    void theFormerConstructorGivesOneInstance() {
        ComponentLimits eight = new ComponentLimits(65536, 500, 64, 250, 1000, RestartPolicy.PERMANENT, 5, 60000);
        assertThat(eight.instances()).isEqualTo(1);
        assertThat(eight).isEqualTo(new ComponentLimits(65536, 500, 64, 250, 1000, RestartPolicy.PERMANENT, 5, 60000, 1));
        assertThat(ComponentLimits.DEFAULTS.instances()).isEqualTo(1);
    }

    @Test
    void instancesAreBetweenOneAnd256() {
        assertThat(new ComponentLimits(65536, 500, 64, 250, 1000, RestartPolicy.PERMANENT, 5, 60000, 256).instances())
                .isEqualTo(256);
        assertThatThrownBy(() -> new ComponentLimits(65536, 500, 64, 250, 1000, RestartPolicy.PERMANENT, 5, 60000, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("instances must be between 1 and 256: 0");
        assertThatThrownBy(() -> new ComponentLimits(65536, 500, 64, 250, 1000, RestartPolicy.PERMANENT, 5, 60000, 257))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("instances must be between 1 and 256: 257");
    }
}
