package io.logpulse.it;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import io.logpulse.counters.CounterCell;
import io.logpulse.counters.CounterTables;
import io.logpulse.rules.Alert;
import io.logpulse.sink.CounterTableSchema;
import io.logpulse.sink.HBaseAlertSink;
import io.logpulse.sink.HBaseConnections;
import io.logpulse.sink.HBaseCounterSink;
import io.logpulse.sink.CounterSink.Applied;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.client.Admin;
import org.apache.hadoop.hbase.client.Connection;
import org.apache.hadoop.hbase.client.Get;
import org.apache.hadoop.hbase.client.RegionLocator;
import org.apache.hadoop.hbase.client.Result;
import org.apache.hadoop.hbase.client.ResultScanner;
import org.apache.hadoop.hbase.client.Scan;
import org.apache.hadoop.hbase.client.Table;
import org.apache.hadoop.hbase.util.Bytes;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * The exactly-once counter sink and the alert sink against the stack's real HBase, in tables of their own
 * ({@code it_<random>_...}, dropped at the end). Each test uses its own rows, so the order of tests does not matter.
 */
public class HBaseCounterSinkIT {
    private static final byte[] INFO = Bytes.toBytes(CounterTables.FAMILY);
    private static final long T = 1_795_305_000_000L;
    private static final long T_NEXT = T + 5_000;

    private static String prefix;
    private static Connection connection;
    private static List<TableName> tables;
    private static HBaseCounterSink sink;

    @BeforeClass
    public static void createTables() throws IOException {
        LocalStack.start();
        prefix = "it_" + UUID.randomUUID().toString().substring(0, 8) + "_";
        System.setProperty("hbase.site.file", LocalStack.env().get("HBASE_CONF_DIR") + "/hbase-site.xml");
        connection = HBaseConnections.shared();
        tables = CounterTables.ALL.stream().map(t -> TableName.valueOf(prefix + t)).toList();
        CounterTableSchema.ensureTables(connection, prefix);
        CounterTableSchema.ensureTables(connection, prefix);
        try (Admin admin = connection.getAdmin()) {
            for (TableName table : tables) {
                assertTrue(table + " was not created", admin.tableExists(table));
            }
        }
        sink = new HBaseCounterSink(() -> connection, prefix);
    }

    @AfterClass
    public static void dropTables() throws IOException {
        if (tables == null) {
            return;
        }
        try (Admin admin = connection.getAdmin()) {
            for (TableName table : tables) {
                if (admin.tableExists(table)) {
                    admin.disableTable(table);
                    admin.deleteTable(table);
                }
            }
        }
    }

    private static CounterCell cell(String table, String row, String qualifier, long delta) {
        return new CounterCell(table, row, qualifier, delta);
    }

    private static Applied apply(long batchTime, CounterCell... cells) throws IOException {
        return sink.apply(batchTime, List.of(cells).iterator());
    }

    private static Result row(String table, String row) throws IOException {
        try (Table t = connection.getTable(TableName.valueOf(prefix + table))) {
            return t.get(new Get(Bytes.toBytes(row)));
        }
    }

    /** The counter's value, decoded as {@code get_counter} does; null when the cell does not exist. */
    private static Long counter(String table, String row, String qualifier) throws IOException {
        byte[] value = row(table, row).getValue(INFO, Bytes.toBytes(qualifier));
        if (value == null) {
            return null;
        }
        assertEquals("counter cells are 8-byte longs", Bytes.SIZEOF_LONG, value.length);
        return Bytes.toLong(value);
    }

    private static long marker(String table, String row) throws IOException {
        return Bytes.toLong(row(table, row).getValue(CounterTableSchema.MARKERS,
                CounterTableSchema.LAST_SEQ));
    }

    /** One batch over two tables: a product row, and a host row with three qualifiers, some given twice. */
    private static CounterCell[] batch(String rowPrefix) {
        return new CounterCell[] {
                cell(CounterTables.PRODUCT_CLICKCOUNT, rowPrefix + "_10007919", CounterTables.CLICK_COUNT, 3),
                cell(CounterTables.HOST_STATS, rowPrefix + "_a.com", CounterTables.REQUEST_COUNT, 7),
                cell(CounterTables.HOST_STATS, rowPrefix + "_a.com", CounterTables.STATUS_4XX, 2),
                cell(CounterTables.HOST_STATS, rowPrefix + "_a.com", CounterTables.REQUEST_COUNT, 1),
                cell(CounterTables.HOST_STATS, rowPrefix + "_a.com", CounterTables.REQUEST_TIME_MS_SUM, 950)};
    }

