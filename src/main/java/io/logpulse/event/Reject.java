package io.logpulse.event;

import java.io.Serializable;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A line the parser refused, kept so rejects can be counted by reason and inspected later.
 *
 * @param reason short machine-friendly reason, one of the constants below; used as an HBase qualifier suffix
 * @param detail human-readable explanation; ends with "[raw truncated to N of M chars]" when {@code raw} was cut
 * @param raw    the offending line, at most {@link #MAX_RAW_CHARS} characters
 */
public record Reject(String reason, String detail, String raw) implements Serializable {

    public static final String EMPTY = "empty";
    public static final String TOO_LONG = "too_long";
    public static final String INVALID_UTF8 = "invalid_utf8";
    public static final String EMBEDDED_NEWLINE = "embedded_newline";
    public static final String CONTROL_CHARS = "control_chars";
    public static final String UNKNOWN_FORMAT = "unknown_format";
    public static final String WRONG_FIELD_COUNT = "wrong_field_count";
    public static final String BAD_QUOTES = "bad_quotes";
    public static final String TRUNCATED = "truncated";
    public static final String BAD_JSON = "bad_json";
    public static final String MISSING_FIELD = "missing_field";
    public static final String BAD_IP = "bad_ip";
    public static final String BAD_TIME = "bad_time";
    public static final String BAD_REQUEST = "bad_request";
    public static final String BAD_STATUS = "bad_status";
    public static final String BAD_REQUEST_TIME = "bad_request_time";
    public static final String BAD_FIELD = "bad_field";
    /** The line's text between fields differs from the format's (logpulse.log.format, or combined / common). */
    public static final String FORMAT_MISMATCH = "format_mismatch";
    /** A field that becomes part of a row key is longer than a row key takes (see RowKeyPart.MAX_LENGTH). */
    public static final String FIELD_TOO_LONG = "field_too_long";
    /** The request time is too far before or after the batch's time (logpulse.time.max.age.days / .ahead.hours). */
    public static final String TIME_OUT_OF_RANGE = "time_out_of_range";
    /** A parser bug met an input it did not expect; the fuzz test asserts this never appears. */
    public static final String PARSER_ERROR = "parser_error";
    /** The Flume agent cut the line at its maximum length (maxLineBytes): it is kept, cut, in the rejects. */
    public static final String CUT_AT_SOURCE = "cut_at_source";
    /** A step after parsing (cleaning, counter cells) failed on this line; the fuzz tests assert this never appears. */
    public static final String INTERNAL_ERROR = "internal_error";

    /** Rejects are stored and shipped around; a 8 KB hostile line need not be kept whole. */
    public static final int MAX_RAW_CHARS = 1024;

    private static final Pattern TRUNCATION_NOTE = Pattern.compile(" \\[raw truncated to \\d+ of \\d+ chars]$");

    public Reject {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(detail, "detail");
        Objects.requireNonNull(raw, "raw");
    }

    /** Builds a reject, cutting {@code raw} to {@link #MAX_RAW_CHARS} and saying so in the detail. */
    public static Reject of(String reason, String detail, String raw) {
        String line = raw == null ? "" : raw;
        if (line.length() <= MAX_RAW_CHARS) {
            return new Reject(reason, detail, line);
        }
        int cut = MAX_RAW_CHARS;
        // Do not leave half a surrogate pair at the end.
        if (Character.isHighSurrogate(line.charAt(cut - 1))) {
            cut--;
        }
        String note = " [raw truncated to " + cut + " of " + line.length() + " chars]";
        return new Reject(reason, detail + note, line.substring(0, cut));
    }

    public boolean rawTruncated() {
        return TRUNCATION_NOTE.matcher(detail).find();
    }
}
