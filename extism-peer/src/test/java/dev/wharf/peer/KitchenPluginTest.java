package dev.wharf.peer;

import static dev.wharf.peer.ExtismPlugins.call;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.extism.sdk.chicory.ExtismFunctionException;
import org.extism.sdk.chicory.Manifest;
import org.extism.sdk.chicory.Plugin;
import org.junit.jupiter.api.Test;

/**
 * The test plugins of module extism-plugins, run by Extism's own SDK (chicory-sdk-core): what they
 * do there is what a Wharf host of Extism plugins must reproduce. The tests compile and run against
 * the SDK as published (the shaded jar is made after them, in package).
 */
class KitchenPluginTest {

    @Test
    void greets() {
        assertThat(call(kitchen(), "greet", "World")).isEqualTo("Hello, World!");
    }

    @Test
    void greetsInUtf8() {
        assertThat(call(kitchen(), "greet", "Wörld ✓")).isEqualTo("Hello, Wörld ✓!");
    }

    @Test
    void countsVowelsAndKeepsTheTotalInAVar() {
        Plugin plugin = kitchen();
        assertThat(call(plugin, "count_vowels", "Hello, World!"))
                .isEqualTo("{\"count\":3,\"total\":3,\"vowels\":\"aeiouAEIOU\"}");
        assertThat(call(plugin, "count_vowels", "Hello, World!"))
                .isEqualTo("{\"count\":3,\"total\":6,\"vowels\":\"aeiouAEIOU\"}");
    }

    @Test
    void countsTheVowelsOfTheConfig() {
        assertThat(call(kitchen(Map.of("vowels", "aeiouy")), "count_vowels", "yay"))
                .isEqualTo("{\"count\":3,\"total\":3,\"vowels\":\"aeiouy\"}");
    }

    @Test
    void countsCallsInAVar() {
        Plugin plugin = kitchen();
        assertThat(call(plugin, "var_count", "")).isEqualTo("1");
        assertThat(call(plugin, "var_count", "")).isEqualTo("2");
    }

    @Test
    void readsTheConfig() {
        Plugin plugin = kitchen(Map.of("vowels", "aeiouy"));
        assertThat(call(plugin, "config_get", "vowels")).isEqualTo("aeiouy");
        assertThatThrownBy(() -> call(plugin, "config_get", "nope"))
                .isInstanceOf(ExtismFunctionException.class)
                .hasMessageContaining("no config key 'nope'")
                .extracting(e -> ((ExtismFunctionException) e).getError())
                .isEqualTo("no config key 'nope'");
    }

    @Test
    void failsWithTheErrorItSets() {
        // Extism's SDK: a non-zero result throws ExtismFunctionException,
        // "function fail returned an error: <error_set text>", getError() = the text alone
        assertThatThrownBy(() -> call(kitchen(), "fail", "x"))
                .isInstanceOf(ExtismFunctionException.class)
                .hasMessage("function fail returned an error: failed on purpose: x")
                .extracting(e -> ((ExtismFunctionException) e).getError())
                .isEqualTo("failed on purpose: x");
    }

    @Test
    void trapsAndLogs() {
        Plugin plugin = kitchen();
        assertThatThrownBy(() -> call(plugin, "trap", "")).isInstanceOf(RuntimeException.class);
        assertThat(call(kitchen(), "log_it", "a line")).isEqualTo("logged");
    }

    @Test
    void tellsItsVersion() {
        assertThat(call(kitchen(), "version", "")).isEqualTo("1");
        assertThat(call(plugin("kitchen-v2", Map.of()), "version", "")).isEqualTo("2");
    }

    @Test
    void handlesAMessage() {
        assertThat(call(kitchen(), "handle_message", "\"hi\"")).isEqualTo("{\"plugin\":\"kitchen\",\"got\":\"hi\"}");
    }

    private static Plugin kitchen() {
        return kitchen(Map.of());
    }

    private static Plugin kitchen(Map<String, String> config) {
        return plugin("kitchen", config);
    }

    private static Plugin plugin(String name, Map<String, String> config) {
        Manifest.Options options = new Manifest.Options();
        if (!config.isEmpty()) {
            options.withConfig(config);
        }
        return ExtismPlugins.plugin(name, options);
    }
}
