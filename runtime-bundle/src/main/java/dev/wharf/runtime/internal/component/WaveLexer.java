package dev.wharf.runtime.internal.component;

import java.util.Set;

/**
 * Splits WAVE text into tokens, one at a time as {@link WaveParser} asks for them. It follows the
 * token rules of wasm-tools' {@code wasm-wave} crate (its lexer is the reference where the EBNF of
 * the README is looser or stricter), and decodes chars and strings, escapes included, so that the
 * parser sees finished values.
 */
final class WaveLexer {

    /** The words that cannot be a bare variant or enum case; such a case is written {@code %ok}. */
    private static final Set<String> KEYWORDS = Set.of("true", "false", "inf", "nan", "some", "none", "ok", "err");

    static boolean isKeyword(String label) {
        return KEYWORDS.contains(label);
    }

    enum Kind { LBRACE, RBRACE, LPAREN, RPAREN, LBRACKET, RBRACKET, COLON, COMMA, NUMBER, LABEL, CHAR, STRING, END }

    /**
     * One token: {@code text} as written; for a char or string, {@code decoded} is its content with
     * the escapes (and a multiline string's indentation) resolved.
     */
    record Token(Kind kind, int start, String text, String decoded) {

        boolean is(Kind k) {
            return kind == k;
        }

        /** Whether this is the bare keyword; {@code %ok} is a label that never is. */
        boolean isKeyword(String keyword) {
            return kind == Kind.LABEL && text.equals(keyword);
        }

        /** A label without its {@code %}, which only lets a label be spelt like a keyword. */
        String label() {
            return text.startsWith("%") ? text.substring(1) : text;
        }

        /** The token for an error message, cut short since a string may be long. */
        String shown() {
            if (kind == Kind.END) {
                return "end of input";
            }
            return "'" + (text.length() <= 40 ? text : text.substring(0, 37) + "...") + "'";
        }
    }

    private final String src;
    private int pos;
    private Token peeked;

    WaveLexer(String src) {
        this.src = src;
    }

    Token peek() {
        if (peeked == null) {
            peeked = scan();
        }
        return peeked;
    }

    Token next() {
        Token token = peek();
        peeked = null;
        return token;
    }

    private Token scan() {
        skipSpaceAndComments();
        int start = pos;
        if (pos == src.length()) {
            return new Token(Kind.END, start, "", null);
        }
        char c = src.charAt(pos);
        Kind punctuation = punctuation(c);
        if (punctuation != null) {
            pos++;
            return token(punctuation, start, null);
        }
        if (c == '-' || digit(c)) {
            return number(start);
        }
        if (c == '%' || lower(c) || upper(c)) {
            return label(start);
        }
        if (c == '\'') {
            return character(start);
        }
        if (c == '"') {
            return src.startsWith("\"\"\"", pos) ? multiline(start) : string(start);
        }
        throw new WaveException("unexpected character '" + Character.toString(src.codePointAt(pos)) + "' at " + start, start);
    }

    private static Kind punctuation(char c) {
        return switch (c) {
            case '{' -> Kind.LBRACE;
            case '}' -> Kind.RBRACE;
            case '(' -> Kind.LPAREN;
            case ')' -> Kind.RPAREN;
            case '[' -> Kind.LBRACKET;
            case ']' -> Kind.RBRACKET;
            case ':' -> Kind.COLON;
            case ',' -> Kind.COMMA;
            default -> null;
        };
    }

