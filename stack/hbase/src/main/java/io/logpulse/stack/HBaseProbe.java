package io.logpulse.stack;

import java.util.Arrays;
import java.util.stream.Collectors;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hbase.ClusterMetrics;
import org.apache.hadoop.hbase.HBaseConfiguration;
import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.client.Admin;
import org.apache.hadoop.hbase.client.Connection;
import org.apache.hadoop.hbase.client.ConnectionFactory;

/**
 * Health probe of the local HBase: live region servers and the table list (what `list` shows in hbase shell).
 * Reads hbase-site.xml from the classpath, like every client of the stack.
 */
public final class HBaseProbe {
    public static void main(String[] args) {
        Configuration conf = HBaseConfiguration.create();
        conf.setInt("hbase.client.retries.number", 2);
        conf.setInt("hbase.client.operation.timeout", 8000);
        conf.setInt("zookeeper.recovery.retry", 1);
        try (Connection connection = ConnectionFactory.createConnection(conf);
                 Admin admin = connection.getAdmin()) {
            ClusterMetrics metrics = admin.getClusterMetrics();
            int servers = metrics.getLiveServerMetrics().size();
            String tables = Arrays.stream(admin.listTableNames()).map(TableName::getNameAsString)
                    .collect(Collectors.joining(","));
            if (servers == 0) {
                System.err.println("hbase probe: no live region server yet");
                System.exit(1);
            }
            System.out.println("regionservers=" + servers + " tables=[" + tables + "]");
        } catch (Exception e) {
            System.err.println("hbase probe failed: " + e);
            System.exit(1);
        }
    }

    private HBaseProbe() {}
}
