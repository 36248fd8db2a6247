package dev.wharf.tools.wat;

import com.dylibso.chicory.wabt.Wat2Wasm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Build-time compiler from WebAssembly text to binary modules, so that every {@code .wasm} the
 * build packages has its {@code .wat} source in the repository.
 *
 * <p>Usage: {@code WatCompiler <source-dir> <output-dir>}. Each {@code *.wat} under the source
 * directory becomes a {@code .wasm} at the same relative path under the output directory. A
 * source that does not compile fails the build with the file name and the parser's message.
 */
public final class WatCompiler {

    private WatCompiler() {}

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            throw new IllegalArgumentException("usage: WatCompiler <source-dir> <output-dir>");
        }
        Path source = Path.of(args[0]);
        Path output = Path.of(args[1]);
        if (!Files.isDirectory(source)) {
            return;
        }
        List<Path> sources;
        try (Stream<Path> walk = Files.walk(source)) {
            sources = walk.filter(p -> p.toString().endsWith(".wat")).sorted().collect(Collectors.toList());
        }
        for (Path wat : sources) {
            Path rel = source.relativize(wat);
            String name = rel.getFileName().toString();
            Path target = output.resolve(rel).resolveSibling(name.substring(0, name.length() - 4) + ".wasm");
            if (Files.exists(target)
                    && Files.getLastModifiedTime(target).compareTo(Files.getLastModifiedTime(wat)) >= 0) {
                continue;
            }
            byte[] wasm;
            try {
                wasm = Wat2Wasm.parse(wat.toFile());
            } catch (RuntimeException e) {
                throw new IllegalStateException("cannot compile " + wat + ": " + e.getMessage(), e);
            }
            Files.createDirectories(target.getParent());
            Files.write(target, wasm);
            System.out.println("[wat] " + wat + " -> " + target + " (" + wasm.length + " bytes)");
        }
    }
}
