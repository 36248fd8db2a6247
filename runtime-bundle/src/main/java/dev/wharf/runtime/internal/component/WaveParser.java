package dev.wharf.runtime.internal.component;

import dev.wharf.runtime.internal.component.WaveLexer.Kind;
import dev.wharf.runtime.internal.component.WaveLexer.Token;
import dev.wharf.runtime.internal.component.WitType.EnumType;
import dev.wharf.runtime.internal.component.WitType.Field;
import dev.wharf.runtime.internal.component.WitType.FlagsType;
import dev.wharf.runtime.internal.component.WitType.ListType;
import dev.wharf.runtime.internal.component.WitType.OptionType;
import dev.wharf.runtime.internal.component.WitType.Primitive;
import dev.wharf.runtime.internal.component.WitType.RecordType;
import dev.wharf.runtime.internal.component.WitType.ResultType;
import dev.wharf.runtime.internal.component.WitType.TupleType;
import dev.wharf.runtime.internal.component.WitType.VariantType;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Reads one value of a {@link WitType} from its WAVE text (the Web Assembly Value Encoding of
 * wasm-tools' {@code wasm-wave} crate, which {@code wasmtime run --invoke} reads). The type leads:
 * each token is read as what the type expects there, so an error names that, and the recursion is
 * as deep as the type, never deeper, whatever the text. Resource handles have no WAVE form and are
 * refused.
 */
public final class WaveParser {

    private static final Pattern DIGITS = Pattern.compile("-?[0-9]+");

    private final WaveLexer lexer;

    private WaveParser(String text) {
        this.lexer = new WaveLexer(text);
    }

    /**
     * The value of {@code type} that {@code text} spells; whitespace and {@code //} comments may
     * surround it.
     *
     * @throws WaveException if the text is not exactly one such value
     */
    public static WitValue parse(WitType type, String text) {
        Objects.requireNonNull(type, "type");
        WaveParser parser = new WaveParser(Objects.requireNonNull(text, "text"));
        WitValue value = parser.value(type);
        Token rest = parser.lexer.next();
        if (!rest.is(Kind.END)) {
            throw WaveException.expected("the end of the input after the value", rest);
        }
        return value;
    }

    private WitValue value(WitType type) {
        if (type instanceof Primitive p) {
            return primitive(p, lexer.next());
        }
        if (type instanceof ListType t) {
            expect(Kind.LBRACKET, "a list ('[')");
            List<WitValue> elements = new ArrayList<>();
            sequence(Kind.RBRACKET, "']'", () -> elements.add(value(t.element())));
            return new WitValue.ListValue(elements);
        }
        if (type instanceof RecordType t) {
            return record(t);
        }
        if (type instanceof TupleType t) {
            return tuple(t);
        }
        if (type instanceof VariantType t) {
            return variant(t);
        }
        if (type instanceof EnumType t) {
            int index = caseIndex(lexer.next(), t.names(), t);
            noPayload("enum case " + t.names().get(index));
            return new WitValue.EnumValue(index);
        }
        if (type instanceof OptionType t) {
            return option(t);
        }
        if (type instanceof ResultType t) {
            return result(t);
        }
        if (type instanceof FlagsType t) {
            return flags(t);
        }
        int at = lexer.peek().start();
        throw new WaveException(WaveWriter.typeName(type) + " at " + at + " is a resource, which has no WAVE form", at);
    }

    private static WitValue primitive(Primitive type, Token token) {
        switch (type) {
            case BOOL -> {
                if (token.isKeyword("true") || token.isKeyword("false")) {
                    return new WitValue.Bool(token.isKeyword("true"));
                }
                throw WaveException.expected("a bool (true or false)", token);
            }
            case F32, F64 -> {
                return floating(type, token);
            }
            case CHAR -> {
                if (token.is(Kind.CHAR)) {
                    return new WitValue.Char(token.decoded().codePointAt(0));
                }
                throw WaveException.expected("a char ('x')", token);
            }
            case STRING -> {
                if (token.is(Kind.STRING)) {
                    return new WitValue.Str(token.decoded());
                }
                throw WaveException.expected("a string (\"...\")", token);
            }
            default -> {
                return integer(type, token);
            }
        }
    }

    /**
     * Base-10 digits only: "1.0" and "1e2" are numbers but not integers, and "-0" is refused for
     * unsigned types as Rust's parse (and so wasm-tools) refuses it.
     */
    private static WitValue integer(Primitive type, Token token) {
        String text = token.text();
        if (token.is(Kind.NUMBER) && DIGITS.matcher(text).matches() && !(type.unsigned() && text.startsWith("-"))) {
            WitValue.Int value = WitNumbers.of(type, new BigInteger(text));
            if (value != null) {
                return value;
            }
        }
        throw WaveException.expected(WitNumbers.expected(type), token);
    }

    /** A JSON number, {@code nan}, {@code inf} or {@code -inf}; the nearest float, infinity if too large. */
    private static WitValue floating(Primitive type, Token token) {
        String java = token.is(Kind.NUMBER) ? token.text().replace("-inf", "-Infinity")
                : token.isKeyword("inf") ? "Infinity"
                : token.isKeyword("nan") ? "NaN"
                : null;
        if (java == null) {
            throw WaveException.expected("an " + type.wit() + " (a number, nan, inf or -inf)", token);
        }
        // Straight to float, not through double: rounding twice could land on the other neighbour.
        return type == Primitive.F32 ? new WitValue.F32(Float.parseFloat(java)) : new WitValue.F64(Double.parseDouble(java));
    }

    private WitValue record(RecordType type) {
        Token open = expect(Kind.LBRACE, "a record ('{')");
        List<Field> fields = type.fields();
        WitValue[] values = new WitValue[fields.size()];
        if (lexer.peek().is(Kind.COLON)) {
            lexer.next();
            expect(Kind.RBRACE, "'}' (a record with no field written is {:})");
        } else if (lexer.peek().is(Kind.RBRACE)) {
            throw WaveException.expected("a field of " + WaveWriter.typeName(type) + " ({} is flags; a record with no field written is {:})", lexer.peek());
        } else {
            sequence(Kind.RBRACE, "'}'", () -> field(type, values));
        }
        for (int i = 0; i < values.length; i++) {
            if (values[i] == null && !(fields.get(i).type() instanceof OptionType)) {
                throw new WaveException("missing field " + fields.get(i).name() + " of the record at " + open.start(), open.start());
            }
        }
        List<WitValue> all = new ArrayList<>(values.length);
        for (WitValue value : values) {
            // An option field left out is none: the one value WAVE lets a record omit.
            all.add(value == null ? WitValue.OptionValue.NONE : value);
        }
        return new WitValue.RecordValue(all);
    }

    private void field(RecordType type, WitValue[] values) {
        Token name = lexer.next();
        if (!name.is(Kind.LABEL)) {
            throw WaveException.expected("a field name", name);
        }
        int index = type.fields().stream().map(Field::name).toList().indexOf(name.label());
        if (index < 0) {
            throw new WaveException("unknown field " + name.label() + " at " + name.start() + " of " + WaveWriter.typeName(type), name.start());
        }
        if (values[index] != null) {
            throw new WaveException("duplicate field " + name.label() + " at " + name.start(), name.start());
        }
        expect(Kind.COLON, "':' after the field name");
        values[index] = value(type.fields().get(index).type());
    }

    private WitValue tuple(TupleType type) {
        expect(Kind.LPAREN, "a tuple ('(')");
        List<WitType> types = type.types();
        List<WitValue> values = new ArrayList<>();
        Token close = sequence(Kind.RPAREN, "')'", () -> {
            if (values.size() == types.size()) {
                throw WaveException.expected("')' after the " + types.size() + " values of " + WaveWriter.typeName(type), lexer.peek());
            }
            values.add(value(types.get(values.size())));
        });
        if (values.size() < types.size()) {
            throw new WaveException("expected " + types.size() + " values for " + WaveWriter.typeName(type)
                    + " at " + close.start() + ", got " + values.size(), close.start());
        }
        return new WitValue.TupleValue(values);
    }

    private WitValue variant(VariantType type) {
        List<String> names = type.cases().stream().map(WitType.Case::name).toList();
        int index = caseIndex(lexer.next(), names, type);
        WitType payload = type.cases().get(index).payload();
        return new WitValue.VariantValue(index, payload(payload, "case " + names.get(index)));
    }

    /** A case label: a bare keyword is never one, a case named like a keyword is written {@code %ok}. */
    private static int caseIndex(Token token, List<String> names, WitType type) {
        if (!token.is(Kind.LABEL)) {
            throw WaveException.expected("a case of " + WaveWriter.typeName(type), token);
        }
        if (WaveLexer.isKeyword(token.text())) {
            throw WaveException.expected("a case of " + WaveWriter.typeName(type) + " (a case named "
                    + token.text() + " is written %" + token.text() + ")", token);
        }
        int index = names.indexOf(token.label());
        if (index < 0) {
            throw new WaveException("unknown case " + token.label() + " at " + token.start() + " of " + WaveWriter.typeName(type), token.start());
        }
        return index;
    }

    /**
     * {@code some(x)}, {@code none}, or x itself ("flat") unless x is an option or a result: then
     * {@code some(none)} and {@code none} would read the same.
     */
    private WitValue option(OptionType type) {
        Token token = lexer.peek();
        if (token.isKeyword("some") || token.isKeyword("none")) {
            lexer.next();
            WitType payload = token.isKeyword("some") ? type.type() : null;
            return new WitValue.OptionValue(payload(payload, token.text()));
        }
        if (flattenable(type.type())) {
            return new WitValue.OptionValue(value(type.type()));
        }
        throw WaveException.expected("some(...) or none for " + WaveWriter.typeName(type), token);
    }

    /** {@code ok(x)}, {@code err(y)}, {@code ok}, {@code err}, or a flat x as for options. */
    private WitValue result(ResultType type) {
        Token token = lexer.peek();
        if (token.isKeyword("ok") || token.isKeyword("err")) {
            lexer.next();
            boolean ok = token.isKeyword("ok");
            return new WitValue.ResultValue(ok, payload(ok ? type.ok() : type.err(), token.text()));
        }
        if (type.ok() != null && flattenable(type.ok())) {
            return new WitValue.ResultValue(true, value(type.ok()));
        }
        throw WaveException.expected("ok or err for " + WaveWriter.typeName(type), token);
    }

    private static boolean flattenable(WitType payload) {
        return !(payload instanceof OptionType) && !(payload instanceof ResultType);
    }

    /** {@code (value)} after a case that has a payload type, nothing after one that has none. */
    private WitValue payload(WitType type, String what) {
        if (type == null) {
            noPayload(what);
            return null;
        }
        expect(Kind.LPAREN, "'(' and the payload of " + what);
        WitValue value = value(type);
        expect(Kind.RPAREN, "')' after the payload of " + what);
        return value;
    }

    private void noPayload(String what) {
        Token next = lexer.peek();
        if (next.is(Kind.LPAREN)) {
            throw new WaveException(what + " has no payload, got '(' at " + next.start(), next.start());
        }
    }

    private WitValue flags(FlagsType type) {
        expect(Kind.LBRACE, "flags ('{')");
        long[] bits = {0};
        sequence(Kind.RBRACE, "'}'", () -> {
            Token name = lexer.next();
            if (!name.is(Kind.LABEL)) {
                throw WaveException.expected("a flag name", name);
            }
            int index = type.names().indexOf(name.label());
            if (index < 0) {
                throw new WaveException("unknown flag " + name.label() + " at " + name.start() + " of " + WaveWriter.typeName(type), name.start());
            }
            if ((bits[0] & 1L << index) != 0) {
                throw new WaveException("duplicate flag " + name.label() + " at " + name.start(), name.start());
            }
            bits[0] |= 1L << index;
        });
        return new WitValue.FlagsValue(bits[0]);
    }

    /**
     * Items separated by commas up to {@code close}; a trailing comma is allowed, a leading or a
     * double one is not (the item then finds the comma where it expects its own first token).
     */
    private Token sequence(Kind close, String closeName, Runnable item) {
        while (!lexer.peek().is(close)) {
            item.run();
            if (!lexer.peek().is(Kind.COMMA)) {
                break;
            }
            lexer.next();
        }
        return expect(close, "',' or " + closeName);
    }

    private Token expect(Kind kind, String what) {
        Token token = lexer.next();
        if (!token.is(kind)) {
            throw WaveException.expected(what, token);
        }
        return token;
    }
}
