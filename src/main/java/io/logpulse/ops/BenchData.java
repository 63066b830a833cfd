package io.logpulse.ops;

import io.logpulse.sink.HBaseConnections;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.client.Admin;
import org.apache.hadoop.hbase.client.Connection;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * What a run of {@code bench job} leaves in the stack, named by the run: HBase tables, Kafka topics and HDFS
 * directories, dropped once the run has its figures. Each job run of a bench writes tables of its own, and the
 * stack's 1 GiB HBase gives every table written to a few MB of memstore: the tables of a few benches ran it out of
 * heap.
 */
final class BenchData {

    private static final long WAIT_SECONDS = 120;

    private BenchData() {
    }

    /** Disables and deletes the tables whose names start with {@code prefix}; returns how many. */
    static int dropTables(String prefix) throws IOException {
        try (Connection hbase = HBaseConnections.open(); Admin admin = hbase.getAdmin()) {
            TableName[] tables = admin.listTableNames(Pattern.compile(Pattern.quote(prefix) + ".*"));
            List<Future<Void>> disabled = new ArrayList<>();
            for (TableName table : tables) {
                disabled.add(admin.disableTableAsync(table));
            }
            awaitAll(disabled, "disabling the tables " + prefix + "*");
            List<Future<Void>> deleted = new ArrayList<>();
            for (TableName table : tables) {
                deleted.add(admin.deleteTableAsync(table));
            }
            awaitAll(deleted, "deleting the tables " + prefix + "*");
            return tables.length;
        }
    }

    /** Deletes the topics whose names contain {@code run}; returns how many. */
    static int dropTopics(String bootstrap, String run) throws IOException {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (AdminClient kafka = AdminClient.create(props)) {
            List<String> topics = kafka.listTopics().names().get(WAIT_SECONDS, TimeUnit.SECONDS).stream()
                    .filter(topic -> topic.contains(run)).sorted().toList();
            kafka.deleteTopics(topics).all().get(WAIT_SECONDS, TimeUnit.SECONDS);
            return topics.size();
        } catch (ExecutionException | TimeoutException e) {
            throw new IOException("cannot delete the topics of " + run + " from Kafka at " + bootstrap, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while deleting the topics of " + run, e);
        }
    }

    /** Deletes the top-level HDFS directories whose names start with {@code run}; returns how many. */
    static int dropDirectories(String hdfs, String run) throws IOException {
        FileSystem fs = FileSystem.get(URI.create(hdfs), new Configuration());
        FileStatus[] dirs = fs.globStatus(new Path("/" + run + "*"));
        int dropped = 0;
        for (FileStatus dir : dirs == null ? new FileStatus[0] : dirs) {
            dropped += fs.delete(dir.getPath(), true) ? 1 : 0;
        }
        return dropped;
    }

    private static void awaitAll(List<Future<Void>> operations, String what) throws IOException {
        try {
            for (Future<Void> operation : operations) {
                operation.get(WAIT_SECONDS, TimeUnit.SECONDS);
            }
        } catch (ExecutionException | TimeoutException e) {
            throw new IOException(what + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while " + what, e);
        }
    }
}