    private void skipSpaceAndComments() {
        while (pos < src.length()) {
            char c = src.charAt(pos);
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
                pos++;
            } else if (src.startsWith("//", pos)) {
                int lineBreak = src.indexOf('\n', pos);
                pos = lineBreak < 0 ? src.length() : lineBreak;
            } else {
                return;
            }
        }
    }

    /** A JSON number, or {@code -inf}; {@code inf} and {@code nan} are labels (keywords). */
    private Token number(int start) {
        if (src.startsWith("-inf", pos)) {
            pos += 4;
            return token(Kind.NUMBER, start, null);
        }
        if (at('-')) {
            pos++;
        }
        if (!digit(charAt(pos))) {
            throw new WaveException("expected a digit after '-' at " + pos, pos);
        }
        // A leading zero stands alone: "01" is two numbers, as in JSON, and the parser refuses the second.
        pos = at('0') ? pos + 1 : digitsEnd(pos);
        if (at('.') && digit(charAt(pos + 1))) {
            pos = digitsEnd(pos + 1);
        }
        if (at('e') || at('E')) {
            int p = charAt(pos + 1) == '+' || charAt(pos + 1) == '-' ? pos + 2 : pos + 1;
            if (digit(charAt(p))) {
                pos = digitsEnd(p);
            }
        }
        return token(Kind.NUMBER, start, null);
    }

    /**
     * {@code %?word(-word)*}: the first word starts with a letter, later ones may start with digits
     * (as wasm-tools lexes them); each word is all lower or all upper case.
     */
    private Token label(int start) {
        if (at('%')) {
            pos++;
        }
        if (!lower(charAt(pos)) && !upper(charAt(pos))) {
            throw new WaveException("expected a label after '%' at " + pos, pos);
        }
        word();
        while (at('-') && (digit(charAt(pos + 1)) || lower(charAt(pos + 1)) || upper(charAt(pos + 1)))) {
            pos++;
            word();
        }
        return token(Kind.LABEL, start, null);
    }

    private void word() {
        while (digit(charAt(pos))) {
            pos++;
        }
        boolean lowerCase = lower(charAt(pos));
        while (digit(charAt(pos)) || (lowerCase ? lower(charAt(pos)) : upper(charAt(pos)))) {
            pos++;
        }
    }

    private Token character(int start) {
        pos++;
        if (pos == src.length() || at('\'') || at('\n')) {
            throw new WaveException("expected one character between quotes at " + start, start);
        }
        StringBuilder decoded = new StringBuilder(2);
        scalarOrEscape(decoded);
        if (!at('\'')) {
            throw new WaveException("expected the closing ' of the char at " + pos + " (a char holds one character)", pos);
        }
        pos++;
        return token(Kind.CHAR, start, decoded.toString());
    }

    private Token string(int start) {
        pos++;
        StringBuilder decoded = new StringBuilder();
        while (!at('"')) {
            if (pos == src.length() || at('\n')) {
                throw new WaveException("unterminated string from " + start + " at " + pos
                        + " (a line break in a string is written \\n)", pos);
            }
            scalarOrEscape(decoded);
        }
        pos++;
        return token(Kind.STRING, start, decoded.toString());
    }

    /**
     * A multiline string: {@code """}, a line break, lines, and {@code """} on a line of its own;
     * the spaces before the closing {@code """} are the indent every line loses. Like wasm-tools,
     * the string ends at the first {@code """}, which is why the spec asks to break up triplets.
     */
    private Token multiline(int start) {
        int body = start + 3;
        int close = src.indexOf("\"\"\"", body);
        if (close < 0) {
            throw new WaveException("unterminated multiline string from " + start, start);
        }
        int first = src.startsWith("\r\n", body) ? body + 2 : src.startsWith("\n", body) ? body + 1 : -1;
        if (first < 0 || first > close) {
            throw new WaveException("expected a line break after the opening \"\"\" at " + body, body);
        }
        int lastBreak = src.lastIndexOf('\n', close);
        String indent = src.substring(lastBreak + 1, close);
        if (indent.chars().anyMatch(c -> c != ' ')) {
            throw new WaveException("expected the closing \"\"\" at " + close + " on a line of its own, after spaces only", close);
        }
        StringBuilder decoded = new StringBuilder();
        for (int line = first; line <= lastBreak; line = src.indexOf('\n', line) + 1) {
            if (line > first) {
                decoded.append('\n');
            }
            if (!src.startsWith(indent, line)) {
                throw new WaveException("line at " + line + " is indented less than the closing \"\"\" ("
                        + indent.length() + " spaces)", line);
            }
            int end = src.indexOf('\n', line);
            decodeRange(line + indent.length(), end > line && src.charAt(end - 1) == '\r' ? end - 1 : end, decoded);
        }
        pos = close + 3;
        return token(Kind.STRING, start, decoded.toString());
    }

    private void decodeRange(int from, int to, StringBuilder decoded) {
        pos = from;
        while (pos < to) {
            scalarOrEscape(decoded);
        }
    }

    private void scalarOrEscape(StringBuilder decoded) {
        if (at('\\')) {
            decoded.appendCodePoint(escape());
            return;
        }
        int codePoint = src.codePointAt(pos);
        if (Character.getType(codePoint) == Character.SURROGATE) {
            throw new WaveException("unpaired surrogate at " + pos + " is not a Unicode scalar value", pos);
        }
        decoded.appendCodePoint(codePoint);
        pos += Character.charCount(codePoint);
    }

    /** One of <code>\' \" \\ \t \n \r &#92;u{…}</code> at {@code pos}; returns the code point it stands for. */
    private int escape() {
        int start = pos;
        char c = charAt(pos + 1);
        pos += 2;
        return switch (c) {
            case '\'', '"', '\\' -> c;
            case 't' -> '\t';
            case 'n' -> '\n';
            case 'r' -> '\r';
            case 'u' -> unicodeEscape(start);
            default -> throw badEscape(start);
        };
    }

    private int unicodeEscape(int start) {
        if (!at('{')) {
            throw badEscape(start);
        }
        int digitsStart = ++pos;
        while (Character.digit(charAt(pos), 16) >= 0 && charAt(pos) < 128 && pos - digitsStart < 6) {
            pos++;
        }
        if (pos == digitsStart || !at('}')) {
            throw badEscape(start);
        }
        int codePoint = Integer.parseInt(src.substring(digitsStart, pos++), 16);
        if (codePoint > Character.MAX_CODE_POINT || Character.getType(codePoint) == Character.SURROGATE) {
            throw new WaveException("escape at " + start + " is not a Unicode scalar value: " + src.substring(start, pos), start);
        }
        return codePoint;
    }

    private WaveException badEscape(int start) {
        return new WaveException("invalid escape at " + start + ": expected \\', \\\", \\\\, \\t, \\n, \\r or \\u{"
                + "1 to 6 hex digits}", start);
    }

    private Token token(Kind kind, int start, String decoded) {
        return new Token(kind, start, src.substring(start, pos), decoded);
    }

    private boolean at(char c) {
        return charAt(pos) == c;
    }

    /** The char at {@code i}, or 0 past the end: 0 matches no rule, so the end needs no special case. */
    private char charAt(int i) {
        return i < src.length() ? src.charAt(i) : 0;
    }

    private int digitsEnd(int from) {
        int i = from;
        while (digit(charAt(i))) {
            i++;
        }
        return i;
    }

    private static boolean digit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean lower(char c) {
        return c >= 'a' && c <= 'z';
    }

    private static boolean upper(char c) {
        return c >= 'A' && c <= 'Z';
    }
}
