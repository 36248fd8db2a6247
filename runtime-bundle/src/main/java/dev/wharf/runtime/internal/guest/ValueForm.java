package dev.wharf.runtime.internal.guest;

/**
 * How the arguments and results of a call with typed values (a WebAssembly component's function)
 * are given: as Java values, or as a codec-prefixed JSON or CBOR payload. Both are plain data of
 * the JDK and the API, so a queued call survives the hand-over to a new runtime bundle.
 */
public enum ValueForm {
    /** Arguments an {@code Object[]}, results a {@code List<Object>}, in the Java mapping. */
    JAVA,
    /**
     * Arguments a codec-prefixed array in JSON or CBOR; results a list of two: the results as an
     * array in the same codec ({@code byte[]}), and the same as Java numbers when every result is
     * a number ({@code List<Number>}, else empty), as an Invoke's result carries them.
     */
    CODEC
}
