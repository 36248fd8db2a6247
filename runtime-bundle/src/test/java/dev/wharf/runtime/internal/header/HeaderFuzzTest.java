package dev.wharf.runtime.internal.header;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.wharf.api.ComponentSpec;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The {@code Wasm-Component} header, as a bundle's manifest may carry it: any text is parsed into
 * clauses or refused with {@link IllegalArgumentException} naming the problem, and each clause is
 * a component's declarations or refused the same way (the extender reports both as deployment
 * problems); nothing else is thrown, and what is accepted is what the header says.
 */
class HeaderFuzzTest {

    @FuzzTest
    void parse(byte[] input) {
        String header = new String(input, StandardCharsets.UTF_8);
        List<HeaderClause> clauses;
        try {
            clauses = OsgiHeaderParser.parse(header);
        } catch (IllegalArgumentException refused) {
            assertThat(refused.getMessage()).isNotBlank();
            return;
        }
        assertThat(clauses).isNotEmpty();
        for (HeaderClause clause : clauses) {
            try {
                ComponentSpec spec = ComponentHeader.toSpec(clause);
                assertThat(spec.modulePath()).isEqualTo(clause.path());
            } catch (IllegalArgumentException refused) {
                assertThat(refused.getMessage()).isNotBlank();
            }
        }
    }
}
