package io.logpulse.it;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.logpulse.clean.LineTriage;
import io.logpulse.config.LogPulseConfig;
import io.logpulse.counters.CounterCell;
import io.logpulse.job.PipelineGraph;
import io.logpulse.rules.Alert;
import io.logpulse.sink.HBaseAlertSink;
import io.logpulse.sink.HBaseCounterSink;
import io.logpulse.sink.HBaseConnections;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.client.Admin;
import org.apache.hadoop.hbase.client.ColumnFamilyDescriptor;
import org.apache.hadoop.hbase.client.TableDescriptor;
import org.apache.hadoop.hbase.util.Bytes;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * The real hbase shell runs {@code hbase-schema/create_tables.rb} and every report script against the stack's
 * HBase, after a generated log was counted into those tables by the job's own triage and sink; each printed
 * figure, and {@code bin/logpulse report --format json}, must equal the independent recount.
 */
public class HBaseShellIT {
    private static final String RUN = "sh" + Long.toString(System.currentTimeMillis() % 1_000_000, 36);
    private static final String PREFIX = RUN + "_";

    private static JobInput input;
    private static HBaseCounters hbase;
    private static String day;
    private static Alert burst;
    private static Alert storm;

    @BeforeClass
    public static void countALogIntoTablesMadeByTheShell() throws Exception {
        LocalStack.start();
        hbase = new HBaseCounters();
        LocalStack.run(Map.of(), "shell", "--prefix", PREFIX, "hbase-schema/create_tables.rb").expectSuccess();
        input = new JobInput(RUN, 6_000, 3_000, 60, 40);
        LogPulseConfig config = LogPulseConfig.fromMap(Map.of("logpulse.blacklist.file",
                input.blacklistFile(RUN).toString()));
        LineTriage triage = PipelineGraph.lineTriage(config);
        Instant now = Instant.now();
        List<CounterCell> cells = new ArrayList<>();
        input.lines.forEach(line -> cells.addAll(triage.triage(line, now).cells()));
        System.setProperty("hbase.site.file", LocalStack.env().get("HBASE_CONF_DIR") + "/hbase-site.xml");
        new HBaseCounterSink(HBaseConnections::shared, PREFIX).apply(now.toEpochMilli(), cells.iterator());
        day = input.recount.tables.get("product_clickcount").keySet().stream().map(r -> r.substring(0, 8))
                .max(String::compareTo).orElseThrow();
        long noon = LocalDate.parse(day, java.time.format.DateTimeFormatter.BASIC_ISO_DATE)
                .atTime(12, 0).toInstant(ZoneOffset.UTC).toEpochMilli();
        burst = new Alert("client_burst", "203.0.113.66", 42, 10, 20, noon - 20_000, noon, noon);
        storm = new Alert("host_error_storm", "api.shop.example", 77, 15, 60, noon - 55_000, noon + 5_000, noon + 5_000);
        new HBaseAlertSink(HBaseConnections::shared, PREFIX).put(List.of(burst, storm));
    }

    @AfterClass
    public static void close() throws Exception {
        if (hbase != null) {
            hbase.close();
        }
    }

    @Test
    public void createTablesMadeEveryTableWithItsFamiliesAndIsIdempotent() throws Exception {
        try (Admin admin = hbase.connection().getAdmin()) {
            for (String table : JobInput.COUNTER_TABLES) {
                TableDescriptor descriptor = admin.getDescriptor(TableName.valueOf(PREFIX + table));
                assertEquals(table, 1, descriptor.getColumnFamily(Bytes.toBytes("info")).getMaxVersions());
                assertEquals(table, 1, descriptor.getColumnFamily(Bytes.toBytes("m")).getMaxVersions());
            }
            ColumnFamilyDescriptor alerts = admin.getDescriptor(TableName.valueOf(PREFIX + "alerts"))
                    .getColumnFamily(Bytes.toBytes("info"));
            assertEquals(90 * 24 * 3600, alerts.getTimeToLive());
            assertTrue(admin.tableExists(TableName.valueOf(PREFIX + "pipeline_stats")));
        }
        LocalStack.run(Map.of(), "shell", "--prefix", PREFIX, "hbase-schema/create_tables.rb").expectSuccess();
    }

    @Test
    public void productClicksReportPrintsTheRecountMostClickedFirst() {
        Map<String, String> printed = reportInPrintedOrder("product_clicks", 1);
        assertEquals(expectedOfDay("product_clickcount", "click_count", row -> row), new TreeMap<>(printed));
        List<Long> clicks = printed.values().stream().map(Long::valueOf).toList();
        assertTrue("more than one click count to order", clicks.stream().distinct().count() > 1);
        assertEquals(clicks.stream().sorted(java.util.Comparator.reverseOrder()).toList(), clicks);
    }

