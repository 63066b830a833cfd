package io.logpulse.report;

import static io.logpulse.counters.CounterTables.ALERTS;
import static io.logpulse.counters.CounterTables.BLACKLISTED;
import static io.logpulse.counters.CounterTables.CLICK_COUNT;
import static io.logpulse.counters.CounterTables.COUNTRY_SUCCESS_COUNT;
import static io.logpulse.counters.CounterTables.HOST_STATS;
import static io.logpulse.counters.CounterTables.PIPELINE_STATS;
import static io.logpulse.counters.CounterTables.PRODUCT_CLICKCOUNT;
import static io.logpulse.counters.CounterTables.PRODUCT_SEARCH_CLICKCOUNT;
import static io.logpulse.counters.CounterTables.REJECTED;
import static io.logpulse.counters.CounterTables.REQUEST_COUNT;
import static io.logpulse.counters.CounterTables.REQUEST_TIME_COUNT;
import static io.logpulse.counters.CounterTables.REQUEST_TIME_MS_SUM;
import static io.logpulse.counters.CounterTables.STATUS_4XX;
import static io.logpulse.counters.CounterTables.STATUS_5XX;
import static io.logpulse.counters.CounterTables.SUCCESS_COUNT;
import static io.logpulse.counters.CounterTables.VALID;

