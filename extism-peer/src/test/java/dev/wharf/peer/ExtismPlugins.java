package dev.wharf.peer;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.extism.sdk.chicory.Manifest;
import org.extism.sdk.chicory.ManifestWasm;
import org.extism.sdk.chicory.Plugin;

/** The test plugins of module extism-plugins ({@code extism/<name>.wasm} on the class path), on Extism's SDK. */
final class ExtismPlugins {

    private ExtismPlugins() {}

    /** A new plugin instance of {@code extism/<name>.wasm}. */
    static Plugin plugin(String name, Manifest.Options options) {
        Manifest manifest = Manifest.ofWasms(ManifestWasm.fromBytes(wasm(name)).build()).withOptions(options).build();
        return Plugin.ofManifest(manifest).build();
    }

    /** Calls {@code function} with {@code input} (UTF-8); its output as UTF-8 text. */
    static String call(Plugin plugin, String function, String input) {
        return new String(plugin.call(function, input.getBytes(UTF_8)), UTF_8);
    }

    /** Whether {@code extism/<name>.wasm} was built (cplugin needs clang). */
    static boolean built(String name) {
        return ExtismPlugins.class.getClassLoader().getResource(resource(name)) != null;
    }

    static byte[] wasm(String name) {
        try (InputStream in = ExtismPlugins.class.getClassLoader().getResourceAsStream(resource(name))) {
            if (in == null) {
                throw new IllegalStateException(resource(name) + " is not on the class path (module extism-plugins)");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String resource(String name) {
        return "extism/" + name + ".wasm";
    }
}
