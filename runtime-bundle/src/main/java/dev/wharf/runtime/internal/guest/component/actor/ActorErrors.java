package dev.wharf.runtime.internal.guest.component.actor;

import dev.wharf.api.ErrorCode;
import dev.wharf.api.WharfException;
import dev.wharf.runtime.internal.component.WitValue.Int;
import dev.wharf.runtime.internal.component.WitValue.Str;
import dev.wharf.runtime.internal.component.WitValue.TupleValue;
import dev.wharf.runtime.internal.component.WitValue.VariantValue;
import dev.wharf.runtime.internal.component.WitValue;
import dev.wharf.runtime.internal.engine.AbiResult;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Wharf's errors as wharf:actor's {@code variant error}: each error code with a case of its own
 * gets that case (the case's name is the code's name in WIT's spelling: {@code DENIED} is
 * {@code denied}), every other code {@code other(code, text)}. The text is the host's
 * explanation, the same a core module's caller or the shell reads.
 */
final class ActorErrors {

    /** The last case, {@code other}. */
    private static final int OTHER = ActorTypes.ERROR.cases().size() - 1;
    /** The case of each error code that has one, read off the variant's case names. */
    private static final Map<ErrorCode, Integer> CASES = cases();

    private ActorErrors() {}

    private static Map<ErrorCode, Integer> cases() {
        Map<ErrorCode, Integer> out = new EnumMap<>(ErrorCode.class);
        for (int i = 0; i < OTHER; i++) {
            String name = ActorTypes.ERROR.cases().get(i).name();
            out.put(ErrorCode.valueOf(name.toUpperCase(Locale.ROOT).replace('-', '_')), i);
        }
        return out;
    }

    /** {@code error} as the variant, its message the explanation. */
    static VariantValue of(WharfException error) {
        return of(error.code(), error.getMessage());
    }

    /** {@code code} as the variant, with {@code text}. */
    static VariantValue of(ErrorCode code, String text) {
        Integer index = CASES.get(code);
        if (index == null) {
            return new VariantValue(OTHER, new TupleValue(List.of(Int.of(code.code()), new Str(text))));
        }
        return new VariantValue(index, new Str(text));
    }

    /** The error code of a variant value, for tests and logs. */
    static ErrorCode code(WitValue error) {
        VariantValue v = (VariantValue) error;
        if (v.index() == OTHER) {
            long code = ((Int) ((TupleValue) v.payload()).values().get(0)).value();
            return AbiResult.error(code).orElseThrow(() -> new IllegalArgumentException("no error code " + code));
        }
        return CASES.entrySet().stream().filter(e -> e.getValue() == v.index()).findFirst().orElseThrow().getKey();
    }
}
