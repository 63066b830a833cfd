package io.logpulse.dashboard;

import io.logpulse.report.CounterSnapshot;
import io.logpulse.report.CounterSource;
import io.logpulse.report.CounterTableReader;
import io.logpulse.sink.HBaseAlertReader;
import io.logpulse.sink.HBaseConnections;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hbase.client.Connection;
import org.apache.hadoop.hbase.client.ConnectionFactory;

/**
 * The dashboard's own HBase connection, with timeouts of a few seconds: the client's defaults retry for minutes,
 * and a page must say "HBase unreachable" while the person still looks at it. Created on the first read, and again
 * after it failed, so the dashboard starts and keeps polling while HBase is down.
 */
final class DashboardHBase implements AutoCloseable {

    private final Configuration conf;
    private final String tablePrefix;
    private Connection connection;

    DashboardHBase(String tablePrefix) {
        this.tablePrefix = tablePrefix;
        this.conf = HBaseConnections.configuration();
        conf.setInt("hbase.rpc.timeout", 2_000);
        conf.setInt("hbase.client.operation.timeout", 4_000);
        conf.setInt("hbase.client.meta.operation.timeout", 4_000);
        conf.setInt("hbase.client.scanner.timeout.period", 4_000);
        conf.setInt("hbase.client.retries.number", 2);
        conf.setInt("hbase.client.pause", 100);
        conf.setInt("zookeeper.recovery.retry", 1);
        conf.setInt("zookeeper.recovery.retry.intervalmill", 200);
        conf.setInt("zookeeper.session.timeout", 4_000);
    }

    CounterSource counters() {
        return day -> new CounterTableReader(connection(), tablePrefix).read(day);
    }

    AlertHistory alerts(ZoneId dayZone) {
        return day -> {
            List<String> alerts = new ArrayList<>();
            new HBaseAlertReader(connection(), tablePrefix).jsonByRow().forEach((row, json) -> {
                if (CounterSnapshot.alertDay(row, dayZone).map(day::equals).orElse(false)) {
                    alerts.add(json);
                }
            });
            return alerts;
        };
    }

    private synchronized Connection connection() {
        if (connection == null || connection.isClosed()) {
            try {
                connection = ConnectionFactory.createConnection(conf);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot connect to HBase (" + e.getMessage() + "): check that it runs"
                        + " (bin/logpulse stack status) and that hbase-site.xml names its ZooKeeper quorum", e);
            }
        }
        return connection;
    }

    @Override
    public synchronized void close() throws IOException {
        if (connection != null) {
            connection.close();
        }
    }
}
