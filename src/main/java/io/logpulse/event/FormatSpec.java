package io.logpulse.event;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads the text of a user-declared format into literal text and fields: an nginx {@code log_format} string
 * ({@code $remote_addr - [$time_local] ...}) or an Apache {@code LogFormat} string ({@code %h %l %u %t ...}).
 * Pasting the whole directive ({@code log_format main '...' '...';} or {@code LogFormat "..." combined}) works too.
 */
final class FormatSpec {

    /** Text to match as is, or a field; exactly one of {@code literal} and {@code kind} is set. */
    record Part(String literal, FieldKind kind, String name) {
    }

    private FormatSpec() {
    }

    /** @throws IllegalArgumentException saying what is wrong, for a message that names the config key */
    static List<Part> parse(String spec) {
        String text = spec.strip();
        if (text.startsWith("log_format ")) {
            return nginx(nginxDirectiveBody(text));
        }
        if (text.startsWith("LogFormat ")) {
            return apache(apacheDirectiveBody(text));
        }
        return isNginx(text) ? nginx(text) : apache(text);
    }

    /** nginx variables start with '$', Apache directives with '%'; a '%' in an nginx format is plain text. */
    private static boolean isNginx(String text) {
        for (int i = 0; i + 1 < text.length(); i++) {
            char next = text.charAt(i + 1);
            if (text.charAt(i) == '$' && (Character.isLetter(next) || next == '_' || next == '{')) {
                return true;
            }
        }
        return false;
    }

    private static List<Part> nginx(String text) {
        List<Part> parts = new ArrayList<>();
        StringBuilder literal = new StringBuilder();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            int nameStart = i + 1;
            boolean braced = nameStart < text.length() && text.charAt(nameStart) == '{';
            if (c != '$' || nameStart >= text.length() || !(braced || isNameChar(text.charAt(nameStart)))) {
                literal.append(c);
                i++;
                continue;
            }
            int end;
            String name;
            if (braced) {
                int close = text.indexOf('}', nameStart);
                if (close < 0) {
                    throw new IllegalArgumentException("'${' at offset " + i + " has no closing '}'");
                }
                name = text.substring(nameStart + 1, close);
                end = close + 1;
            } else {
                end = nameStart;
                while (end < text.length() && isNameChar(text.charAt(end))) {
                    end++;
                }
                name = text.substring(nameStart, end);
            }
            if (name.isEmpty()) {
                throw new IllegalArgumentException("'${}' at offset " + i + " names no variable");
            }
            flush(literal, parts);
            parts.add(new Part(null, FieldKind.ofNginx(name), "$" + name));
            i = end;
        }
        flush(literal, parts);
        return parts;
    }

    private static List<Part> apache(String text) {
        List<Part> parts = new ArrayList<>();
        StringBuilder literal = new StringBuilder();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c != '%') {
                literal.append(c);
                i++;
                continue;
            }
            if (i + 1 < text.length() && text.charAt(i + 1) == '%') {
                literal.append('%');
                i += 2;
                continue;
            }
            int at = i++;
            // Status conditions (%400,501{User-agent}i, %!200r) and the original/final marks (%<s, %>s) do not
            // change what the field holds.
            while (i < text.length() && "<>!,0123456789".indexOf(text.charAt(i)) >= 0) {
                i++;
            }
            String argument = null;
            if (i < text.length() && text.charAt(i) == '{') {
                int close = text.indexOf('}', i);
                if (close < 0) {
                    throw new IllegalArgumentException("'%{' at offset " + at + " has no closing '}'");
                }
                argument = text.substring(i + 1, close);
                i = close + 1;
            }
            if (i >= text.length() || !Character.isLetter(text.charAt(i))) {
                throw new IllegalArgumentException("'%' at offset " + at + " is not followed by a directive letter"
                        + " (write %% for a literal '%')");
            }
            flush(literal, parts);
            parts.add(new Part(null, FieldKind.ofApache(text.charAt(i), argument), text.substring(at, i + 1)));
            i++;
        }
        flush(literal, parts);
        return parts;
    }

    /** {@code log_format NAME [escape=...] 'part' 'part' ...;}: nginx joins the quoted parts. */
    private static String nginxDirectiveBody(String directive) {
        StringBuilder body = new StringBuilder();
        int i = directive.indexOf('\'');
        int quote = i < 0 ? directive.indexOf('"') : i;
        if (quote < 0) {
            throw new IllegalArgumentException("log_format directive without a quoted format string");
        }
        i = quote;
        while (i < directive.length()) {
            char c = directive.charAt(i);
            if (c == '\'' || c == '"') {
                int close = directive.indexOf(c, i + 1);
                if (close < 0) {
                    throw new IllegalArgumentException("quoted part at offset " + i + " of the log_format directive never closes");
                }
                body.append(directive, i + 1, close);
                i = close + 1;
            } else if (c == ';') {
                break;
            } else {
                i++;
            }
        }
        return body.toString();
    }

    /** {@code LogFormat "%h ... \"%r\" ..." nickname}: the first quoted string, with its {@code \"} unescaped. */
    private static String apacheDirectiveBody(String directive) {
        int open = directive.indexOf('"');
        if (open < 0) {
            throw new IllegalArgumentException("LogFormat directive without a quoted format string");
        }
        StringBuilder body = new StringBuilder();
        for (int i = open + 1; i < directive.length(); i++) {
            char c = directive.charAt(i);
            if (c == '\\' && i + 1 < directive.length()) {
                body.append(directive.charAt(++i));
            } else if (c == '"') {
                return body.toString();
            } else {
                body.append(c);
            }
        }
        throw new IllegalArgumentException("the LogFormat string never closes its quote");
    }

    private static boolean isNameChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    }

    private static void flush(StringBuilder literal, List<Part> parts) {
        if (literal.length() > 0) {
            parts.add(new Part(literal.toString(), null, null));
            literal.setLength(0);
        }
    }
}
