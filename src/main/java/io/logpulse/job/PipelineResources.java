package io.logpulse.job;

import io.logpulse.config.LogPulseConfig;
import io.logpulse.ingest.LineSummary;
import io.logpulse.rules.Alert;
import io.logpulse.sink.BatchLedger;
import io.logpulse.sink.CounterSink;
import io.logpulse.sink.CounterTableSchema;
import io.logpulse.sink.HBaseAlertSink;
import io.logpulse.sink.HBaseCounterSink;
import io.logpulse.sink.HBaseConnections;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.hbase.client.Connection;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The driver's connections and the lease, opened by {@code main}, handed to the graph, and closed by {@code main}
 * once the stream has stopped: one HBase connection for the batch ledger, the counter tables and the alerts table,
 * the lease renewal, and the alert publisher's producer.
 */
final class PipelineResources implements BatchOutputs, AutoCloseable {

    /** Exit status of a job that lost its lease on the tables to another job. */
    static final int EXIT_LEASE_LOST = 4;

    private static final Logger LOG = LogManager.getLogger(PipelineResources.class);
    private Connection hbase;
    private final BatchLedger ledger;
    private final AlertPublisher alerts;
    private final ScheduledExecutorService renewal;
    private final CounterSink counters;

    private PipelineResources(LogPulseConfig config, Connection hbase) {
        this.hbase = hbase;
        this.ledger = new BatchLedger(this::hbase, config.hbaseTablePrefix(), config.leaseTimeout(),
                config.lineIdsRetention());
        this.alerts = new AlertPublisher(config, new HBaseAlertSink(this::hbase, config.hbaseTablePrefix()));
        this.counters = new HBaseCounterSink(this::hbase, config.hbaseTablePrefix());
        this.renewal = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "lease-renewal");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Connects to HBase and creates the tables that are missing. */
    static PipelineResources open(LogPulseConfig config) throws IOException {
        Connection hbase = HBaseConnections.open();
        try {
            CounterTableSchema.ensureTables(hbase, config.hbaseTablePrefix());
            return new PipelineResources(config, hbase);
        } catch (IOException | RuntimeException e) {
            hbase.close();
            throw e;
        }
    }

    /** The connection, opened again if the client closed it (it aborts on errors it cannot recover from). */
    synchronized Connection hbase() {
        if (hbase.isClosed()) {
            try {
                hbase = HBaseConnections.open();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return hbase;
    }

    BatchLedger ledger() {
        return ledger;
    }

    /** Renews the lease every quarter of its timeout, on its own thread, so a long batch cannot lose it. */
    void keepLease(Duration timeout) {
        long every = Math.max(1_000, timeout.toMillis() / 4);
        renewal.scheduleWithFixedDelay(() -> {
            try {
                if (!ledger.renew()) {
                    LOG.error("lost the lease on the tables to another job; stopping (exit {})", EXIT_LEASE_LOST);
                    System.err.println("logpulse: another job took over the tables; this one stops");
                    System.exit(EXIT_LEASE_LOST);
                }
            } catch (IOException | RuntimeException e) {
                LOG.warn("cannot renew the lease (is HBase reachable?), retrying in {} ms: {}", every, e.toString());
            }
        }, every, every, TimeUnit.MILLISECONDS);
    }

    @Override
    public BatchLedger.Counted counted() throws IOException {
        return ledger.counted();
    }

    @Override
    public BatchLedger.Batch start(long timeMs, List<BatchLedger.Span> spans, List<LineSummary> summaries)
            throws IOException {
        return ledger.start(timeMs, spans, summaries);
    }

    @Override
    public void finish(BatchLedger.Batch batch) throws IOException {
        ledger.finish(batch);
    }

    @Override
    public CounterSink counters() {
        return counters;
    }

    @Override
    public void publish(long batchTimeMs, List<Alert> raised) {
        alerts.publish(batchTimeMs, raised);
    }

    @Override
    public void close() {
        renewal.shutdownNow();
        alerts.close();
        try {
            synchronized (this) {
                hbase.close();
            }
        } catch (IOException e) {
            LOG.warn("closing the HBase connection: {}", e.toString());
        }
    }
}
