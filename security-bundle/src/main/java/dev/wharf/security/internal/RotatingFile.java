package dev.wharf.security.internal;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * An append-only text file rotated by size: {@code name}, then {@code name.1} ... {@code name.N}
 * for the older ones. Lines are written whole; a line torn by a crash (no newline at the end of
 * the file) is ended before anything is appended, so the next line never glues onto it. Used by
 * one writer thread.
 */
final class RotatingFile {

    private final Path dir;
    private final String name;

    RotatingFile(Path dir, String name) throws IOException {
        this.dir = dir;
        this.name = name;
        endTornLine();
    }

    Path current() {
        return dir.resolve(name);
    }

    /** Ends a last line that has no newline (a write cut short by kill -9 or a power loss). */
    private void endTornLine() throws IOException {
        Path file = current();
        if (!Files.exists(file) || Files.size(file) == 0) {
            return;
        }
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.seek(f.length() - 1);
            if (f.read() != '\n') {
                f.seek(f.length());
                f.write('\n');
            }
        }
    }

    /** Appends {@code lines} (each ending with a newline), rotating when the file reaches {@code maxBytes}. */
    void append(List<String> lines, long maxBytes, int files) throws IOException {
        Path file = current();
        long size = Files.exists(file) ? Files.size(file) : 0;
        int i = 0;
        while (i < lines.size()) {
            // fill the current file up to its size limit, then rotate and go on
            try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND)) {
                while (i < lines.size() && size < maxBytes) {
                    String line = lines.get(i++);
                    w.write(line);
                    size += line.getBytes(StandardCharsets.UTF_8).length;
                }
            }
            if (size >= maxBytes) {
                rotate(files);
                size = 0;
            }
        }
    }

    private void rotate(int keep) throws IOException {
        Files.deleteIfExists(dir.resolve(name + "." + keep));
        for (int i = keep - 1; i >= 1; i--) {
            Path from = dir.resolve(name + "." + i);
            if (Files.exists(from)) {
                Files.move(from, dir.resolve(name + "." + (i + 1)), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        Files.move(current(), dir.resolve(name + ".1"), StandardCopyOption.REPLACE_EXISTING);
    }

    /** The lines of the previous and the current file, oldest first. */
    List<String> newestLines() throws IOException {
        List<String> out = new ArrayList<>();
        for (Path p : List.of(dir.resolve(name + ".1"), current())) {
            if (Files.exists(p)) {
                out.addAll(Files.readAllLines(p, StandardCharsets.UTF_8));
            }
        }
        return out;
    }
}