    private static void assertBatchCountedTimes(String rowPrefix, int times) throws IOException {
        assertEquals(Long.valueOf(3L * times), counter(CounterTables.PRODUCT_CLICKCOUNT, rowPrefix + "_10007919",
                CounterTables.CLICK_COUNT));
        assertEquals(Long.valueOf(8L * times), counter(CounterTables.HOST_STATS, rowPrefix + "_a.com",
                CounterTables.REQUEST_COUNT));
        assertEquals(Long.valueOf(2L * times), counter(CounterTables.HOST_STATS, rowPrefix + "_a.com",
                CounterTables.STATUS_4XX));
        assertEquals(Long.valueOf(950L * times), counter(CounterTables.HOST_STATS, rowPrefix + "_a.com",
                CounterTables.REQUEST_TIME_MS_SUM));
    }

    @Test
    public void firstApplyOfNewRowsCountsExactlyAndSetsTheMarkers() throws IOException {
        Applied result = apply(T, batch("20261121_first"));

        assertEquals(new Applied(2, 0, 4), result);
        assertBatchCountedTimes("20261121_first", 1);
        assertNull(counter(CounterTables.HOST_STATS, "20261121_first_a.com", CounterTables.STATUS_5XX));
        assertEquals(T, marker(CounterTables.PRODUCT_CLICKCOUNT, "20261121_first_10007919"));
        assertEquals(T, marker(CounterTables.HOST_STATS, "20261121_first_a.com"));
    }

    @Test
    public void applyingTheSameBatchAgainChangesNothing() throws IOException {
        apply(T, batch("20261121_again"));

        Applied replay = apply(T, batch("20261121_again"));

        assertEquals(new Applied(0, 2, 0), replay);
        assertBatchCountedTimes("20261121_again", 1);
    }

    @Test
    public void nextBatchAddsAndReplayingTheEarlierOneAfterItChangesNothing() throws IOException {
        apply(T, batch("20261121_next"));
        assertEquals(new Applied(2, 0, 4), apply(T_NEXT, batch("20261121_next")));
        assertBatchCountedTimes("20261121_next", 2);
        assertEquals(T_NEXT, marker(CounterTables.HOST_STATS, "20261121_next_a.com"));

        assertEquals(new Applied(0, 2, 0), apply(T, batch("20261121_next")));
        assertEquals(new Applied(0, 2, 0), apply(T_NEXT, batch("20261121_next")));
        assertBatchCountedTimes("20261121_next", 2);
        assertEquals("a replay does not move the marker back", T_NEXT, marker(CounterTables.HOST_STATS,
                "20261121_next_a.com"));
    }

    @Test
    public void aPartlyAppliedBatchIsCompletedOnReplayWithoutCountingTwice() throws IOException {
        // As if the task died after writing one row of the batch: the replay brings both rows.
        CounterCell known = cell(CounterTables.COUNTRY_SUCCESS_COUNT, "20261121_IR", CounterTables.SUCCESS_COUNT, 4);
        CounterCell newRow = cell(CounterTables.COUNTRY_SUCCESS_COUNT, "20261121_DE", CounterTables.SUCCESS_COUNT, 6);
        apply(T, known);

        assertEquals(new Applied(1, 1, 1), apply(T, known, newRow));

        assertEquals(Long.valueOf(4), counter(CounterTables.COUNTRY_SUCCESS_COUNT, "20261121_IR", CounterTables.SUCCESS_COUNT));
        assertEquals(Long.valueOf(6), counter(CounterTables.COUNTRY_SUCCESS_COUNT, "20261121_DE", CounterTables.SUCCESS_COUNT));
    }

    @Test
    public void aRowSeenBeforeAndARowSeenFirstAreAppliedInOneBatch() throws IOException {
        // The known row takes the ifEquals(old marker) path, the new one ifNotExists.
        apply(T, cell(CounterTables.PIPELINE_STATS, "20261120", CounterTables.VALID, 10));

        Applied result = apply(T_NEXT,
                cell(CounterTables.PIPELINE_STATS, "20261120", CounterTables.VALID, 5),
                cell(CounterTables.PIPELINE_STATS, "20261120", "rejected_bad_time", 1),
                cell(CounterTables.PIPELINE_STATS, "20261121", CounterTables.VALID, 2));

        assertEquals(new Applied(2, 0, 3), result);
        assertEquals(Long.valueOf(15), counter(CounterTables.PIPELINE_STATS, "20261120", CounterTables.VALID));
        assertEquals(Long.valueOf(1), counter(CounterTables.PIPELINE_STATS, "20261120", "rejected_bad_time"));
        assertEquals(Long.valueOf(2), counter(CounterTables.PIPELINE_STATS, "20261121", CounterTables.VALID));
        assertEquals(T_NEXT, marker(CounterTables.PIPELINE_STATS, "20261120"));
        assertEquals(T_NEXT, marker(CounterTables.PIPELINE_STATS, "20261121"));
    }

