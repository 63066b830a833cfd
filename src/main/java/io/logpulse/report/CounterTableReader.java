package io.logpulse.report;

import io.logpulse.counters.CounterTables;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.hadoop.hbase.Cell;
import org.apache.hadoop.hbase.CellUtil;
import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.client.Admin;
import org.apache.hadoop.hbase.client.Connection;
import org.apache.hadoop.hbase.client.Result;
import org.apache.hadoop.hbase.client.ResultScanner;
import org.apache.hadoop.hbase.client.Scan;
import org.apache.hadoop.hbase.client.Table;
import org.apache.hadoop.hbase.util.Bytes;

/**
 * Reads the counter tables under one prefix into a {@link CounterSnapshot}: family {@code info} only (the job's
 * batch markers live in {@code m}), and only 8-byte cells, which are the counters and the alerts' numbers. Row
 * keys stay encoded, as written (ASCII, since {@code RowKeyPart} percent-encodes everything else).
 */
public final class CounterTableReader implements CounterSource {

    private final Connection connection;
    private final String prefix;

    public CounterTableReader(Connection connection, String prefix) {
        this.connection = connection;
        this.prefix = prefix;
    }

    /**
     * Every table; a missing table is an error that names it, since the report would silently lack it. A day
     * bounds the scan of each counter table to the rows that start with it, so that a report of today (the
     * dashboard asks for one every 2 s) does not read every day the tables hold. The alerts table, whose rows do
     * not start with a day, is read whole.
     */
    @Override
    public CounterSnapshot read(String day) {
        CounterSnapshot snapshot = new CounterSnapshot();
        try (Admin admin = connection.getAdmin()) {
            for (String table : CounterTables.ALL) {
                Scan scan = new Scan().addFamily(Bytes.toBytes(CounterTables.FAMILY)).setCaching(1_000);
                if (day != null && CounterTables.rowsStartWithDay(table)) {
                    scan.setStartStopRowForPrefixScan(Bytes.toBytes(day));
                }
                scan(admin, table, scan, snapshot);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot reach HBase (" + e.getMessage() + "): check that it runs"
                    + " (bin/logpulse stack status) and that hbase-site.xml names its ZooKeeper quorum", e);
        }
        return snapshot;
    }

    private void scan(Admin admin, String table, Scan scan, CounterSnapshot snapshot) {
        TableName name = TableName.valueOf(prefix + table);
        try {
            if (!admin.tableExists(name)) {
                throw new IllegalStateException("HBase has no table " + name + ": start the job once (it creates"
                        + " its tables), run hbase-schema/create_tables.rb, or set logpulse.hbase.table.prefix");
            }
            try (Table t = connection.getTable(name);
                    ResultScanner scanner = t.getScanner(scan)) {
                for (Result result : scanner) {
                    String row = Bytes.toString(result.getRow());
                    for (Cell cell : result.rawCells()) {
                        if (cell.getValueLength() == Bytes.SIZEOF_LONG) {
                            snapshot.put(table, row, Bytes.toString(CellUtil.cloneQualifier(cell)),
                                    Bytes.toLong(CellUtil.cloneValue(cell)));
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot scan " + name, e);
        }
    }
}
