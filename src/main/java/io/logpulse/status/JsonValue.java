package io.logpulse.status;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A reader of the JSON LogPulse itself writes (statuses, alerts, reports): objects, arrays, strings, whole numbers,
 * decimals, booleans and null, as {@code Map}, {@code List}, {@code String}, {@code Long}, {@code Double},
 * {@code Boolean} and {@code null}. It keeps the contract free of a JSON library, whose versions clash on the
 * Spark and HBase classpaths.
 */
public final class JsonValue {

    private final String text;
    private int at;

    private JsonValue(String text) {
        this.text = text;
    }

    /** @throws IllegalArgumentException when the text is not one JSON object */
    public static Map<String, Object> object(String text) {
        JsonValue reader = new JsonValue(text);
        reader.skipSpace();
        if (reader.peek() != '{') {
            throw reader.error("an object");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> object = (Map<String, Object>) reader.value();
        reader.skipSpace();
        if (reader.at != text.length()) {
            throw reader.error("the end of the text");
        }
        return object;
    }

    private Object value() {
        skipSpace();
        char c = peek();
        switch (c) {
            case '{' -> {
                at++;
                Map<String, Object> object = new LinkedHashMap<>();
                skipSpace();
                if (peek() == '}') {
                    at++;
                    return object;
                }
                while (true) {
                    skipSpace();
                    if (peek() != '"') {
                        throw error("a quoted name");
                    }
                    String name = string();
                    skipSpace();
                    expect(':');
                    object.put(name, value());
                    skipSpace();
                    if (peek() == ',') {
                        at++;
                    } else {
                        expect('}');
                        return object;
                    }
                }
            }
            case '[' -> {
                at++;
                List<Object> array = new ArrayList<>();
                skipSpace();
                if (peek() == ']') {
                    at++;
                    return array;
                }
                while (true) {
                    array.add(value());
                    skipSpace();
                    if (peek() == ',') {
                        at++;
                    } else {
                        expect(']');
                        return array;
                    }
                }
            }
            case '"' -> {
                return string();
            }
            case 't' -> {
                return word("true", Boolean.TRUE);
            }
            case 'f' -> {
                return word("false", Boolean.FALSE);
            }
            case 'n' -> {
                return word("null", null);
            }
            default -> {
                return number();
            }
        }
    }

    private String string() {
        expect('"');
        StringBuilder out = new StringBuilder();
        while (true) {
            char c = next();
            if (c == '"') {
                return out.toString();
            }
            if (c != '\\') {
                out.append(c);
                continue;
            }
            char escaped = next();
            switch (escaped) {
                case '"', '\\', '/' -> out.append(escaped);
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case 'u' -> {
                    if (at + 4 > text.length()) {
                        throw error("four hex digits");
                    }
                    try {
                        out.append((char) Integer.parseInt(text.substring(at, at + 4), 16));
                    } catch (NumberFormatException e) {
                        throw error("four hex digits");
                    }
                    at += 4;
                }
                default -> throw error("an escape");
            }
        }
    }

    private Object number() {
        int start = at;
        while (at < text.length() && "+-0123456789.eE".indexOf(text.charAt(at)) >= 0) {
            at++;
        }
        String digits = text.substring(start, at);
        try {
            if (digits.indexOf('.') < 0 && digits.indexOf('e') < 0 && digits.indexOf('E') < 0) {
                return Long.parseLong(digits);
            }
            return Double.parseDouble(digits);
        } catch (NumberFormatException e) {
            at = start;
            throw error("a value");
        }
    }

    private Object word(String word, Object value) {
        if (!text.startsWith(word, at)) {
            throw error(word);
        }
        at += word.length();
        return value;
    }

    private void skipSpace() {
        while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
            at++;
        }
    }

    private char peek() {
        return at < text.length() ? text.charAt(at) : '\0';
    }

    private char next() {
        if (at >= text.length()) {
            throw error("more text");
        }
        return text.charAt(at++);
    }

    private void expect(char c) {
        if (peek() != c) {
            throw error("'" + c + "'");
        }
        at++;
    }

    private IllegalArgumentException error(String expected) {
        return new IllegalArgumentException("not LogPulse's JSON: expected " + expected + " at character " + at
                + " of " + (text.length() > 200 ? text.substring(0, 200) + "..." : text));
    }
}
