package io.logpulse.event;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.ResolverStyle;
import java.util.Locale;

/** The timestamp spellings access logs use, each read to an absolute instant. */
final class LogTime {

    private static final DateTimeFormatter SEED_TIME =
            DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss", Locale.ROOT).withResolverStyle(ResolverStyle.STRICT);
    private static final DateTimeFormatter CLF_TIME =
            DateTimeFormatter.ofPattern("dd/MMM/uuuu:HH:mm:ss Z", Locale.ENGLISH).withResolverStyle(ResolverStyle.STRICT);
    private static final int MAX_EPOCH_DIGITS = 12;

    private LogTime() {
    }

    /**
     * The last time text parsed, per thread: a busy server writes the same second on many lines in a row, and
     * parsing it with a formatter cost a fifth of a line's triage.
     */
    private static final ThreadLocal<Parsed> LAST_CLF = new ThreadLocal<>();

    private record Parsed(String text, Instant time) {
    }

    /** nginx {@code $time_local} / Apache {@code %t}: {@code 10/Oct/2000:13:55:36 -0700}. */
    static Instant clf(String text) throws LineRejected {
        Parsed last = LAST_CLF.get();
        if (last != null && last.text().equals(text)) {
            return last.time();
        }
        // Tools that widen every gap in a line also widen the one inside the brackets.
        String time = text.indexOf("  ") < 0 ? text : text.replaceAll(" +", " ");
        try {
            Instant parsed = OffsetDateTime.parse(time, CLF_TIME).toInstant();
            LAST_CLF.set(new Parsed(text, parsed));
            return parsed;
        } catch (DateTimeException e) {
            throw new LineRejected(Reject.BAD_TIME, "time is not dd/MMM/yyyy:HH:mm:ss Z: " + FieldValues.snippet(text));
        }
    }

    /** The seed-002 {@code yyyy-MM-dd HH:mm:ss}, which has no offset. */
    static Instant local(String text, ZoneId zone) throws LineRejected {
        try {
            return LocalDateTime.parse(text, SEED_TIME).atZone(zone).toInstant();
        } catch (DateTimeException e) {
            throw new LineRejected(Reject.BAD_TIME, "time is not yyyy-MM-dd HH:mm:ss: " + FieldValues.snippet(text));
        }
    }

    /** nginx {@code $time_iso8601}: {@code 2026-11-21T10:15:30+01:00}. */
    static Instant iso8601(String text) throws LineRejected {
        try {
            return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeException e) {
            throw new LineRejected(Reject.BAD_TIME, "time is not ISO-8601 with an offset: " + FieldValues.snippet(text));
        }
    }

    /** nginx {@code $msec} and epoch fields of JSON logs: seconds since 1970, optionally with a fraction. */
    static Instant epochSeconds(String text) throws LineRejected {
        if (!isEpochSeconds(text)) {
            throw new LineRejected(Reject.BAD_TIME, "time is not epoch seconds: " + FieldValues.snippet(text));
        }
        int dot = text.indexOf('.');
        long seconds = Long.parseLong(dot < 0 ? text : text.substring(0, dot));
        String fraction = dot < 0 ? "" : text.substring(dot + 1);
        long nanos = fraction.isEmpty() ? 0 : Long.parseLong((fraction + "000000000").substring(0, 9));
        return Instant.ofEpochSecond(seconds, nanos);
    }

    /** Any spelling a JSON log's time field may have; ISO without an offset is read in {@code zone}. */
    static Instant anyOf(String text, ZoneId zone) throws LineRejected {
        if (isEpochSeconds(text)) {
            return epochSeconds(text);
        }
        try {
            return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeException notIsoWithOffset) {
            // fall through to the other spellings nginx can produce
        }
        try {
            return LocalDateTime.parse(text, DateTimeFormatter.ISO_LOCAL_DATE_TIME).atZone(zone).toInstant();
        } catch (DateTimeException notIsoLocal) {
            // fall through
        }
        try {
            return clf(text);
        } catch (LineRejected e) {
            throw new LineRejected(Reject.BAD_TIME,
                    "time is neither epoch seconds, ISO-8601 nor dd/MMM/yyyy:HH:mm:ss Z: " + FieldValues.snippet(text));
        }
    }

    private static boolean isEpochSeconds(String text) {
        int dot = text.indexOf('.');
        String whole = dot < 0 ? text : text.substring(0, dot);
        String fraction = dot < 0 ? "" : text.substring(dot + 1);
        return whole.length() <= MAX_EPOCH_DIGITS && FieldValues.isDigits(whole)
                && (dot < 0 || (fraction.length() <= 9 && FieldValues.isDigits(fraction)));
    }
}
