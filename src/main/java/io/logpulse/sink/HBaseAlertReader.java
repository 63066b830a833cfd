package io.logpulse.sink;

import static io.logpulse.sink.CounterTableSchema.INFO;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.client.Connection;
import org.apache.hadoop.hbase.client.Result;
import org.apache.hadoop.hbase.client.ResultScanner;
import org.apache.hadoop.hbase.client.Scan;
import org.apache.hadoop.hbase.client.Table;
import org.apache.hadoop.hbase.util.Bytes;

/**
 * Reads back what {@link HBaseAlertSink} wrote: each alert's JSON by its row key. The whole table is scanned, since
 * a row starts with the rule, not the time; alerts are few and expire after 90 days.
 */
public final class HBaseAlertReader {

    private final Connection connection;
    private final TableName table;

    public HBaseAlertReader(Connection connection, String tablePrefix) {
        this.connection = connection;
        this.table = HBaseAlertSink.table(tablePrefix);
    }

    /** Row key ({@code <rule>_<key>_<window end ms>}) to the alert's JSON, for the rows that hold one. */
    public SortedMap<String, String> jsonByRow() {
        SortedMap<String, String> alerts = new TreeMap<>();
        try (Table hbase = connection.getTable(table);
                ResultScanner scanner = hbase.getScanner(new Scan().addColumn(INFO, HBaseAlertSink.ALERT_JSON))) {
            for (Result result : scanner) {
                byte[] json = result.getValue(INFO, HBaseAlertSink.ALERT_JSON);
                if (json != null) {
                    alerts.put(Bytes.toString(result.getRow()), Bytes.toString(json));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the alerts of " + table + " (" + e.getMessage() + ")", e);
        }
        return alerts;
    }
}
