package dev.wharf.runtime.internal.component;

import dev.wharf.runtime.internal.component.WitType.FlagsType;
import dev.wharf.runtime.internal.component.WitType.Primitive;
import dev.wharf.runtime.internal.component.WitValue.Bool;
import dev.wharf.runtime.internal.component.WitValue.Char;
import dev.wharf.runtime.internal.component.WitValue.F32;
import dev.wharf.runtime.internal.component.WitValue.F64;
import dev.wharf.runtime.internal.component.WitValue.FlagsValue;
import dev.wharf.runtime.internal.component.WitValue.Int;

/**
 * The scalar types' conversions, shared by memory and flat values: both hand over the raw bits
 * in the low end of a {@code long} (a memory word read unsigned, or a flat value), and take back
 * the raw bits zero-extended to the core type's width, so an {@code i32} flat value is always
 * {@code 0 .. 2^32-1} like the spec's.
 */
final class CanonicalScalars {

    static final int CANONICAL_F32_NAN = 0x7fc0_0000;
    static final long CANONICAL_F64_NAN = 0x7ff8_0000_0000_0000L;

    private CanonicalScalars() {}

    /** The value of scalar type {@code p} (not string) in the raw bits {@code raw}. */
    static WitValue lift(Primitive p, long raw) {
        return switch (p) {
            // any non-zero byte or i32 is true: lifting a bool does not trap
            case BOOL -> new Bool(CanonicalChecks.u32(raw) != 0);
            case U8 -> Int.of(raw & 0xFF);
            case S8 -> Int.of((byte) raw);
            case U16 -> Int.of(raw & 0xFFFF);
            case S16 -> Int.of((short) raw);
            case U32 -> Int.of(CanonicalChecks.u32(raw));
            case S32 -> Int.of((int) raw);
            case U64, S64 -> Int.of(raw);
            case F32 -> new F32(liftF32((int) raw));
            case F64 -> new F64(liftF64(raw));
            case CHAR -> new Char(liftChar(CanonicalChecks.u32(raw)));
            case STRING -> throw new IllegalArgumentException("string is not a scalar");
        };
    }

    /** The raw bits of {@code v} as scalar type {@code p} (not string), checked against the type. */
    static long lower(Primitive p, WitValue v) {
        return switch (p) {
            case BOOL -> expect(v, Bool.class, p).value() ? 1 : 0;
            case U8, S8, U16, S16, U32, S32 -> CanonicalChecks.u32(intInRange(p, expect(v, Int.class, p).value()));
            case U64, S64 -> expect(v, Int.class, p).value();
            case F32 -> CanonicalChecks.u32(f32Bits(expect(v, F32.class, p).value()));
            case F64 -> f64Bits(expect(v, F64.class, p).value());
            case CHAR -> lowerChar(expect(v, Char.class, p).codePoint());
            case STRING -> throw new IllegalArgumentException("string is not a scalar");
        };
    }

    private static long intInRange(Primitive p, long value) {
        long min;
        long max;
        switch (p) {
            case U8 -> { min = 0; max = 0xFF; }
            case S8 -> { min = Byte.MIN_VALUE; max = Byte.MAX_VALUE; }
            case U16 -> { min = 0; max = 0xFFFF; }
            case S16 -> { min = Short.MIN_VALUE; max = Short.MAX_VALUE; }
            case U32 -> { min = 0; max = CanonicalChecks.U32_MASK; }
            default -> { min = Integer.MIN_VALUE; max = Integer.MAX_VALUE; }
        }
        if (value < min || value > max) {
            throw new IllegalArgumentException("value " + value + " out of range for " + p.wit());
        }
        return value;
    }

    /** NaNs lift as the one canonical NaN, so no NaN payload crosses a component boundary. */
    static float liftF32(int bits) {
        float f = Float.intBitsToFloat(bits);
        return Float.isNaN(f) ? Float.intBitsToFloat(CANONICAL_F32_NAN) : f;
    }

    static double liftF64(long bits) {
        double d = Double.longBitsToDouble(bits);
        return Double.isNaN(d) ? Double.longBitsToDouble(CANONICAL_F64_NAN) : d;
    }

    /** Lowering takes the spec's deterministic profile: every NaN goes as the canonical NaN. */
    static int f32Bits(float f) {
        return Float.isNaN(f) ? CANONICAL_F32_NAN : Float.floatToRawIntBits(f);
    }

    static long f64Bits(double d) {
        return Double.isNaN(d) ? CANONICAL_F64_NAN : Double.doubleToRawLongBits(d);
    }

    /** A char from a guest: a Unicode scalar value, or a trap. */
    static int liftChar(long i) {
        if (i >= 0x110000) {
            throw CanonicalAbiTrap.of("char %d (0x%X) is beyond U+10FFFF", i, i);
        }
        if (i >= 0xD800 && i <= 0xDFFF) {
            throw CanonicalAbiTrap.of("char 0x%X is a surrogate, not a Unicode scalar value", i);
        }
        return (int) i;
    }

    private static long lowerChar(int codePoint) {
        if (codePoint < 0 || codePoint >= 0x110000 || (codePoint >= 0xD800 && codePoint <= 0xDFFF)) {
            throw new IllegalArgumentException(String.format("char 0x%X is not a Unicode scalar value", codePoint));
        }
        return codePoint;
    }

    /** Flags from a guest: bits past the last flag are ignored, as the spec's unpacking does. */
    static WitValue liftFlags(FlagsType t, long raw) {
        return new FlagsValue(raw & flagsMask(t));
    }

    static long lowerFlags(FlagsType t, WitValue v) {
        long bits = expect(v, FlagsValue.class, t).bits();
        if ((bits & ~flagsMask(t)) != 0) {
            throw new IllegalArgumentException(String.format(
                    "flags 0x%X set bits past the %d flags of %s", bits, t.names().size(), t));
        }
        return bits;
    }

    private static long flagsMask(FlagsType t) {
        int n = t.names().size();
        if (n > 32) {
            throw new IllegalArgumentException("flags types have at most 32 flags, not " + n);
        }
        return (1L << n) - 1;
    }

    /** {@code v} as a {@code kind}, or the host's error that it is not a value of {@code t}. */
    static <V extends WitValue> V expect(WitValue v, Class<V> kind, WitType t) {
        if (!kind.isInstance(v)) {
            throw CanonicalShapes.mismatch(t, v);
        }
        return kind.cast(v);
    }
}