    @Test
    public void searchReferralsReportPrintsClicksPerEngine() {
        Map<String, String> expected = new TreeMap<>();
        input.recount.tables.get("product_search_clickcount").forEach((row, cells) -> {
            if (row.startsWith(day + "_")) {
                String engine = row.substring(9, row.lastIndexOf('_'));
                expected.merge(engine, String.valueOf(cells.get("click_count")),
                        (a, b) -> String.valueOf(Long.parseLong(a) + Long.parseLong(b)));
            }
        });
        assertEquals(expected, report("search_referrals", 1));
    }

    @Test
    public void countrySuccessReportPrintsTheRecount() {
        Map<String, String> expected = expectedOfDay("country_success_count", "success_count", row -> row);
        assertTrue("the recount has more than one country", expected.size() > 1);
        assertEquals(expected, report("country_success", 1));
    }

    @Test
    public void hostResponseTimeReportPrintsCountsAndTheAverageOfTimedRequests() {
        Map<String, String> expected = new TreeMap<>();
        input.recount.tables.get("host_stats").forEach((row, c) -> {
            if (row.startsWith(day + "_")) {
                expected.put(row.substring(9), String.join("\t", String.valueOf(c.get("request_count")),
                        String.valueOf(c.getOrDefault("status_4xx", 0L)),
                        String.valueOf(c.getOrDefault("status_5xx", 0L)),
                        String.valueOf(c.get("request_time_ms_sum") / c.get("request_time_count"))));
            }
        });
        assertEquals(expected, report("host_response_time", 4));
    }

    @Test
    public void alertsReportPrintsTheAlertsOfTheDay() {
        Map<String, String> expected = new TreeMap<>(Map.of(
                "client_burst_203.0.113.66", "11:59:40\t12:00:00\t42\t10\t20",
                "host_error_storm_api.shop.example", "11:59:05\t12:00:05\t77\t15\t60"));
        assertEquals(expected, report("alerts", 5));
    }

    @Test
    public void reportCommandJsonEqualsTheRecount() throws Exception {
        String json = LocalStack.stdoutOf("report", "--format", "json", "--conf", "hbase.table.prefix=" + PREFIX);
        Map<String, Map<String, Map<String, Long>>> tables = new ObjectMapper().readValue(json,
                new TypeReference<>() { });
        for (String table : JobInput.COUNTER_TABLES) {
            assertEquals(table, input.recount.tables.get(table), tables.get(table));
        }
        long valid = tables.get("pipeline_stats").values().stream().mapToLong(c -> c.getOrDefault("valid", 0L)).sum();
        assertEquals(input.recount.valid, valid);
    }

    /** {@code key -> value} of one qualifier for the day's rows of a recounted table, keyed without the day. */
    private static Map<String, String> expectedOfDay(String table, String qualifier, Function<String, String> key) {
        Map<String, String> expected = new TreeMap<>();
        input.recount.tables.get(table).forEach((row, cells) -> {
            if (row.startsWith(day + "_")) {
                expected.put(key.apply(row.substring(9)), String.valueOf(cells.get(qualifier)));
            }
        });
        return expected;
    }

    /** A report's figures by key. */
    private static Map<String, String> report(String script, int columns) {
        return new TreeMap<>(reportInPrintedOrder(script, columns));
    }

    /**
     * Runs one report script in the shell and reads its table: the line after the header names the columns, then
     * one tab-separated line per figure. The key is the first column, the value the next {@code columns} joined.
     */
    private static Map<String, String> reportInPrintedOrder(String script, int columns) {
        String output = LocalStack.run(Map.of(), "shell", "--day", day, "--prefix", PREFIX,
                "hbase-schema/reports/" + script + ".rb").expectSuccess().output();
        List<String> lines = output.lines().toList();
        int header = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).endsWith("(" + PREFIX + "*, day " + day + ")")) {
                header = i + 1;
            }
        }
        assertTrue("no report table in:\n" + output, header > 0);
        Map<String, String> figures = new LinkedHashMap<>();
        for (String line : lines.subList(header + 1, lines.size())) {
            String[] fields = line.split("\t");
            if (fields.length != columns + 1) {
                break;
            }
            figures.put(fields[0], String.join("\t", List.of(fields).subList(1, fields.length)));
        }
        assertTrue(script + " printed no figures:\n" + output, !figures.isEmpty());
        return figures;
    }
}
