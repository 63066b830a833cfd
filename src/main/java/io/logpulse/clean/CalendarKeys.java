package io.logpulse.clean;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
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

    /**
     * The keys of the last two minutes asked for, per thread: a batch's lines come minute after minute, each also
     * dated by its batch's time, and formatting two dates per line cost more than parsing the line. Every zone
     * offset in use since 1972 is a whole number of minutes, so one UTC minute is one local minute.
     */
    private static final ThreadLocal<Minute[]> LAST = ThreadLocal.withInitial(() -> new Minute[2]);

    private record Minute(ZoneId zone, long epochMinute, String day, String minute) {
    }

    private CalendarKeys() {
    }

    /** {@code yyyyMMdd} of the instant in the zone. */
    public static String day(Instant time, ZoneId zone) {
        return of(time, zone).day();
    }

    /** {@code yyyyMMddHHmm} of the instant in the zone. */
    public static String minute(Instant time, ZoneId zone) {
        return of(time, zone).minute();
    }

    private static Minute of(Instant time, ZoneId zone) {
        long epochMinute = Math.floorDiv(time.getEpochSecond(), 60);
        Minute[] last = LAST.get();
        for (Minute minute : last) {
            if (minute != null && minute.epochMinute() == epochMinute && minute.zone().equals(zone)) {
                return minute;
            }
        }
        ZonedDateTime local = time.atZone(zone);
        Minute minute = new Minute(zone, epochMinute, DAY.format(local), MINUTE.format(local));
        last[1] = last[0];
        last[0] = minute;
        return minute;
    }
}
