package dev.wharf.runtime.internal.component;

/**
 * The core WebAssembly value types a component-level value flattens to. As flat values they all
 * travel as a {@code long}, the way Chicory passes them: an {@code i32} or {@code f32} in the low
 * 32 bits (the float as its raw bits), an {@code f64} as its raw bits.
 */
public enum CoreType {
    I32, I64, F32, F64;

    /** Whether a value of this type fills only the low 32 bits of its {@code long}. */
    public boolean narrow() {
        return this == I32 || this == F32;
    }

    /**
     * The type a variant's flat slot takes when two cases put {@code a} and {@code b} there: the
     * same type, {@code i32} for an {@code i32}/{@code f32} mix, {@code i64} for anything wider.
     */
    public static CoreType join(CoreType a, CoreType b) {
        if (a == b) {
            return a;
        }
        if (a.narrow() && b.narrow()) {
            return I32;
        }
        return I64;
    }
}
