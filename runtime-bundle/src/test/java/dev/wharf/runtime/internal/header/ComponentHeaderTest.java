package dev.wharf.runtime.internal.header;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wharf.api.ComponentAttribute;
import dev.wharf.api.ComponentLimits;
import dev.wharf.api.ComponentSpec;
import dev.wharf.api.RestartPolicy;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ComponentHeaderTest {

    @Test
    void parsesTheDesignExample() {
        List<HeaderClause> clauses = OsgiHeaderParser.parse("calc.wasm;id=calc;receive-from=\"gateway,billing.*\";"
                + "send-to=\"audit\";max-message-size=65536;rate-limit=500;memory-max-pages=64;timeout-ms=250;"
                + "mailbox=1000;restart=permanent;max-restarts=5;restart-window-ms=60000");
        assertThat(clauses).hasSize(1);
        ComponentSpec spec = ComponentHeader.toSpec(clauses.get(0));
        assertThat(spec.id().value()).isEqualTo("calc");
        assertThat(spec.modulePath()).isEqualTo("calc.wasm");
        assertThat(spec.receiveFrom()).containsExactly("gateway", "billing.*");
        assertThat(spec.sendTo()).containsExactly("audit");
        assertThat(spec.limits()).isEqualTo(new ComponentLimits(65536, 500, 64, 250, 1000, RestartPolicy.PERMANENT, 5, 60000));
    }

    @Test
    void severalClausesAndDefaults() {
        List<HeaderClause> clauses = OsgiHeaderParser.parse(" a/b/one.wasm , two.wasm;id=second ");
        assertThat(clauses).extracting(HeaderClause::path).containsExactly("a/b/one.wasm", "two.wasm");
        ComponentSpec one = ComponentHeader.toSpec(clauses.get(0));
        assertThat(one.id().value()).isEqualTo("one");
        assertThat(one.limits()).isEqualTo(ComponentLimits.DEFAULTS);
        assertThat(one.receiveFrom()).isEmpty();
        assertThat(ComponentHeader.toSpec(clauses.get(1)).id().value()).isEqualTo("second");
    }

    @Test
    void emptyAndWildcardPatterns() {
        ComponentSpec spec = ComponentHeader.toSpec(OsgiHeaderParser.parse("x.wasm;receive-from=\"\";send-to=\"*\"").get(0));
        assertThat(spec.receiveFrom()).isEmpty();
        assertThat(spec.sendTo()).containsExactly("*");
    }

    @Test
    void syntaxErrorsNameTheProblem() {
        assertThatThrownBy(() -> OsgiHeaderParser.parse("a.wasm;id=\"x")).hasMessageContaining("unbalanced quote");
        assertThatThrownBy(() -> OsgiHeaderParser.parse("a.wasm;id=x;id=y")).hasMessageContaining("'id' appears twice");
        assertThatThrownBy(() -> OsgiHeaderParser.parse("a.wasm;resolution:=optional")).hasMessageContaining("directive");
        assertThatThrownBy(() -> OsgiHeaderParser.parse("a.wasm;b.wasm")).hasMessageContaining("more than one path");
        assertThatThrownBy(() -> OsgiHeaderParser.parse("   ")).hasMessageContaining("empty");
        assertThatThrownBy(() -> OsgiHeaderParser.parse("a.wasm,,b.wasm")).hasMessageContaining("no path");
    }

    @Test
    void valueErrorsNameTheAttributeAndTheValue() {
        assertThatThrownBy(() -> spec("a.wasm;timeout-ms=-5")).hasMessageContaining("'timeout-ms'").hasMessageContaining("'-5'");
        assertThatThrownBy(() -> spec("a.wasm;mailbox=lots")).hasMessageContaining("'mailbox'").hasMessageContaining("'lots'");
        assertThatThrownBy(() -> spec("a.wasm;memory-max-pages=70000")).hasMessageContaining("at most 65536");
        assertThatThrownBy(() -> spec("a.wasm;restart=never")).hasMessageContaining("'never'");
        assertThatThrownBy(() -> spec("a.wasm;id=host")).hasMessageContaining("reserved");
        assertThatThrownBy(() -> spec("a.wasm;send-to=\"a,b c\"")).hasMessageContaining("'b c'");
        assertThatThrownBy(() -> spec("module.jar")).hasMessageContaining("does not name a .wasm module");
        assertThat(spec("a.wasm;max-restarts=0").limits().maxRestarts()).isZero();
    }

    @Test
    void instancesAreOneByDefaultAndAtMost256() {
        assertThat(spec("a.wasm").limits().instances()).isEqualTo(1);
        assertThat(spec("a.wasm;instances=4").limits().instances()).isEqualTo(4);
        assertThat(spec("a.wasm;instances=256").limits().instances()).isEqualTo(256);
        assertThat(spec("a.wasm;instances=4").declared()).containsExactly(ComponentAttribute.INSTANCES);
        assertThatThrownBy(() -> spec("a.wasm;instances=0")).hasMessageContaining("'instances'")
                .hasMessageContaining("'0'").hasMessageContaining("positive integer");
        assertThatThrownBy(() -> spec("a.wasm;instances=257")).hasMessageContaining("'instances'")
                .hasMessageContaining("'257'").hasMessageContaining("at most 256");
        assertThatThrownBy(() -> spec("a.wasm;instances=many")).hasMessageContaining("'instances'")
                .hasMessageContaining("'many'");
        assertThatThrownBy(() -> spec("a.wasm;instances=-2")).hasMessageContaining("'-2'");
    }

    @Test
    void instancesSetByConfigurationAreParsedAsInTheHeader() {
        assertThat(ComponentHeader.toSpec("a.wasm", Map.of("instances", " 8 ")).limits().instances()).isEqualTo(8);
        assertThatThrownBy(() -> ComponentHeader.toSpec("a.wasm", Map.of("instances", "1000")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'instances'")
                .hasMessageContaining("'1000'");
    }

    private static ComponentSpec spec(String header) {
        return ComponentHeader.toSpec(OsgiHeaderParser.parse(header).get(0));
    }

    @Test
    void attributesOfCapabilitiesAreCarriedAsWrittenForTheirCapabilityToCheck() {
        ComponentSpec spec = ComponentHeader.toSpec(OsgiHeaderParser.parse("s.wasm;capabilities=\"kv, config,http,kv\";"
                + "http-allow=\"API.example.com, localhost:8080\";kv-max-bytes=4096;colour=red").get(0));
        assertThat(spec.capabilities()).containsExactly("kv", "config", "http");
        assertThat(spec.settings()).containsExactly(Map.entry("colour", "red"),
                Map.entry("http-allow", "API.example.com, localhost:8080"), Map.entry("kv-max-bytes", "4096"));
        assertThat(spec.declared()).doesNotContainNull().hasSize(1);
        assertThat(ComponentHeader.toSpec(OsgiHeaderParser.parse("s.wasm").get(0)).settings()).isEmpty();
        assertThatThrownBy(() -> ComponentHeader.toSpec(OsgiHeaderParser.parse("s.wasm;capabilities=\"kv,Bad Name\"").get(0)))
                .hasMessageContaining("capabilities").hasMessageContaining("Bad Name");
    }
}
