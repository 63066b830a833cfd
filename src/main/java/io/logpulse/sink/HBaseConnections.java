package io.logpulse.sink;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.hbase.HBaseConfiguration;
import org.apache.hadoop.hbase.client.Connection;
import org.apache.hadoop.hbase.client.ConnectionFactory;

/**
 * A JVM-wide HBase {@link Connection} for what lives as long as its JVM (the naive baseline's executors):
 * heavyweight and thread-safe, so it is created on first use, shared, and closed when the JVM exits. The streaming
 * job's driver and the report do not use it: they open their own ({@link #open}) and close it when done.
 *
 * <p>Settings come from {@code hbase-site.xml} on the classpath (spark-submit ships it with {@code --files}), or
 * from the file named by the system property {@code hbase.site.file} (outside the {@code logpulse.*} keys,
 * which the job checks as its configuration).
 */
public final class HBaseConnections {

    private static Connection connection;

    private HBaseConnections() {
    }

    public static synchronized Connection shared() {
        if (connection == null || connection.isClosed()) {
            try {
                Connection created = open();
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    try {
                        created.close();
                    } catch (IOException ignored) {
                        // the JVM is going away
                    }
                }, "hbase-connection-close"));
                connection = created;
            } catch (IOException e) {
                throw new UncheckedIOException(e.getMessage(), e);
            }
        }
        return connection;
    }

    /** A new connection, which the caller closes. */
    public static Connection open() throws IOException {
        try {
            return ConnectionFactory.createConnection(configuration());
        } catch (IOException e) {
            throw new IOException("cannot connect to HBase (check hbase-site.xml: hbase.zookeeper.quorum and "
                    + "hbase.zookeeper.property.clientPort)", e);
        }
    }

    /** The client settings every connection starts from; a caller may tighten them (the dashboard's timeouts). */
    public static Configuration configuration() {
        Configuration conf = HBaseConfiguration.create();
        String site = System.getProperty("hbase.site.file");
        if (site != null) {
            conf.addResource(new Path(site));
        }
        return conf;
    }
}
