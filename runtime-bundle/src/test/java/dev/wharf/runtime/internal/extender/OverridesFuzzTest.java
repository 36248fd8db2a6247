package dev.wharf.runtime.internal.extender;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.wharf.api.ComponentId;
import dev.wharf.api.ComponentSpec;
import dev.wharf.runtime.internal.actor.ActorSystem;
import dev.wharf.runtime.internal.actor.Harness;
import dev.wharf.runtime.internal.actor.Watchdog;
import dev.wharf.runtime.internal.header.ComponentHeader;
import java.nio.charset.StandardCharsets;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.Map;
import org.osgi.service.cm.ConfigurationException;

/**
 * An operator's factory configuration of PID {@code dev.wharf.component} with properties (keys and
 * values) from the fuzzer, laid over a valid header's attributes, as the extender does at a deploy.
 * ConfigAdmin is told of a wrong property by a {@link ConfigurationException} naming it, and then
 * nothing changed; an accepted one is in the attributes the component gets, which make a spec or
 * an {@link IllegalArgumentException} naming the attribute (the extender reports it as a deployment
 * problem); nothing else is thrown, and the configuration cannot change the component's id.
 */
class OverridesFuzzTest {

    private static final String PATH = "calc.wasm";
    private static final ComponentId ID = ComponentId.of("calc");
    /** The attributes of a real header clause (HeaderFuzzTest's all-attributes seed). */
    private static final Map<String, String> HEADER = Map.of("id", "calc", "receive-from", "gateway,billing.*",
            "send-to", "audit", "max-message-size", "65536", "rate-limit", "500", "timeout-ms", "250",
            "restart", "transient", "capabilities", "config");
    private static final String PID = "dev.wharf.component.fuzz";

    // no component is deployed: a configuration is held, and applied at the next deploy
    private static final ActorSystem SYSTEM = new ActorSystem(new Watchdog(1000), Harness.config(1, true), Map.of());
    private static final ComponentOverrides OVERRIDES = new ComponentOverrides(SYSTEM, spec -> {});
    private static final ComponentConfigurations CONFIGURATIONS = new ComponentConfigurations(OVERRIDES);

    /**
     * The input is a {@code .cfg} file as FileInstall reads one: a {@code key=value} a line (the
     * key may be anything but the line's first {@code =}); {@code key:=a,b} makes a {@code String[]}
     * value, as a typed {@code .config} file or the Web Console gives.
     */
    @FuzzTest
    void configure(byte[] input) {
        Hashtable<String, Object> properties = new Hashtable<>();
        for (String line : new String(input, StandardCharsets.UTF_8).split("\n")) {
            int eq = line.indexOf('=');
            if (eq < 0) {
                continue;
            }
            if (eq > 0 && line.charAt(eq - 1) == ':') {
                properties.put(line.substring(0, eq - 1), line.substring(eq + 1).split(",", -1));
            } else {
                properties.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        Map<String, String> before = OVERRIDES.apply(ID, HEADER);
        Map<String, String> configBefore = OVERRIDES.config(ID);
        try {
            CONFIGURATIONS.updated(PID, properties);
        } catch (ConfigurationException refused) {
            if (refused.getProperty().equals("component.id")) {
                assertThat(refused.getReason()).contains("'" + text(properties.get("component.id")) + "'");
            } else {
                assertThat(properties).containsKey(refused.getProperty());
                assertThat(refused.getReason()).contains("'" + refused.getProperty() + "'");
            }
            assertThat(OVERRIDES.apply(ID, HEADER)).isEqualTo(before);
            assertThat(OVERRIDES.config(ID)).isEqualTo(configBefore);
            return;
        }
        try {
            ComponentId target = ComponentId.of(text(properties.get("component.id")));
            Map<String, String> merged = OVERRIDES.apply(target, withId(target));
            assertThat(merged).containsEntry("id", target.value());
            properties.forEach((key, value) -> {
                if (!key.equals("component.id") && !key.startsWith("service.") && !key.startsWith("felix.")
                        && !key.startsWith(ComponentConfigurations.CONFIG_PREFIX)) {
                    assertThat(merged).containsEntry(key, text(value));
                }
            });
            ComponentSpec spec;
            try {
                spec = ComponentHeader.toSpec(PATH, merged);
            } catch (IllegalArgumentException refused) {
                assertThat(refused.getMessage()).startsWith("attribute '");
                String named = refused.getMessage().substring("attribute '".length());
                assertThat(merged.keySet()).anyMatch(name -> named.startsWith(name + "'"));
                return;
            }
            assertThat(spec.id()).isEqualTo(target);
            assertThat(spec.modulePath()).isEqualTo(PATH);
        } finally {
            CONFIGURATIONS.deleted(PID);
        }
    }

    /** A property's text as an operator reads it: a String[] joined with commas. */
    private static String text(Object value) {
        return value instanceof String[] a ? String.join(",", a) : String.valueOf(value);
    }

    private static Map<String, String> withId(ComponentId id) {
        Map<String, String> header = new LinkedHashMap<>(HEADER);
        header.put("id", id.value());
        return header;
    }
}
