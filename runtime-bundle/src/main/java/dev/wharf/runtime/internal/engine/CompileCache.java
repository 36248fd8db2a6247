package dev.wharf.runtime.internal.engine;

import com.dylibso.chicory.compiler.Cache;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger.Level;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Compiled modules on disk (the runtime bundle's data area), so that a restart of the container
 * or of a component does not compile an unchanged module again. Chicory asks for an entry by the
 * module's digest; the file name adds the engine's identity (Chicory's version and the compile
 * settings), so an entry of another Chicory is never even read. Each file carries a header and
 * a SHA-256 of its content: a truncated, corrupt or foreign file is deleted and the module is
 * compiled again. The folder is bounded: past {@code maxBytes} the least recently used entries go.
 */
final class CompileCache implements Cache {

    private static final System.Logger LOG = System.getLogger("dev.wharf.runtime");
    private static final int MAGIC = 0x57434331; // "WCC1"
    private static final String SUFFIX = ".wcc";

    private final Path dir;
    private final long maxBytes;
    private final String identity;
    private final java.util.concurrent.atomic.AtomicLong hits = new java.util.concurrent.atomic.AtomicLong();

    /**
     * @param identity what changes the generated code besides the module (Chicory's version,
     *     compile settings); part of every entry's name and checked in its header
     */
    CompileCache(Path dir, long maxBytes, String identity) throws IOException {
        this.dir = Files.createDirectories(dir);
        this.maxBytes = maxBytes;
        this.identity = identity;
    }

    private Path file(String key) {
        return dir.resolve(WasmEngine.sha256((identity + "\n" + key).getBytes(java.nio.charset.StandardCharsets.UTF_8)) + SUFFIX);
    }

    @Override
    public byte[] get(String key) {
        Path f = file(key);
        if (!Files.isRegularFile(f)) {
            return null;
        }
        try (InputStream raw = Files.newInputStream(f); DataInputStream in = new DataInputStream(raw)) {
            if (in.readInt() != MAGIC || !identity.equals(in.readUTF()) || !key.equals(in.readUTF())) {
                return discard(f, "it was written for another module or engine");
            }
            int len = in.readInt();
            if (len < 0 || len > Files.size(f)) {
                return discard(f, "its length is wrong");
            }
            byte[] data = in.readNBytes(len);
            byte[] sum = in.readNBytes(32);
            if (data.length != len || !Arrays.equals(sum, sha256(data)) || in.read() != -1) {
                return discard(f, "its checksum does not match");
            }
            Files.setLastModifiedTime(f, FileTime.fromMillis(System.currentTimeMillis())); // recently used
            hits.incrementAndGet();
            return data;
        } catch (IOException | RuntimeException e) {
            return discard(f, "it cannot be read: " + e);
        }
    }

    @Override
    public void putIfAbsent(String key, byte[] data) {
        Path f = file(key);
        if (Files.exists(f)) {
            return;
        }
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(data.length + 256);
            try (DataOutputStream out = new DataOutputStream(bytes)) {
                out.writeInt(MAGIC);
                out.writeUTF(identity);
                out.writeUTF(key);
                out.writeInt(data.length);
                out.write(data);
                out.write(sha256(data));
            }
            Path tmp = Files.createTempFile(dir, "entry", ".tmp");
            Files.write(tmp, bytes.toByteArray());
            try {
                Files.move(tmp, f, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, f, StandardCopyOption.REPLACE_EXISTING);
            }
            trim();
        } catch (IOException | RuntimeException e) {
            // a cache that cannot be written costs a compilation next time, nothing else
            LOG.log(Level.WARNING, "cannot store a compiled module in " + dir + ": " + e, e);
        }
    }

    /** Deletes the entry of {@code key}: Chicory could not use it although it passed the checks. */
    void remove(String key) {
        try {
            Files.deleteIfExists(file(key));
        } catch (IOException e) {
            LOG.log(Level.WARNING, "cannot delete compile cache entry " + file(key) + ": " + e, e);
        }
    }

    private byte[] discard(Path f, String why) {
        LOG.log(Level.WARNING, "compile cache entry " + f.getFileName() + " is discarded, " + why
                + "; the module is compiled again");
        try {
            Files.deleteIfExists(f);
        } catch (IOException e) {
            LOG.log(Level.WARNING, "cannot delete " + f + ": " + e, e);
        }
        return null;
    }

    /** Deletes the least recently used entries while the folder holds more than {@code maxBytes}. */
    private synchronized void trim() throws IOException {
        List<Path> files = new ArrayList<>();
        long total = 0;
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, "*" + SUFFIX)) {
            for (Path p : s) {
                files.add(p);
                total += Files.size(p);
            }
        }
        if (total <= maxBytes) {
            return;
        }
        files.sort(Comparator.comparing(p -> {
            try {
                return Files.getLastModifiedTime(p);
            } catch (IOException e) {
                return FileTime.fromMillis(0);
            }
        }));
        for (Path p : files) {
            if (total <= maxBytes) {
                break;
            }
            long size = Files.size(p);
            Files.deleteIfExists(p);
            total -= size;
        }
    }

    /** How many entries were found and used. */
    long hits() {
        return hits.get();
    }

    /** The bytes the folder holds now. */
    long size() throws IOException {
        long total = 0;
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, "*" + SUFFIX)) {
            for (Path p : s) {
                total += Files.size(p);
            }
        }
        return total;
    }

    static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }
}
