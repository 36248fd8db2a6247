package dev.wharf.runtime.internal.component;

import dev.wharf.runtime.internal.component.WitType.Primitive;
import java.math.BigInteger;

/** The ranges of the integer types, shared by every text and value form that reads integers. */
public final class WitNumbers {

    private WitNumbers() {}

    /** Whether {@code v} is a value of the integer type, as {@link WitValue.Int} holds it. */
    public static boolean inRange(Primitive type, long v) {
        return switch (type) {
            case S8 -> v == (byte) v;
            case U8 -> v >= 0 && v <= 0xFF;
            case S16 -> v == (short) v;
            case U16 -> v >= 0 && v <= 0xFFFF;
            case S32 -> v == (int) v;
            case U32 -> v >= 0 && v <= 0xFFFF_FFFFL;
            case S64, U64 -> true;
            default -> false;
        };
    }

    /** {@code value} as a value of the integer type, or {@code null} when it is out of the type's range. */
    public static WitValue.Int of(Primitive type, BigInteger value) {
        boolean fits = type == Primitive.U64
                ? value.signum() >= 0 && value.bitLength() <= 64
                : value.bitLength() <= 63 && inRange(type, value.longValue());
        return fits ? WitValue.Int.of(value.longValue()) : null;
    }

    /** What an integer of the type must be, for messages: e.g. {@code an s8 (-128 to 127)}. */
    public static String expected(Primitive type) {
        return (type.unsigned() ? "a " : "an ") + type.wit() + " (" + range(type) + ")";
    }

    private static String range(Primitive type) {
        return switch (type) {
            case S8 -> "-128 to 127";
            case U8 -> "0 to 255";
            case S16 -> "-32768 to 32767";
            case U16 -> "0 to 65535";
            case S32 -> "-2147483648 to 2147483647";
            case U32 -> "0 to 4294967295";
            case S64 -> "-9223372036854775808 to 9223372036854775807";
            default -> "0 to 18446744073709551615";
        };
    }
}
