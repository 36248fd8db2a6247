package dev.wharf.runtime.internal.component.wasi;

import java.util.Arrays;

/**
 * What an input-stream of the host reads when it is not stdin: bytes known whole (a request's or
 * a response's body), read from the front; once they are read the stream is closed.
 */
public final class InputBytes implements HostObjects.Freeable {

    private final HeldBytes bytes;
    private int position;

    public InputBytes(HeldBytes bytes) {
        this.bytes = bytes;
    }

    /** The next at most {@code max} bytes; {@code null} once all were read (the stream is closed). */
    byte[] read(int max) {
        byte[] data = bytes.data();
        if (position >= data.length) {
            return null;
        }
        int n = Math.min(max, data.length - position);
        byte[] out = Arrays.copyOfRange(data, position, position + n);
        position += n;
        if (position == data.length) {
            bytes.release(); // read whole: nothing more is held for it
        }
        return out;
    }

    /** Skips at most {@code max} bytes: how many; -1 once all were read. */
    long skip(int max) {
        byte[] data = bytes.data();
        if (position >= data.length) {
            return -1;
        }
        int n = Math.min(max, data.length - position);
        position += n;
        return n;
    }

    @Override
    public void free() {
        bytes.release();
    }
}
