package dev.wharf.internal.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConfigCheckTest {

    final ConfigCheck check = new ConfigCheck("dev.wharf.x");

    @Test
    void aValueOutOfRangeNamesThePidThePropertyAndTheBound() {
        assertThat(check.atLeast("throughput", 5, 1)).isEqualTo(5);
        assertThatThrownBy(() -> check.atLeast("throughput", 0, 1))
                .hasMessage("dev.wharf.x: throughput is 0; expected at least 1");
    }

    @Test
    void aBadConfigurationKeepsTheOneBeforeAndSaysSo() {
        List<String> logged = new ArrayList<>();
        System.Logger log = new System.Logger() {
            @Override public String getName() { return "t"; }
            @Override public boolean isLoggable(Level level) { return true; }
            @Override public void log(Level level, java.util.ResourceBundle b, String msg, Throwable t) {
                logged.add(level + " " + msg + (t == null ? "" : " +" + t.getClass().getSimpleName()));
            }
            @Override public void log(Level level, java.util.ResourceBundle b, String format, Object... params) {
                logged.add(level + " " + format);
            }
        };
        assertThat(ConfigCheck.apply(() -> check.atLeast("a", 3, 1), 9, false, log)).isEqualTo(3);
        assertThat(ConfigCheck.apply(() -> check.atLeast("a", 0, 1), 9, false, log)).isEqualTo(9);
        assertThat(ConfigCheck.apply(() -> check.atLeast("a", 0, 1), 7, true, log)).isEqualTo(7);
        assertThat(logged).containsExactly(
                "ERROR dev.wharf.x: a is 0; expected at least 1; this configuration is not applied, the one before stays +IllegalArgumentException",
                "ERROR dev.wharf.x: a is 0; expected at least 1; this configuration is not applied, the defaults are used +IllegalArgumentException");
    }
}
