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
        int dot = text.indexOf('.');
        String whole = dot < 0 ? text : text.substring(0, dot);
        String fraction = dot < 0 ? "" : text.substring(dot + 1);
        boolean seconds = !whole.isEmpty() && whole.length() <= MAX_SECONDS_DIGITS && isDigits(whole)
                && (dot < 0 || (!fraction.isEmpty() && fraction.length() <= MAX_SECONDS_DIGITS && isDigits(fraction)));
        if (!seconds) {
            throw new LineRejected(Reject.BAD_REQUEST_TIME, "request time is not seconds: " + snippet(text));
        }
        // Whole milliseconds, rounded half up on the fourth decimal; with at most 9 digits of seconds, no overflow.
        long millis = 0;
        for (int i = 0; i < 3; i++) {
            millis = millis * 10 + (i < fraction.length() ? fraction.charAt(i) - '0' : 0);
        }
        if (fraction.length() > 3 && fraction.charAt(3) >= '5') {
            millis++;
        }
        return Long.parseLong(whole) * 1000 + millis;
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

    static boolean isDigits(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return !text.isEmpty();
    }

    static String snippet(String text) {
        return text.length() <= 80 ? "'" + text + "'" : "'" + text.substring(0, 80) + "...'";
    }

    private static boolean hasHalfSurrogatePair(String value) {
        for (int i = 0; i < value.length(); i += Character.charCount(value.codePointAt(i))) {
            if (Character.getType(value.codePointAt(i)) == Character.SURROGATE) {
                return true;
            }
        }
        return false;
    }
}
