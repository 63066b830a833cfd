package io.logpulse.sink;

import static io.logpulse.sink.CounterTableSchema.INFO;

import io.logpulse.counters.CounterTables;
import io.logpulse.rules.Alert;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.client.Connection;
import org.apache.hadoop.hbase.client.Put;
import org.apache.hadoop.hbase.client.Table;
import org.apache.hadoop.hbase.util.Bytes;

/**
 * Writes alerts to the {@code alerts} table, one row per alert ({@code <rule>_<key>_<window end ms>}, the window in
 * request time). Puts of the same alert write the same cells, so a replayed batch leaves one row.
 */
public final class HBaseAlertSink {

    /** The alert as published on the alerts topic, kept whole so its history reads as the live feed. */
    static final byte[] ALERT_JSON = Bytes.toBytes(CounterTables.ALERT_JSON);

    private final Supplier<Connection> hbase;
    private final TableName table;

    /**
     * @param hbase the caller's connection, asked for at each use: a connection the client closed (aborted) is
     *              replaced by the caller, which closes the last one after the sink's last call
     */
    public HBaseAlertSink(Supplier<Connection> hbase, String tablePrefix) {
        this.hbase = hbase;
        this.table = table(tablePrefix);
    }

    /** The alerts table under a prefix, for the sink and {@link HBaseAlertReader}. */
    static TableName table(String tablePrefix) {
        return TableName.valueOf(tablePrefix + CounterTables.ALERTS);
    }

    public void put(List<Alert> alerts) {
        List<Put> puts = new ArrayList<>(alerts.size());
        for (Alert alert : alerts) {
            puts.add(new Put(Bytes.toBytes(alert.rowKey()))
                    .addColumn(INFO, Bytes.toBytes("count"), Bytes.toBytes(alert.count()))
                    .addColumn(INFO, Bytes.toBytes("threshold"), Bytes.toBytes(alert.threshold()))
                    .addColumn(INFO, Bytes.toBytes("window_s"), Bytes.toBytes(alert.windowSeconds()))
                    .addColumn(INFO, Bytes.toBytes("window_start"), Bytes.toBytes(alert.windowStartEpochMs()))
                    .addColumn(INFO, Bytes.toBytes("window_end"), Bytes.toBytes(alert.windowEndEpochMs()))
                    .addColumn(INFO, Bytes.toBytes("first_seen"), Bytes.toBytes(alert.firstSeenEpochMs()))
                    .addColumn(INFO, ALERT_JSON, Bytes.toBytes(alert.toJson())));
        }
        try (Table alertRows = hbase.get().getTable(table)) {
            alertRows.put(puts);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write alerts to " + table, e);
        }
    }
}
