package dev.wharf.webconsole.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.api.ComponentId;
import dev.wharf.spi.capability.Capability;
import dev.wharf.spi.capability.CapabilityFunction;
import dev.wharf.spi.capability.CapabilityUsage;
import java.util.List;
import java.util.Map;
import java.util.ResourceBundle;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Constants;

class CapabilityUsagesTest {

    static final ComponentId A = ComponentId.of("a");

    /** What was logged: the message and the exception of each call. */
    final List<Map.Entry<String, Throwable>> logged = new CopyOnWriteArrayList<>();
    final CapabilityUsages usages = new CapabilityUsages(new System.Logger() {
        @Override public String getName() { return "test"; }
        @Override public boolean isLoggable(Level level) { return true; }
        @Override public void log(Level level, ResourceBundle bundle, String msg, Throwable thrown) {
            logged.add(Map.entry(msg, thrown));
        }
        @Override public void log(Level level, ResourceBundle bundle, String format, Object... params) {
            logged.add(Map.entry(format, new AssertionError("logged without the exception")));
        }
    });

    static Capability answering(Function<ComponentId, List<CapabilityUsage>> usage) {
        return new Capability() {
            @Override public List<CapabilityFunction> functions() { return List.of(); }
            @Override public List<CapabilityUsage> usage(ComponentId id) { return usage.apply(id); }
        };
    }

    static Map<String, Object> properties(String name, int ranking, long serviceId) {
        return Map.of(Capability.NAME, name, Constants.SERVICE_RANKING, ranking, Constants.SERVICE_ID, serviceId);
    }

    static List<CapabilityUsage> bytes(long used) {
        return List.of(new CapabilityUsage("bytes", used, 100));
    }

    @Test
    void eachDeclaredCapabilityIsAskedOfItsServingProviderInTheComponentsOrder() {
        usages.add(answering(id -> bytes(1)), properties("kv", 0, 10));
        usages.add(answering(id -> bytes(2)), properties("kv", 5, 11)); // the highest ranking serves
        usages.add(answering(id -> bytes(3)), properties("kv", 5, 12)); // same ranking, registered later
        usages.add(answering(id -> { throw new AssertionError("not declared, not asked"); }), properties("other", 0, 13));
        usages.add(answering(id -> List.of()), Map.of(Constants.SERVICE_ID, 14L)); // no name: ignored
        assertThat(usages.report(A, List.of("config", "kv"))).containsExactly(
                new CapabilityReport.NoProvider("config"), new CapabilityReport.Counted("kv", bytes(2)));
        usages.remove(properties("kv", 5, 11));
        assertThat(usages.report(A, List.of("kv"))).containsExactly(new CapabilityReport.Counted("kv", bytes(3)));
        assertThat(usages.report(A, List.of())).isEmpty();
    }

    @Test
    void theComponentsIdIsAsked() {
        usages.add(answering(id -> bytes(id.value().length())), properties("kv", 0, 1));
        assertThat(usages.report(ComponentId.of("abc"), List.of("kv")))
                .containsExactly(new CapabilityReport.Counted("kv", bytes(3)));
    }

    @Test
    void aFailingProviderIsUnavailableAndEachKindOfItsFailuresLoggedOnce() {
        RuntimeException closed = new IllegalStateException("closed");
        usages.add(answering(id -> { throw closed; }), properties("kv", 0, 1));
        usages.add(answering(id -> null), properties("http", 0, 2));
        usages.add(answering(id -> java.util.Arrays.asList((CapabilityUsage) null)), properties("config", 0, 3));
        for (int i = 0; i < 3; i++) {
            assertThat(usages.report(A, List.of("kv", "http", "config"))).containsExactly(
                    new CapabilityReport.Unavailable("kv"), new CapabilityReport.Unavailable("http"),
                    new CapabilityReport.Unavailable("config"));
        }
        assertThat(logged).hasSize(3);
        assertThat(logged.get(0).getKey()).contains("capability 'kv' (service 1)").contains("component 'a'");
        assertThat(logged.get(0).getValue()).isSameAs(closed);
        assertThat(logged.get(1).getValue()).hasMessageContaining("usage(a) answered null");
        assertThat(logged.get(2).getValue()).isInstanceOf(NullPointerException.class);
        // another kind of failure of the same provider is logged once more
        usages.add(answering(id -> { throw new UnsupportedOperationException("no"); }), properties("kv", 9, 4));
        usages.report(A, List.of("kv"));
        usages.report(A, List.of("kv"));
        assertThat(logged).hasSize(4);
        assertThat(logged.get(3).getValue()).isInstanceOf(UnsupportedOperationException.class);
    }
}
