package dev.wharf.launcher;

import dev.wharf.launcher.LaunchPlan.EmbeddedBundle;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;

/**
 * {@code wharf-data/bundles/}: the embedded bundles as files, which the framework installs from.
 * A bundle installed from a file can be updated as an operator expects ({@code update <id>}
 * re-reads its file), which a bundle installed from a stream inside the jar cannot.
 *
 * <p>A file is written when it is missing or when {@code wharf.jar} embeds another build than
 * the one written last (a new {@code wharf.jar}); a file the operator replaced since stays as it
 * is until then. What was written last is kept, by digest, in {@value #RECORD}.
 */
final class BundleFolder {

    static final String RECORD = "embedded.properties";

    private final Path dir;

    BundleFolder(Path dir) {
        this.dir = dir;
    }

    Path dir() {
        return dir;
    }

    /** The file {@code bundle} is installed from. */
    Path file(EmbeddedBundle bundle) {
        return dir.resolve(bundle.fileName());
    }

    /** Writes each bundle of {@code bundles} that is missing or embedded in another build. */
    void extract(List<EmbeddedBundle> bundles, ClassLoader jar) throws LaunchException {
        try {
            Files.createDirectories(dir);
            Properties written = readRecord();
            for (EmbeddedBundle bundle : bundles) {
                byte[] content = embedded(bundle, jar);
                String digest = digest(content);
                Path file = file(bundle);
                if (!Files.exists(file) || !digest.equals(written.getProperty(bundle.fileName()))) {
                    Path part = dir.resolve(bundle.fileName() + ".part");
                    Files.write(part, content);
                    Files.move(part, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                    written.setProperty(bundle.fileName(), digest);
                }
            }
            writeRecord(written);
        } catch (IOException e) {
            throw new LaunchException("cannot write the bundles to " + dir + ": " + e.getMessage(), e);
        }
    }

    private static byte[] embedded(EmbeddedBundle bundle, ClassLoader jar) throws IOException, LaunchException {
        try (InputStream in = jar.getResourceAsStream(bundle.path())) {
            if (in == null) {
                throw new LaunchException(bundle.path() + " is missing from wharf.jar");
            }
            return in.readAllBytes();
        }
    }

    private Properties readRecord() throws IOException {
        Properties p = new Properties();
        Path record = dir.resolve(RECORD);
        if (Files.exists(record)) {
            try (Reader in = Files.newBufferedReader(record)) {
                p.load(in);
            }
        }
        return p;
    }

    private void writeRecord(Properties written) throws IOException {
        Path part = dir.resolve(RECORD + ".part");
        try (Writer out = Files.newBufferedWriter(part)) {
            written.store(out, "the SHA-256 of each bundle as wharf.jar wrote it last");
        }
        Files.move(part, dir.resolve(RECORD), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static String digest(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