import io.logpulse.counters.CounterTables;
import io.logpulse.counters.RowKeyPart;
import io.logpulse.event.JsonString;
import java.time.ZoneId;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The report of a {@link CounterSnapshot} as a readable table, CSV, or JSON. The snapshot holds row keys as stored;
 * every output shows them decoded ({@link RowKeyPart#decode}), so a host reads as it was logged.
 */
public final class CounterReport {

    private final CounterSnapshot snapshot;

    public CounterReport(CounterSnapshot snapshot) {
        this.snapshot = snapshot;
    }

    /**
     * The report of one day ({@code yyyyMMdd}) of what the source holds, or of every day when {@code day} is null:
     * what {@code bin/logpulse report} prints and the dashboard serves, so the two cannot differ.
     */
    public static CounterReport of(CounterSource source, String day, ZoneId zone) {
        CounterSnapshot snapshot = source.read(day);
        return new CounterReport(day == null ? snapshot : snapshot.ofDay(day, zone));
    }

    /** {@code {"<table>": {"<row key>": {"<qualifier>": <number>}}}} for every counter table (not the alerts). */
    public String json() {
        StringBuilder out = new StringBuilder("{");
        String tableSep = "\n  ";
        for (String table : counterTables()) {
            out.append(tableSep).append(JsonString.quote(table)).append(": {");
            String rowSep = "\n    ";
            for (Map.Entry<String, SortedMap<String, Long>> row : snapshot.rows(table).entrySet()) {
                out.append(rowSep).append(JsonString.quote(shown(row.getKey()))).append(": {");
                out.append(row.getValue().entrySet().stream().map(c -> JsonString.quote(c.getKey()) + ": " + c.getValue())
                        .collect(Collectors.joining(", ")));
                out.append('}');
                rowSep = ",\n    ";
            }
            out.append(snapshot.rows(table).isEmpty() ? "}" : "\n  }");
            tableSep = ",\n  ";
        }
        return out.append("\n}\n").toString();
    }

    /** {@code table,row,qualifier,value}, one line per cell, alerts included. */
    public String csv() {
        StringBuilder out = new StringBuilder("table,row,qualifier,value\n");
        for (String table : CounterTables.ALL) {
            snapshot.rows(table).forEach((row, cells) -> cells.forEach((qualifier, value) -> out.append(table)
                    .append(',').append(csvField(shown(row))).append(',').append(qualifier).append(',').append(value)
                    .append('\n')));
        }
        return out.toString();
    }

    /** The five figures of seed 002/000 for people: top rows of each, all countries, hosts and alerts. */
    public String table(int top) {
        StringBuilder out = new StringBuilder();
        section(out, "Product clicks (" + PRODUCT_CLICKCOUNT + ", top " + top + ")",
                topRows(PRODUCT_CLICKCOUNT, CLICK_COUNT, top), "row", CLICK_COUNT);
        section(out, "Search-engine referrals (" + PRODUCT_SEARCH_CLICKCOUNT + ", per engine)",
                clicksPerEngine(), "engine", CLICK_COUNT);
        section(out, "Successful requests per country (" + COUNTRY_SUCCESS_COUNT + ")",
                topRows(COUNTRY_SUCCESS_COUNT, SUCCESS_COUNT, Integer.MAX_VALUE), "row", SUCCESS_COUNT);
        out.append("Response time per host (").append(HOST_STATS).append(")\n");
        out.append(String.format("  %-32s %10s %8s %8s %10s%n", "row", "requests", "4xx", "5xx", "avg ms"));
        snapshot.rows(HOST_STATS).forEach((row, c) -> out.append(String.format("  %-32s %10d %8d %8d %10s%n", shown(row),
                c.getOrDefault(REQUEST_COUNT, 0L), c.getOrDefault(STATUS_4XX, 0L), c.getOrDefault(STATUS_5XX, 0L),
                averageMs(c))));
        out.append("Lines (").append(PIPELINE_STATS).append(")\n");
        snapshot.rows(PIPELINE_STATS).forEach((row, c) -> out.append(String.format(
                "  %-10s valid %d, blacklisted %d, rejected %d%s%n", row, c.getOrDefault(VALID, 0L),
                c.getOrDefault(BLACKLISTED, 0L), c.getOrDefault(REJECTED, 0L), rejectReasons(c))));
        out.append("Alerts (").append(ALERTS).append("): ").append(snapshot.rows(ALERTS).size()).append('\n');
        snapshot.rows(ALERTS).forEach((row, c) -> out.append(String.format("  %-60s count %d > %d in %ds%n", shown(row),
                c.getOrDefault("count", 0L), c.getOrDefault("threshold", 0L), c.getOrDefault("window_s", 0L))));
        return out.toString();
    }

    /** Average request time of a {@code host_stats} row, over the requests that logged one. */
    static String averageMs(Map<String, Long> cells) {
        long timed = cells.getOrDefault(REQUEST_TIME_COUNT, 0L);
        return timed == 0 ? "-" : String.valueOf(cells.getOrDefault(REQUEST_TIME_MS_SUM, 0L) / timed);
    }

    /**
     * Clicks summed per referring search engine: the row is {@code yyyyMMdd_<engine host>_<productId>}, split where
     * the encoded host is (a product id holds no '_'), then decoded.
     */
    SortedMap<String, Long> clicksPerEngine() {
        SortedMap<String, Long> perEngine = new TreeMap<>();
        snapshot.rows(PRODUCT_SEARCH_CLICKCOUNT).forEach((row, cells) -> {
            int first = row.indexOf('_');
            int last = row.lastIndexOf('_');
            String engine = shown(first < last ? row.substring(first + 1, last) : row);
            perEngine.merge(engine, cells.getOrDefault(CLICK_COUNT, 0L), Long::sum);
        });
        return perEngine;
    }

    private SortedMap<String, Long> topRows(String table, String qualifier, int top) {
        SortedMap<String, Long> rows = new TreeMap<>();
        snapshot.rows(table).entrySet().stream()
                .sorted(Comparator.comparing((Map.Entry<String, SortedMap<String, Long>> e) ->
                        e.getValue().getOrDefault(qualifier, 0L)).reversed())
                .limit(top).forEach(e -> rows.put(shown(e.getKey()), e.getValue().getOrDefault(qualifier, 0L)));
        return rows;
    }

    private static void section(StringBuilder out, String title, SortedMap<String, Long> values, String keyName,
                                String valueName) {
        out.append(title).append('\n').append(String.format("  %-48s %12s%n", keyName, valueName));
        values.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .forEach(e -> out.append(String.format("  %-48s %12d%n", e.getKey(), e.getValue())));
    }

    private static String rejectReasons(Map<String, Long> cells) {
        String reasons = cells.entrySet().stream()
                .filter(e -> e.getKey().startsWith(CounterTables.REJECTED_PREFIX))
                .map(e -> e.getKey().substring(CounterTables.REJECTED_PREFIX.length()) + " " + e.getValue())
                .collect(Collectors.joining(", "));
        return reasons.isEmpty() ? "" : " (" + reasons + ")";
    }

    private static List<String> counterTables() {
        return CounterTables.ALL.stream().filter(t -> !t.equals(ALERTS)).toList();
    }

    /** A decoded row may hold any text, line breaks included. */
    private static String csvField(String s) {
        boolean quoted = s.contains(",") || s.contains("\"") || s.contains("\n") || s.contains("\r");
        return quoted ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }

    private static String shown(String row) {
        return RowKeyPart.decode(row);
    }
}