    @Test
    public void countersAreEightByteLongsThatHBaseCanIncrementItself() throws IOException {
        apply(T, cell(CounterTables.PRODUCT_CLICKCOUNT, "20261121_incr", CounterTables.CLICK_COUNT, 41));
        byte[] raw = row(CounterTables.PRODUCT_CLICKCOUNT, "20261121_incr").getValue(INFO,
                Bytes.toBytes(CounterTables.CLICK_COUNT));
        assertArrayEquals(Bytes.toBytes(41L), raw);

        // What hbase shell's incr does; the server refuses cells that are not 8-byte longs.
        try (Table table = connection.getTable(TableName.valueOf(prefix + CounterTables.PRODUCT_CLICKCOUNT))) {
            assertEquals(42, table.incrementColumnValue(Bytes.toBytes("20261121_incr"), INFO,
                    Bytes.toBytes(CounterTables.CLICK_COUNT), 1));
        }
        // A hand-made increment does not disturb the marker: the replay is still recognised.
        assertEquals(new Applied(0, 1, 0),
                apply(T, cell(CounterTables.PRODUCT_CLICKCOUNT, "20261121_incr", CounterTables.CLICK_COUNT, 41)));
        assertEquals(Long.valueOf(42), counter(CounterTables.PRODUCT_CLICKCOUNT, "20261121_incr", CounterTables.CLICK_COUNT));
    }

    @Test
    public void fiveThousandRowsOverThreeTablesInOneApplyCountExactly() throws IOException {
        List<CounterCell> cells = new ArrayList<>();
        Map<String, Long> expectedClicks = new HashMap<>();
        for (int i = 0; i < 2_000; i++) {
            String row = "20261122_" + (10_000_000 + i);
            long clicks = 1 + i % 7;
            // Unsummed on purpose: every click as its own cell.
            for (int c = 0; c < clicks; c++) {
                cells.add(CounterCell.one(CounterTables.PRODUCT_CLICKCOUNT, row, CounterTables.CLICK_COUNT));
            }
            expectedClicks.put(row, clicks);
        }
        for (int i = 0; i < 2_000; i++) {
            cells.add(new CounterCell(CounterTables.HOST_STATS, "20261122_h" + i + ".example.com",
                    CounterTables.REQUEST_COUNT, i + 1));
            cells.add(CounterCell.one(CounterTables.HOST_STATS, "20261122_h" + i + ".example.com", CounterTables.STATUS_5XX));
        }
        for (int i = 0; i < 1_000; i++) {
            cells.add(new CounterCell(CounterTables.COUNTRY_SUCCESS_COUNT, "20261122_C" + i, CounterTables.SUCCESS_COUNT, i));
        }

        long started = System.nanoTime();
        Applied result = sink.apply(T, cells.iterator());
        System.out.printf("HBaseCounterSinkIT: 5,000 rows applied in %d ms%n", (System.nanoTime() - started) / 1_000_000);

        // Country C0 adds 0: left out, it is not written at all.
        assertEquals(new Applied(4_999, 0, 2_000 + 4_000 + 999), result);
        assertEquals(new Applied(0, 4_999, 0), sink.apply(T, cells.iterator()));
        assertEquals(expectedClicks, scanCounters(CounterTables.PRODUCT_CLICKCOUNT, "20261122_", CounterTables.CLICK_COUNT));
        Map<String, Long> requests = scanCounters(CounterTables.HOST_STATS, "20261122_", CounterTables.REQUEST_COUNT);
        assertEquals(2_000, requests.size());
        assertEquals(Long.valueOf(1_234), requests.get("20261122_h1233.example.com"));
        assertEquals(Long.valueOf(2_000), requests.get("20261122_h1999.example.com"));
        assertEquals(2_000, scanCounters(CounterTables.HOST_STATS, "20261122_", CounterTables.STATUS_5XX).values().stream()
                .filter(count -> count == 1).count());
        Map<String, Long> countries = scanCounters(CounterTables.COUNTRY_SUCCESS_COUNT, "20261122_", CounterTables.SUCCESS_COUNT);
        assertEquals(999, countries.size());
        assertEquals(999L * 1_000 / 2, countries.values().stream().mapToLong(Long::longValue).sum());
        // The rows were written without waiting for the log; one synced write per region made them durable.
        for (String table : List.of(CounterTables.PRODUCT_CLICKCOUNT, CounterTables.HOST_STATS,
                CounterTables.COUNTRY_SUCCESS_COUNT)) {
            try (RegionLocator regions = connection.getRegionLocator(TableName.valueOf(prefix + table))) {
                assertEquals(table, regions.getAllRegionLocations().size(), rowsFencedBy(table, "20261122_", T));
            }
        }
    }

