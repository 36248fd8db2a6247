package dev.wharf.runtime.internal.component.binary;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * A component binary, whatever its bytes, as the deployer reads it before any core module is
 * looked at: {@link ComponentParser} gives its {@link Ast} or a {@link MalformedComponentException}
 * naming the offset, then {@link ComponentWorld} its imports and exports or the same exception
 * naming the definition ({@code ComponentModule.load} turns both into an
 * {@code InvalidComponentException} naming the file). Nothing else is thrown: no index exception,
 * no stack overflow from nested components or types, no allocation a length field asks for beyond
 * the bytes that are there (the core modules kept take no more bytes than the input has).
 */
class ComponentBinaryFuzzTest {

    @FuzzTest
    void parse(byte[] bytes) {
        Ast.Component ast;
        try {
            ast = ComponentParser.parse(bytes);
        } catch (MalformedComponentException refused) {
            assertThat(refused.getMessage()).contains("offset");
            return;
        }
        assertThat(coreModuleBytes(ast)).isLessThanOrEqualTo(bytes.length);
        ComponentWorld world;
        try {
            world = ComponentWorld.of(ast);
        } catch (MalformedComponentException refused) {
            assertThat(refused.getMessage()).isNotBlank();
            return;
        }
        assertThat(world.imports().keySet()).allSatisfy(name -> assertThat(name).isNotEmpty());
        assertThat(world.exports().keySet()).allSatisfy(name -> assertThat(name).isNotEmpty());
    }

    private static long coreModuleBytes(Ast.Component c) {
        long n = 0;
        for (Ast.Definition d : c.definitions()) {
            if (d instanceof Ast.CoreModule m) {
                n += m.bytes().length;
            } else if (d instanceof Ast.Nested nested) {
                n += coreModuleBytes(nested.component());
            }
        }
        return n;
    }
}
