package io.logpulse.clean;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The day and minute texts that start HBase row keys. Kept in one place so event rows and
 * pipeline-stats rows cut days at the same zone boundary.
 */
public final class CalendarKeys {

    // Formatters are not Serializable; static finals keep them out of Spark closures.
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("uuuuMMdd", Locale.ROOT);
    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("uuuuMMddHHmm", Locale.ROOT);

    private CalendarKeys() {
    }

    /** {@code yyyyMMdd} of the instant in the zone. */
    public static String day(Instant time, ZoneId zone) {
        return DAY.format(time.atZone(zone));
    }

    /** {@code yyyyMMddHHmm} of the instant in the zone. */
    public static String minute(Instant time, ZoneId zone) {
        return MINUTE.format(time.atZone(zone));
    }
}
