package io.logpulse.job;

import io.logpulse.config.LogPulseConfig;
import io.logpulse.ingest.LineSummary;
import io.logpulse.rules.Alert;
import io.logpulse.sink.BatchLedger;
import io.logpulse.sink.CounterSink;
import io.logpulse.sink.HBaseCounterSink;
import io.logpulse.sink.HBaseConnections;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The driver's connections and the lease, opened by {@code main}, handed to the graph, and closed by {@code main}
 * once the stream has stopped: the batch ledger, the lease renewal, the alert publisher, and the counter tables
 * the executors write.
 */
final class PipelineResources implements BatchOutputs, AutoCloseable {

    /** Exit status of a job that lost its lease on the tables to another job. */
    static final int EXIT_LEASE_LOST = 4;

    private static final Logger LOG = LogManager.getLogger(PipelineResources.class);
    private final BatchLedger ledger;
    private final AlertPublisher alerts;
    private final ScheduledExecutorService renewal;
    private final CounterSink counters;

    private PipelineResources(LogPulseConfig config) {
        Duration lease = config.leaseTimeout();
        this.ledger = new BatchLedger(HBaseConnections::shared, config.hbaseTablePrefix(), lease,
                config.lineIdsRetention());
        this.alerts = new AlertPublisher(config);
        this.counters = HBaseCounterSink.forPrefix(config.hbaseTablePrefix());
        this.renewal = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "lease-renewal");
            thread.setDaemon(true);
            return thread;
        });
    }

    static PipelineResources open(LogPulseConfig config) {
        return new PipelineResources(config);
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
    }
}
