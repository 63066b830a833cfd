package io.logpulse.job;

import io.logpulse.config.LogPulseConfig;
import io.logpulse.ingest.LineSummary;
import io.logpulse.sink.BatchLedger;
import io.logpulse.sink.HBaseConnections;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The driver's connections and the lease, opened by {@code main} and closed by it: the batch ledger, the lease
 * renewal, the alert publisher. The DStream functions are serialized with the graph into the checkpoint, so they
 * cannot hold connections; they reach these through {@link #current()}, which {@code main} sets.
 */
final class PipelineResources implements AutoCloseable {

    /** Exit status of a job that lost its lease on the tables to another job. */
    static final int EXIT_LEASE_LOST = 4;

    private static final Logger LOG = LogManager.getLogger(PipelineResources.class);
    private static volatile PipelineResources current;

    private final BatchLedger ledger;
    private final AlertPublisher alerts;
    private final ScheduledExecutorService renewal;

    private PipelineResources(LogPulseConfig config) {
        Duration lease = config.leaseTimeout();
        this.ledger = new BatchLedger(HBaseConnections::shared, config.hbaseTablePrefix(), lease,
                config.lineIdsRetention());
        this.alerts = new AlertPublisher(config);
        this.renewal = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "lease-renewal");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Opens the resources and makes them {@link #current()}. */
    static PipelineResources open(LogPulseConfig config) {
        current = new PipelineResources(config);
        return current;
    }

    static PipelineResources current() {
        PipelineResources resources = current;
        if (resources == null) {
            throw new IllegalStateException("the job's resources are not open: only LogPulseJob.main runs the graph");
        }
        return resources;
    }

    BatchLedger ledger() {
        return ledger;
    }

    AlertPublisher alerts() {
        return alerts;
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

    /** Starts the batch in the ledger, with its plan made from its partitions' summaries. */
    BatchLedger.Batch startBatch(long timeMs, List<BatchLedger.Span> spans, List<LineSummary> summaries) {
        try {
            return ledger.start(timeMs, spans, summaries);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start batch " + timeMs + " in the ledger", e);
        }
    }

    void finishBatch(BatchLedger.Batch batch) {
        try {
            ledger.finish(batch);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot finish batch " + batch.seq() + " in the ledger", e);
        }
    }

    @Override
    public void close() {
        renewal.shutdownNow();
        alerts.close();
        current = null;
    }
}