    private static long rowsFencedBy(String table, String rowPrefix, long seq) throws IOException {
        Scan scan = new Scan().setStartStopRowForPrefixScan(Bytes.toBytes(rowPrefix))
                .addColumn(CounterTableSchema.MARKERS, CounterTableSchema.FENCE);
        long fenced = 0;
        try (Table t = connection.getTable(TableName.valueOf(prefix + table));
                 ResultScanner results = t.getScanner(scan)) {
            for (Result result : results) {
                fenced += Bytes.toLong(result.getValue(CounterTableSchema.MARKERS, CounterTableSchema.FENCE)) == seq ? 1 : 0;
            }
        }
        return fenced;
    }

    private static Map<String, Long> scanCounters(String table, String rowPrefix, String qualifier) throws IOException {
        Map<String, Long> counters = new HashMap<>();
        Scan scan = new Scan().setStartStopRowForPrefixScan(Bytes.toBytes(rowPrefix)).addColumn(INFO, Bytes.toBytes(qualifier));
        try (Table t = connection.getTable(TableName.valueOf(prefix + table));
                 ResultScanner results = t.getScanner(scan)) {
            for (Result result : results) {
                counters.put(Bytes.toString(result.getRow()), Bytes.toLong(result.getValue(INFO, Bytes.toBytes(qualifier))));
            }
        }
        return counters;
    }

    @Test
    public void concurrentAttemptsOfOneBatchCountItOnce() throws Exception {
        // Speculative or zombie tasks: several writers race on the same rows and batch.
        List<CounterCell> cells = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            cells.add(new CounterCell(CounterTables.HOST_STATS, "20261123_race" + i, CounterTables.REQUEST_COUNT, 3));
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Callable<Applied>> attempts = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                attempts.add(() -> new HBaseCounterSink(() -> connection, prefix).apply(T, cells.iterator()));
            }
            long applied = 0;
            long skipped = 0;
            for (Future<Applied> attempt : pool.invokeAll(attempts)) {
                applied += attempt.get().rowsApplied();
                skipped += attempt.get().rowsSkipped();
            }
            assertEquals("each row applied by exactly one attempt", 200, applied);
            assertEquals(3 * 200, skipped);
        } finally {
            pool.shutdown();
        }
        Map<String, Long> counts = scanCounters(CounterTables.HOST_STATS, "20261123_race", CounterTables.REQUEST_COUNT);
        assertEquals(200, counts.size());
        assertEquals(List.of(3L), counts.values().stream().distinct().toList());
    }

    @Test
    public void alertsWrittenTwiceLeaveOneRowWithTheRightValues() throws IOException {
        Alert alert = new Alert("host_error_storm", "shop.example.com", 17, 15, 60, T - 60_000, T, T);
        HBaseAlertSink alerts = new HBaseAlertSink(() -> connection, prefix);
        alerts.put(List.of(alert));
        alerts.put(List.of(alert));

        Map<String, Result> rows = new HashMap<>();
        try (Table table = connection.getTable(TableName.valueOf(prefix + CounterTables.ALERTS));
                 ResultScanner results = table.getScanner(new Scan())) {
            results.forEach(result -> rows.put(Bytes.toString(result.getRow()), result));
        }
        assertEquals(List.of("host_error_storm_shop.example.com_" + T), List.copyOf(rows.keySet()));
        Result row = rows.get("host_error_storm_shop.example.com_" + T);
        assertEquals(7, row.size());
        assertEquals(17, Bytes.toLong(row.getValue(INFO, Bytes.toBytes("count"))));
        assertEquals(15, Bytes.toLong(row.getValue(INFO, Bytes.toBytes("threshold"))));
        assertEquals(60, Bytes.toLong(row.getValue(INFO, Bytes.toBytes("window_s"))));
        assertEquals(T - 60_000, Bytes.toLong(row.getValue(INFO, Bytes.toBytes("window_start"))));
        assertEquals(T, Bytes.toLong(row.getValue(INFO, Bytes.toBytes("window_end"))));
        assertEquals(T, Bytes.toLong(row.getValue(INFO, Bytes.toBytes("first_seen"))));
        assertEquals(alert.toJson(), Bytes.toString(row.getValue(INFO, Bytes.toBytes(CounterTables.ALERT_JSON))));
    }
}
