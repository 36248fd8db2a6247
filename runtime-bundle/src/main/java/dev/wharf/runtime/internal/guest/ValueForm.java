package dev.wharf.runtime.internal.guest;

/**
 * How the arguments and results of a call with typed values (a WebAssembly component's function)
 * are given: as Java values, or as a codec-prefixed JSON or CBOR payload. Both are plain data of
 * the JDK and the API, so a queued call survives the hand-over to a new runtime bundle.
 */
public enum ValueForm {
    /** Arguments an {@code Object[]}, results a {@code List<Object>}, in the Java mapping. */
    JAVA,
    /** Arguments a codec-prefixed array in JSON or CBOR, results an array in the same codec. */
    CODEC
}
