package dev.wharf.runtime.internal.component;

/**
 * A WAVE text that is not a value of the type asked for. The message names the position and what
 * was expected there, e.g. {@code expected a u8 (0 to 255) at 3, got '300'}; it is an
 * {@link IllegalArgumentException} because the text is an argument the caller passed in.
 */
public final class WaveException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final int position;

    WaveException(String message, int position) {
        super(message);
        this.position = position;
    }

    /** {@code expected <what> at <position>, got <token>}. */
    static WaveException expected(String what, WaveLexer.Token got) {
        return new WaveException("expected " + what + " at " + got.start() + ", got " + got.shown(), got.start());
    }

    /**
     * Where in the text the problem is: a 0-based index in UTF-16 units, as {@link String#charAt}
     * counts (wasm-tools counts bytes of UTF-8; the two agree on ASCII text).
     */
    public int position() {
        return position;
    }
}
