package io.logpulse.report;

import io.logpulse.counters.CounterTables;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What the counter tables hold: table -> row key -> qualifier -> number, for the counter tables and the alerts
 * table (its numeric cells). Plain data, so reports are computed and formatted without a cluster. Row keys are
 * kept as stored, their values encoded ({@code io.logpulse.counters.RowKeyPart}): days and window ends are found
 * by position in them, and {@link CounterReport} decodes them for display.
 */
public final class CounterSnapshot {

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("uuuuMMdd", Locale.ROOT);

    private final SortedMap<String, SortedMap<String, SortedMap<String, Long>>> tables = new TreeMap<>();

    public void put(String table, String row, String qualifier, long value) {
        tables.computeIfAbsent(table, t -> new TreeMap<>()).computeIfAbsent(row, r -> new TreeMap<>())
                .put(qualifier, value);
    }

    /** Rows of one table, in row-key order; empty when the table has none. */
    public SortedMap<String, SortedMap<String, Long>> rows(String table) {
        return tables.getOrDefault(table, new TreeMap<>());
    }

    /**
     * Only the rows of one day ({@code yyyyMMdd}): counter rows start with the day, alert rows end with their
     * window's end in epoch milliseconds, which is read as a day in {@code zone}.
     */
    public CounterSnapshot ofDay(String day, ZoneId zone) {
        CounterSnapshot only = new CounterSnapshot();
        tables.forEach((table, rows) -> rows.forEach((row, cells) -> {
            boolean keep = CounterTables.rowsStartWithDay(table)
                    ? row.equals(day) || row.startsWith(day + "_")
                    : alertDay(row, zone).map(day::equals).orElse(false);
            if (keep) {
                cells.forEach((qualifier, value) -> only.put(table, row, qualifier, value));
            }
        }));
        return only;
    }

    /**
     * The day a report is asked for: {@code today} (in {@code zone}) or a {@code yyyyMMdd}.
     *
     * @param option what named it, for the message
     * @throws IllegalArgumentException for anything else
     */
    public static String day(String text, ZoneId zone, String option) {
        if ("today".equals(text)) {
            return DAY.format(LocalDate.now(zone));
        }
        if (!text.matches("\\d{8}")) {
            throw new IllegalArgumentException(option + " takes yyyyMMdd or today, not '" + text + "'");
        }
        return text;
    }

    /** The day of an alert row: the day, in {@code zone}, its window ended; empty for a row of another shape. */
    public static Optional<String> alertDay(String alertRow, ZoneId zone) {
        try {
            long windowEnd = Long.parseLong(alertRow.substring(alertRow.lastIndexOf('_') + 1));
            return Optional.of(DAY.format(Instant.ofEpochMilli(windowEnd).atZone(zone)));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    Map<String, SortedMap<String, SortedMap<String, Long>>> tables() {
        return tables;
    }
}
