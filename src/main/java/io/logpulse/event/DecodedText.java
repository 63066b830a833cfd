package io.logpulse.event;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Accumulates text in which some bytes arrive as {@code \xHH} escapes (nginx writes every byte of
 * a multi-byte UTF-8 character that way), so consecutive escaped bytes are decoded together.
 */
final class DecodedText {

    private final StringBuilder text = new StringBuilder(64);
    /** Escaped bytes not yet decoded; null until the first one, which most fields never have. */
    private ByteArrayOutputStream pendingBytes;

    void appendChar(char c) {
        flushBytes();
        text.append(c);
    }

    void appendByte(int b) {
        if (pendingBytes == null) {
            pendingBytes = new ByteArrayOutputStream();
        }
        pendingBytes.write(b);
    }

    String build() {
        flushBytes();
        return text.toString();
    }

    /**
     * Appends a quoted field of {@code line} that starts after its opening quote, and returns the offset after
     * the closing one. Decodes nginx's {@code \xHH} and Apache's {@code \"} and {@code \\}.
     */
    int appendQuoted(String line, int start) throws LineRejected {
        int i = start;
        while (i < line.length()) {
            // A run of plain characters is copied at once: most fields hold no escape at all.
            int run = i;
            while (run < line.length() && line.charAt(run) != '"' && line.charAt(run) != '\\') {
                run++;
            }
            if (run > i) {
                flushBytes();
                text.append(line, i, run);
                i = run;
                continue;
            }
            char c = line.charAt(i);
            if (c == '"') {
                return i + 1;
            }
            if (c == '\\' && i + 1 < line.length()) {
                char next = line.charAt(i + 1);
                int b = next == 'x' ? hexByteAt(line, i + 2) : -1;
                if (b >= 0) {
                    appendByte(b);
                    i += 4;
                    continue;
                }
                if (next == '"' || next == '\\') {
                    appendChar(next);
                    i += 2;
                    continue;
                }
            }
            appendChar(c);
            i++;
        }
        throw new LineRejected(Reject.TRUNCATED, "quoted field never closes (truncated line?)");
    }

    /**
     * Where a quoted field that starts after its opening quote closes, when it holds no escape: the value is then
     * the text up to there as it is, with nothing to decode or copy twice. -1 when a backslash comes first, or the
     * field never closes; {@link #appendQuoted} decodes those, and says why a field is bad.
     */
    static int plainEnd(String line, int start) {
        // Two searches the JIT vectorizes, not a loop over the chars: this runs for every quoted field.
        int quote = line.indexOf('"', start);
        if (quote < 0) {
            return -1;
        }
        int backslash = line.indexOf('\\', start);
        return backslash >= 0 && backslash < quote ? -1 : quote;
    }

    /** Value of the two hex digits at {@code index}, or -1 when there are not two hex digits there. */
    static int hexByteAt(String s, int index) {
        if (index + 1 >= s.length()) {
            return -1;
        }
        int high = hexDigit(s.charAt(index));
        int low = hexDigit(s.charAt(index + 1));
        return high < 0 || low < 0 ? -1 : (high << 4) | low;
    }

    static int hexDigit(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    private void flushBytes() {
        if (pendingBytes != null && pendingBytes.size() > 0) {
            // Invalid sequences become U+FFFD; the request check then rejects what is not text.
            text.append(new String(pendingBytes.toByteArray(), StandardCharsets.UTF_8));
            pendingBytes.reset();
        }
    }
}
