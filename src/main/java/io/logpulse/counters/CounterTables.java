package io.logpulse.counters;

import java.util.List;

/**
 * HBase table, column family and qualifier names, defined here once; hbase-schema/ (the schema doc,
 * create_tables.rb and the report scripts) uses the same names. The tables are created by
 * {@code io.logpulse.sink.CounterTableSchema} or create_tables.rb; every counter cell is an HBase increment.
 */
public final class CounterTables {

    public static final String FAMILY = "info";

    /** Row {@code yyyyMMdd_<productId>}. */
    public static final String PRODUCT_CLICKCOUNT = "product_clickcount";
    /** Row {@code yyyyMMdd_<referer host>_<productId>}. */
    public static final String PRODUCT_SEARCH_CLICKCOUNT = "product_search_clickcount";
    /** Row {@code yyyyMMdd_<COUNTRY>}. */
    public static final String COUNTRY_SUCCESS_COUNT = "country_success_count";
    /** Row {@code yyyyMMdd_<host>}. */
    public static final String HOST_STATS = "host_stats";
    /** Row {@code yyyyMMdd} of processing time. */
    public static final String PIPELINE_STATS = "pipeline_stats";
    /** Row {@code <rule>_<key>_<window end epoch ms>}: the alert's figures and its JSON (not counters). */
    public static final String ALERTS = "alerts";
    /** One row: the job's batch ledger and lease (io.logpulse.sink.BatchLedger), not for reports. */
    public static final String BATCH_LEDGER = "batch_ledger";

    public static final String CLICK_COUNT = "click_count";
    public static final String SUCCESS_COUNT = "success_count";
    public static final String REQUEST_COUNT = "request_count";
    public static final String STATUS_4XX = "status_4xx";
    public static final String STATUS_5XX = "status_5xx";
    /**
     * Sum of request times over the lines that logged one; divide by {@link #REQUEST_TIME_COUNT},
     * not by {@link #REQUEST_COUNT}, or lines without a time would drag the average down.
     */
    public static final String REQUEST_TIME_MS_SUM = "request_time_ms_sum";
    public static final String REQUEST_TIME_COUNT = "request_time_count";
    public static final String VALID = "valid";
    public static final String REJECTED = "rejected";
    public static final String BLACKLISTED = "blacklisted";
    /** Lines with an id already counted: a Flume agent re-sent them after a crash. Counted nowhere else. */
    public static final String DUPLICATE = "duplicate";
    /**
     * Counted lines whose request time was older than the watermark when they arrived (the newest request time
     * counted before, minus logpulse.alerts.allowed.lateness.seconds): windows they belong to may be closed.
     */
    public static final String LATE = "late";
    /** Followed by a {@code Reject} reason, e.g. {@code rejected_bad_time}. */
    public static final String REJECTED_PREFIX = "rejected_";
    public static final String ALERT_JSON = "json";

    /** Row-key part used when a host or country is missing. */
    public static final String UNKNOWN = "UNKNOWN";

    public static final List<String> ALL = List.of(
            PRODUCT_CLICKCOUNT, PRODUCT_SEARCH_CLICKCOUNT, COUNTRY_SUCCESS_COUNT, HOST_STATS, PIPELINE_STATS, ALERTS);

    private CounterTables() {
    }

    /**
     * Whether the table's row keys start with their day ({@code yyyyMMdd}, alone or before '_'). Alert rows
     * start with their rule and end with their window's end in epoch milliseconds instead.
     */
    public static boolean rowsStartWithDay(String table) {
        return !ALERTS.equals(table);
    }
}
