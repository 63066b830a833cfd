package io.logpulse.event;


/** Checks and conversions of single field values that every log format shares. */
final class FieldValues {

    private static final int MAX_SECONDS_DIGITS = 9;

    private FieldValues() {
    }

    static String absentIfDash(String value) {
        return value == null || value.isBlank() || value.equals("-") ? null : value;
    }

    /** A status of 100..599; the formats that may log {@code -} check for it before calling this. */
    static int status(String text) throws LineRejected {
        if (text.length() == 3 && isDigits(text)) {
            int status = Integer.parseInt(text);
            if (status >= 100 && status <= 599) {
                return status;
            }
        }
        throw new LineRejected(Reject.BAD_STATUS, "status is not 100..599: " + snippet(text));
    }

    /** Body bytes as logged; Apache's {@code %b} writes "-" for none, which is unknown rather than 0. */
    static long bytes(String text) throws LineRejected {
        if (text.equals("-")) {
            return AccessEvent.UNKNOWN_BYTES;
        }
        if (text.isEmpty() || text.length() > 18 || !isDigits(text)) {
            throw new LineRejected(Reject.BAD_FIELD, "body bytes is not a number: " + snippet(text));
        }
        return Long.parseLong(text);
    }

    /** nginx writes {@code $request_time} in seconds with millisecond resolution, or "-". */
    static long secondsAsMillis(String text) throws LineRejected {
        if (text.equals("-")) {
            return AccessEvent.UNKNOWN_REQUEST_TIME;
        }
        // Read in place, without a substring per part: it runs for every line of a log with $request_time.
        int dot = text.indexOf('.');
        int wholeDigits = dot < 0 ? text.length() : dot;
        int fractionDigits = dot < 0 ? 0 : text.length() - dot - 1;
        boolean seconds = wholeDigits > 0 && wholeDigits <= MAX_SECONDS_DIGITS && isDigits(text, 0, wholeDigits)
                && (dot < 0 || (fractionDigits > 0 && fractionDigits <= MAX_SECONDS_DIGITS
                && isDigits(text, dot + 1, text.length())));
        if (!seconds) {
            throw new LineRejected(Reject.BAD_REQUEST_TIME, "request time is not seconds: " + snippet(text));
        }
        // Whole milliseconds, rounded half up on the fourth decimal; with at most 9 digits of seconds, no overflow.
        long whole = 0;
        for (int i = 0; i < wholeDigits; i++) {
            whole = whole * 10 + (text.charAt(i) - '0');
        }
        long millis = 0;
        for (int i = 0; i < 3; i++) {
            millis = millis * 10 + (i < fractionDigits ? text.charAt(dot + 1 + i) - '0' : 0);
        }
        if (fractionDigits > 3 && text.charAt(dot + 4) >= '5') {
            millis++;
        }
        return whole * 1000 + millis;
    }

    /** A whole number of {@code unitsPerMilli}-ths of a millisecond (1 for ms, 1000 for Apache's {@code %D} µs). */
    static long unitsAsMillis(String text, long unitsPerMilli) throws LineRejected {
        if (text.equals("-")) {
            return AccessEvent.UNKNOWN_REQUEST_TIME;
        }
        if (text.isEmpty() || text.length() > 18 || !isDigits(text)) {
            throw new LineRejected(Reject.BAD_REQUEST_TIME, "request time is not a whole number: " + snippet(text));
        }
        long units = Long.parseLong(text);
        return (units + unitsPerMilli / 2) / unitsPerMilli;
    }

    /**
     * Referer and user agent are attacker-controlled; a decoded line break there is a log-injection
     * attempt, but the request itself is real and must still count (a scanner must not dodge the
     * burst rule by sending odd headers), so control characters are replaced instead of rejected.
     */
    static String freeText(String value) {
        if (value == null || !hasControlChar(value)) {
            return value;
        }
        StringBuilder cleaned = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            cleaned.append(isControl(c) ? '\uFFFD' : c);
        }
        return cleaned.toString();
    }

    /**
     * Fields that become row keys or group-by keys must be plain text: no control character, and no half of a
     * surrogate pair (a JSON escape of U+D800 alone), which no UTF-8 row key can hold.
     */
    static String plainField(String name, String value) throws LineRejected {
        if (value != null && hasControlChar(value)) {
            throw new LineRejected(Reject.BAD_FIELD, name + " holds a control character: " + snippet(value));
        }
        if (value != null && hasHalfSurrogatePair(value)) {
            throw new LineRejected(Reject.BAD_FIELD, name + " holds half a surrogate pair: " + snippet(value));
        }
        return value;
    }

    static boolean hasControlChar(String value) {
        for (int i = 0; i < value.length(); i++) {
            if (isControl(value.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    static boolean isControl(char c) {
        return c < 0x20 || c == 0x7f;
    }

    private static boolean isDigits(String text, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    static boolean isDigits(String text) {
        return !text.isEmpty() && isDigits(text, 0, text.length());
    }

    static String snippet(String text) {
        return text.length() <= 80 ? "'" + text + "'" : "'" + text.substring(0, 80) + "...'";
    }

    /** One range test per char that is no surrogate, the usual case: it runs for the host of every line. */
    private static boolean hasHalfSurrogatePair(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isSurrogate(c)) {
                if (!Character.isHighSurrogate(c) || i + 1 == value.length()
                        || !Character.isLowSurrogate(value.charAt(i + 1))) {
                    return true;
                }
                i++;
            }
        }
        return false;
    }
}
