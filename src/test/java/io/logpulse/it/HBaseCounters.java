package io.logpulse.it;

import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.hbase.Cell;
import org.apache.hadoop.hbase.CellUtil;
import org.apache.hadoop.hbase.HBaseConfiguration;
import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.client.Connection;
import org.apache.hadoop.hbase.client.ConnectionFactory;
import org.apache.hadoop.hbase.client.Result;
import org.apache.hadoop.hbase.client.ResultScanner;
import org.apache.hadoop.hbase.client.Scan;
import org.apache.hadoop.hbase.client.Table;
import org.apache.hadoop.hbase.util.Bytes;

/** Reads counter tables of the test stack's HBase straight from the server, as a user's scan would. */
final class HBaseCounters implements AutoCloseable {
    private final Connection connection;

    HBaseCounters() throws IOException {
        Configuration conf = HBaseConfiguration.create();
        conf.addResource(new Path(LocalStack.env().get("HBASE_CONF_DIR") + "/hbase-site.xml"));
        connection = ConnectionFactory.createConnection(conf);
    }

    Connection connection() {
        return connection;
    }

    /** row -> qualifier -> value of family {@code info}, every value read as an 8-byte counter. */
    Map<String, Map<String, Long>> scan(String table) throws IOException {
        Map<String, Map<String, Long>> rows = new TreeMap<>();
        try (Table t = connection.getTable(TableName.valueOf(table));
                ResultScanner scanner = t.getScanner(new Scan().addFamily(Bytes.toBytes("info")))) {
            for (Result result : scanner) {
                Map<String, Long> cells = new TreeMap<>();
                for (Cell cell : result.rawCells()) {
                    byte[] value = CellUtil.cloneValue(cell);
                    if (value.length == Bytes.SIZEOF_LONG) {
                        cells.put(Bytes.toString(CellUtil.cloneQualifier(cell)), Bytes.toLong(value));
                    }
                }
                rows.put(Bytes.toString(result.getRow()), cells);
            }
        }
        return rows;
    }

    /** The sum of one qualifier over every row of a table. */
    long sum(String table, String qualifier) throws IOException {
        return scan(table).values().stream().mapToLong(r -> r.getOrDefault(qualifier, 0L)).sum();
    }

    @Override
    public void close() throws IOException {
        connection.close();
    }
}
