package dev.wharf.runtime.internal.engine;

import java.nio.charset.StandardCharsets;

/**
 * Collects what a guest writes to stdout or stderr into log lines, for WASI preview 1 and 0.2
 * alike: a line ends at {@code '\n'} (not included; empty lines are dropped), a line longer
 * than {@value #MAX_LINE_BYTES} bytes is cut there and the rest starts a new line, so a guest
 * cannot make the host hold more than that; bytes are decoded as UTF-8 (invalid ones replaced).
 * A cut falls before a UTF-8 sequence the buffer would otherwise split. A flush by the guest does
 * not end a line by itself: the last partial one goes to the sink on {@link #endLine()}. Every
 * line a guest logs, by any kind of guest, is capped at {@value #MAX_LINE_BYTES} bytes.
 */
public final class LineBuffer {

    /** Longest line taken; the rest starts a new line. */
    public static final int MAX_LINE_BYTES = 8192;

    private final GuestInstance.LineSink sink;
    private final int level;
    private final byte[] line = new byte[MAX_LINE_BYTES];
    private int size;

    public LineBuffer(GuestInstance.LineSink sink, int level) {
        this.sink = sink;
        this.level = level;
    }

    public void write(byte[] bytes, int offset, int length) {
        for (int i = offset; i < offset + length; i++) {
            byte b = bytes[i];
            if (b == '\n') {
                endLine();
                continue;
            }
            if (size == MAX_LINE_BYTES) {
                emit(cutPoint());
            }
            line[size++] = b;
        }
    }

    /** Where to cut a full line: before a trailing UTF-8 sequence that is not complete yet, else at the end. */
    private int cutPoint() {
        for (int back = 1; back <= 3; back++) {
            int i = size - back;
            int b = line[i] & 0xFF;
            if ((b & 0xC0) != 0x80) {
                int needed = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1;
                return needed > back ? i : size;
            }
        }
        return size;
    }

    /** Sends the first {@code n} bytes as a line and keeps the rest. */
    private void emit(int n) {
        sink.line(level, new String(line, 0, n, StandardCharsets.UTF_8));
        System.arraycopy(line, n, line, 0, size - n);
        size -= n;
    }

    /** Sends the partial line, if any (like the engine's log, an empty line is not sent). */
    public void endLine() {
        if (size > 0) {
            emit(size);
        }
    }
}
