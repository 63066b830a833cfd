package io.logpulse.event;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads one log line holding a flat object into key/value text.
 *
 * <p>Tolerant on purpose, because two writers feed it: nginx {@code escape=json} (double quotes,
 * JSON unicode escapes, numbers unquoted) and the seed-000 generator's Python dict repr (single
 * quotes, {@code \xHH} escapes, {@code True/False/None}). Numbers are kept as their literal text so
 * callers decide how to read them; nested objects and arrays are skipped, as no field we use is one.
 * Duplicate keys are refused, since a second {@code "status"} is how a log-injection would override
 * the first.
 */
final class JsonLineReader {

    private static final int MAX_DEPTH = 16;

    private final String text;
    private int pos;

    private JsonLineReader(String text) {
        this.text = text;
    }

    static Map<String, String> read(String line) throws LineRejected {
        return new JsonLineReader(line).readTopLevel();
    }

    private Map<String, String> readTopLevel() throws LineRejected {
        skipWhitespace();
        expect('{');
        Map<String, String> fields = new LinkedHashMap<>();
        skipWhitespace();
        if (peek() == '}') {
            pos++;
        } else {
            readMembers(fields);
        }
        skipWhitespace();
        if (pos < text.length()) {
            throw fail("unexpected text after the closing '}' at offset " + pos);
        }
        return fields;
    }

    private void readMembers(Map<String, String> fields) throws LineRejected {
        while (true) {
            skipWhitespace();
            char quote = peek();
            if (quote != '"' && quote != '\'') {
                throw fail("expected a quoted key at offset " + pos);
            }
            String key = readString();
            skipWhitespace();
            expect(':');
            skipWhitespace();
            String value = readValue(1);
            if (fields.containsKey(key)) {
                throw fail("duplicate key '" + key + "'");
            }
            fields.put(key, value);
            skipWhitespace();
            char next = next();
            if (next == '}') {
                return;
            }
            if (next != ',') {
                throw fail("expected ',' or '}' at offset " + (pos - 1));
            }
        }
    }

    /** Returns the value as text; null for JSON null, nested objects and arrays. */
    private String readValue(int depth) throws LineRejected {
        char c = peek();
        if (c == '"' || c == '\'') {
            return readString();
        }
        if (c == '{' || c == '[') {
            skipNested(depth);
            return null;
        }
        if (c == '-' || (c >= '0' && c <= '9')) {
            return readNumber();
        }
        return readLiteral();
    }

    private String readString() throws LineRejected {
        char quote = next();
        DecodedText value = new DecodedText();
        while (true) {
            char c = next();
            if (c == quote) {
                return value.build();
            }
            if (c == '\\') {
                readEscape(value);
            } else if (c < 0x20 && c != '\t') {
                throw fail("control character inside a string at offset " + (pos - 1));
            } else {
                value.appendChar(c);
            }
        }
    }

    private void readEscape(DecodedText value) throws LineRejected {
        char c = next();
        switch (c) {
            case '"', '\'', '\\', '/' -> value.appendChar(c);
            case 'b' -> value.appendChar('\b');
            case 'f' -> value.appendChar('\f');
            case 'n' -> value.appendChar('\n');
            case 'r' -> value.appendChar('\r');
            case 't' -> value.appendChar('\t');
            case 'u' -> {
                int high = DecodedText.hexByteAt(text, pos);
                int low = DecodedText.hexByteAt(text, pos + 2);
                if (high < 0 || low < 0) {
                    throw fail("bad \\u escape at offset " + (pos - 2));
                }
                value.appendChar((char) ((high << 8) | low));
                pos += 4;
            }
            case 'x' -> {
                int b = DecodedText.hexByteAt(text, pos);
                if (b < 0) {
                    throw fail("bad \\x escape at offset " + (pos - 2));
                }
                value.appendByte(b);
                pos += 2;
            }
            default -> throw fail("unknown escape '\\" + c + "' at offset " + (pos - 2));
        }
    }

    private String readNumber() throws LineRejected {
        int start = pos;
        if (peek() == '-') {
            pos++;
        }
        int digits = skipDigits();
        if (digits == 0) {
            throw fail("bad number at offset " + start);
        }
        if (pos < text.length() && text.charAt(pos) == '.') {
            pos++;
            if (skipDigits() == 0) {
                throw fail("bad number at offset " + start);
            }
        }
        if (pos < text.length() && (text.charAt(pos) == 'e' || text.charAt(pos) == 'E')) {
            pos++;
            if (pos < text.length() && (text.charAt(pos) == '+' || text.charAt(pos) == '-')) {
                pos++;
            }
            if (skipDigits() == 0) {
                throw fail("bad number at offset " + start);
            }
        }
        return text.substring(start, pos);
    }

    private String readLiteral() throws LineRejected {
        int start = pos;
        while (pos < text.length() && Character.isLetter(text.charAt(pos))) {
            pos++;
        }
        return switch (text.substring(start, pos)) {
            case "true", "True" -> "true";
            case "false", "False" -> "false";
            case "null", "None" -> null;
            default -> throw fail("unexpected value at offset " + start);
        };
    }

    private void skipNested(int depth) throws LineRejected {
        if (depth > MAX_DEPTH) {
            throw fail("nested deeper than " + MAX_DEPTH);
        }
        char open = next();
        char close = open == '{' ? '}' : ']';
        skipWhitespace();
        if (peek() == close) {
            pos++;
            return;
        }
        while (true) {
            skipWhitespace();
            if (open == '{') {
                readString();
                skipWhitespace();
                expect(':');
                skipWhitespace();
            }
            readValue(depth + 1);
            skipWhitespace();
            char next = next();
            if (next == close) {
                return;
            }
            if (next != ',') {
                throw fail("expected ',' or '" + close + "' at offset " + (pos - 1));
            }
        }
    }

    private int skipDigits() {
        int start = pos;
        while (pos < text.length() && text.charAt(pos) >= '0' && text.charAt(pos) <= '9') {
            pos++;
        }
        return pos - start;
    }

    private void skipWhitespace() {
        while (pos < text.length() && (text.charAt(pos) == ' ' || text.charAt(pos) == '\t')) {
            pos++;
        }
    }

    private void expect(char wanted) throws LineRejected {
        char c = next();
        if (c != wanted) {
            throw fail("expected '" + wanted + "' at offset " + (pos - 1));
        }
    }

    private char peek() throws LineRejected {
        if (pos >= text.length()) {
            throw truncated();
        }
        return text.charAt(pos);
    }

    private char next() throws LineRejected {
        char c = peek();
        pos++;
        return c;
    }

    private LineRejected truncated() {
        return new LineRejected(Reject.TRUNCATED, "object ends early at offset " + pos + " (truncated line?)");
    }

    private LineRejected fail(String detail) {
        return new LineRejected(Reject.BAD_JSON, detail);
    }
}
