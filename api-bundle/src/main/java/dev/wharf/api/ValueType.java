package dev.wharf.api;

/** The WebAssembly number types an exported function may take and return. */
public enum ValueType {
    I32, I64, F32, F64;

    /** Width of a value of this type in the Borsh encoding, in bytes. */
    public int width() {
        return this == I32 || this == F32 ? 4 : 8;
    }

    @Override
    public String toString() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
