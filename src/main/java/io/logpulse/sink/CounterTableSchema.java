package io.logpulse.sink;

import io.logpulse.counters.CounterTables;
import java.io.IOException;
import java.util.List;
import org.apache.hadoop.hbase.NamespaceDescriptor;
import org.apache.hadoop.hbase.NamespaceExistException;
import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.client.Admin;
import org.apache.hadoop.hbase.client.ColumnFamilyDescriptorBuilder;
import org.apache.hadoop.hbase.client.Connection;
import org.apache.hadoop.hbase.client.TableDescriptorBuilder;
import org.apache.hadoop.hbase.util.Bytes;

/**
 * The HBase tables LogPulse writes, created when missing (hbase-schema/create_tables.rb creates the same from
 * hbase shell; keep the two alike). Counter tables have family {@code info} for the counters users read and family
 * {@code m} for the replay markers that make the increments exactly-once;
 * the batch ledger has one family {@code l}.
 */
public final class CounterTableSchema {

    public static final byte[] INFO = Bytes.toBytes(CounterTables.FAMILY);
    public static final byte[] MARKERS = Bytes.toBytes("m");
    /**
     * The ledger sequence number of the last batch applied to the row. (Versions before the ledger kept a batch
     * time in {@code m:b}; it is left alone and no longer read.)
     */
    public static final byte[] LAST_SEQ = Bytes.toBytes("s");
    /**
     * The sequence number of the last batch whose counter writes a durable write to this row's region made
     * durable (see {@code HBaseCounterSink}); no reader needs it.
     */
    public static final byte[] FENCE = Bytes.toBytes("f");

    /** Alerts are for acting on now; the counters are the product and are kept. */
    private static final int ALERT_TTL_SECONDS = 90 * 24 * 3600;

    private static final List<String> COUNTER_TABLES = List.of(CounterTables.PRODUCT_CLICKCOUNT,
            CounterTables.PRODUCT_SEARCH_CLICKCOUNT, CounterTables.COUNTRY_SUCCESS_COUNT, CounterTables.HOST_STATS,
            CounterTables.PIPELINE_STATS);

    private CounterTableSchema() {
    }

    /** Creates the tables that are missing, and the namespace of a {@code namespace:} prefix. */
    public static void ensureTables(Connection hbase, String prefix) throws IOException {
        try (Admin admin = hbase.getAdmin()) {
            if (prefix.contains(":")) {
                createNamespace(admin, prefix.substring(0, prefix.indexOf(':')));
            }
            for (String table : COUNTER_TABLES) {
                create(admin, TableName.valueOf(prefix + table), true);
            }
            create(admin, TableName.valueOf(prefix + CounterTables.ALERTS), false);
            createLedger(admin, TableName.valueOf(prefix + CounterTables.BATCH_LEDGER));
        }
    }

    private static void createNamespace(Admin admin, String namespace) throws IOException {
        if (List.of(admin.listNamespaces()).contains(namespace)) {
            return;
        }
        try {
            admin.createNamespace(NamespaceDescriptor.create(namespace).build());
        } catch (NamespaceExistException raced) {
            // another driver created it first
        }
    }

    private static void createLedger(Admin admin, TableName name) throws IOException {
        if (admin.tableExists(name)) {
            return;
        }
        try {
            admin.createTable(TableDescriptorBuilder.newBuilder(name).setColumnFamily(
                    ColumnFamilyDescriptorBuilder.newBuilder(BatchLedger.FAMILY).setMaxVersions(1).build()).build());
        } catch (org.apache.hadoop.hbase.TableExistsException raced) {
            // another driver created it first: the same schema
        }
    }

    private static void create(Admin admin, TableName name, boolean withMarkers) throws IOException {
        if (admin.tableExists(name)) {
            return;
        }
        ColumnFamilyDescriptorBuilder info = ColumnFamilyDescriptorBuilder.newBuilder(INFO).setMaxVersions(1);
        if (!withMarkers) {
            info.setTimeToLive(ALERT_TTL_SECONDS);
        }
        TableDescriptorBuilder table = TableDescriptorBuilder.newBuilder(name).setColumnFamily(info.build());
        if (withMarkers) {
            table.setColumnFamily(ColumnFamilyDescriptorBuilder.newBuilder(MARKERS).setMaxVersions(1).build());
        }
        try {
            admin.createTable(table.build());
        } catch (org.apache.hadoop.hbase.TableExistsException raced) {
            // another driver created it first: the same schema
        }
    }
}
