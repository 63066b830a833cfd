package io.logpulse.job;

import io.logpulse.archive.RawArchive;
import io.logpulse.clean.LineTriage;
import io.logpulse.config.LogPulseConfig;
import io.logpulse.counters.CounterCell;
import io.logpulse.counters.DayTotals;
import io.logpulse.counters.PipelineStatsCounter;
import io.logpulse.ingest.AppliedLines;
import io.logpulse.ingest.LineSummary;
import io.logpulse.ingest.SourcedLine;
import io.logpulse.rules.Alert;
import io.logpulse.sink.BatchLedger;
import io.logpulse.sink.CounterSink;
import io.logpulse.status.BatchStatus;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.storage.StorageLevel;

/**
 * What the job does with one batch, on the driver, in order:
 *
 * <pre>
 * nothing at all for a batch without records (no Spark job)
 * one pass per partition (PartitionPass): triage, screen, stage the archive, fold into a BatchDigest
 * start the batch in the ledger with the partitions' summaries; its plan is how its lines are screened
 *   (screened again by the plan, in the rare batch whose partitions share lines)
 * publish the archive files; the digests' cells, summed per cell on the driver -> HBase, each row once per
 *   sequence number;
 *   beside them, the digests' window buckets -> event-time alerts (EventTimeAlerting) -> Kafka and HBase
 * the digests' day totals -> the status line
 * finish the batch in the ledger
 * </pre>
 *
 * A batch the ledger recorded and a dead driver did not finish is completed through the same pass and writes,
 * by its recorded plan, so it writes what it would have written the first time.
 */
final class BatchPipeline {

    private static final Logger LOG = LogManager.getLogger(BatchPipeline.class);
    /** As objects: a digest is read by three outputs, and serializing it cost more than making it. */
    private static final StorageLevel DIGESTS = StorageLevel.MEMORY_AND_DISK();
    private static final int BUSIEST_HOSTS = 3;

    private final LineTriage triage;
    private final RawArchive archive;
    private final long latenessMs;
    private final PipelineStatsCounter stats;
    private final EventTimeAlerting alerting;
    private final ZoneId dayZone;
    private final int retentionDays;
    /** Per host and day, since this driver started. */
    private final Map<BatchDigest.HostDay, DayTotals> totals = new HashMap<>();

    private BatchPipeline(LogPulseConfig config) {
        this.triage = PipelineGraph.lineTriage(config);
        this.archive = new RawArchive(config.archiveDir(), config.dayZone());
        this.latenessMs = config.alertsAllowedLateness().toMillis();
        this.stats = new PipelineStatsCounter(config.dayZone());
        this.alerting = new EventTimeAlerting(List.of(config.clientBurstRule(), config.hostErrorStormRule()));
        this.dayZone = config.dayZone();
        this.retentionDays = config.stateRetentionDays();
    }

    static BatchPipeline of(LogPulseConfig config) {
        return new BatchPipeline(config);
    }

    /** What a batch's writes found. */
    record Written(BatchDigest.Fates fates, long rowsApplied, long rowsSkipped) implements Serializable {
    }

    /**
     * Runs a batch of the stream.
     *
     * @param lines the batch's lines, partition i holding those of {@code spans.get(i)}; a batch without records
     *              runs no step and leaves the ledger as it is
     */
    void run(BatchOutputs outputs, long timeMs, List<BatchLedger.Span> spans, JavaRDD<SourcedLine> lines)
            throws IOException {
        if (spans.stream().mapToLong(BatchLedger.Span::count).sum() == 0) {
            return;
        }
        StageTimes stages = new StageTimes();
        Future<AlertTimes> alerts = null;
        BatchLedger.Counted counted = outputs.counted();
        JavaRDD<BatchDigest> digests = pass(lines, timeMs, spans,
                Collections.nCopies(spans.size(), counted.lines()), counted.maxEventMs());
        try {
            List<BatchDigest> heads = digests.map(BatchDigest::head).collect();
            stages.mark("pass");
            List<LineSummary> summaries = heads.stream().map(BatchDigest::summary).toList();
            BatchLedger.Batch batch = outputs.start(timeMs, spans, summaries);
            BatchReport.started(timeMs, batch);
            stages.mark("start");
            Optional<String> difference = batch.plan().differenceFrom(counted.lines(), counted.maxEventMs(),
                    summaries);
            if (difference.isPresent()) {
                LOG.info("batch {}: screening its lines again by its plan ({})", batch.seq(), difference.get());
                discard(heads);
                digests.unpersist(false);
                digests = pass(lines, timeMs, spans, batch.plan().coveredBefore(), batch.plan().maxEventMsBefore());
                heads = digests.map(BatchDigest::head).collect();
                stages.mark("rescreen");
            }
            // The alerts read the same digests and write elsewhere: they run beside the archive and counter writes,
            // which the driver does with no Spark job (HDFS renames, HBase writes of the collected cells), so the
            // alerts' tasks have the executors' slots meanwhile. A thread of its own per batch, started from the
            // batch's job thread, so that it inherits this batch's Spark local properties (batch time, output
            // operation, scope), which a pooled thread would keep from the batch that created it.
            long newest = batch.plan().maxEventMsAfter();
            JavaRDD<BatchDigest> read = digests;
            FutureTask<AlertTimes> alertTask = new FutureTask<>(() -> {
                long began = System.nanoTime();
                List<Alert> raised = alerting.onBatch(read.flatMapToPair(digest -> Pairs.of(digest.buckets())),
                        newest == Long.MIN_VALUE ? Long.MIN_VALUE : newest - latenessMs);
                long windowed = System.nanoTime();
                outputs.publish(timeMs, raised);
                return new AlertTimes((windowed - began) / 1_000_000, (System.nanoTime() - windowed) / 1_000_000);
            });
            Thread thread = new Thread(alertTask, "batch-alerts-" + batch.seq());
            thread.setDaemon(true);
            thread.start();
            alerts = alertTask;
            BatchReport.written(timeMs, write(outputs.counters(), batch, heads, stages));
            AlertTimes alertTimes = awaitAlerts(alerts);
            alerts = null;
            stages.mark(BatchStatus.STAGE_WAIT_ALERTS);
            stages.beside(BatchStatus.STAGE_ALERT_WINDOWS, alertTimes.windowsMs());
            stages.beside(BatchStatus.STAGE_ALERT_WRITES, alertTimes.writesMs());
            BatchReport.totals(timeMs, busiestHosts(heads));
            outputs.finish(batch);
            stages.mark("finish");
            BatchReport.stages(timeMs, stages.withTasks(heads.stream().map(BatchDigest::times)
                    .reduce(BatchDigest.TaskTimes.NONE, BatchDigest.TaskTimes::plus)));
        } finally {
            if (alerts != null) {
                // The writes failed, so the batch fails, once the alerts no longer read its digests: an unpersisted
                // digest would be made again, staging archive files that nothing publishes.
                waitOut(alerts);
            }
            digests.unpersist(false);
        }
    }

    /** Waits until the task has ended, whatever its outcome, keeping an interrupt for the caller. */
    private static void waitOut(Future<?> task) {
        boolean interrupted = false;
        while (!task.isDone()) {
            try {
                task.get();
            } catch (InterruptedException e) {
                interrupted = true;
            } catch (ExecutionException | CancellationException e) {
                break;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * The alerts' own time: the windows' Spark job that raises them, then their writes to HBase and Kafka, which
     * grow with the alerts, so that a flood of alerts shows as such.
     */
    private record AlertTimes(long windowsMs, long writesMs) { }

    /** The alerts' own times; their failure is the batch's. */
    private static AlertTimes awaitAlerts(Future<AlertTimes> alerts) throws IOException {
        try {
            return alerts.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while the batch's alerts ran", e);
        }
    }

    /** Completes a recorded batch by its plan: archive and counters, as the first run would have written them. */
    Written complete(BatchOutputs outputs, BatchLedger.Batch batch, JavaRDD<SourcedLine> lines) throws IOException {
        JavaRDD<BatchDigest> digests = pass(lines, batch.timeMs(), batch.spans(), batch.plan().coveredBefore(),
                batch.plan().maxEventMsBefore());
        try {
            return write(outputs.counters(), batch, digests.map(BatchDigest::head).collect(), new StageTimes());
        } finally {
            digests.unpersist(false);
        }
    }

    private JavaRDD<BatchDigest> pass(JavaRDD<SourcedLine> lines, long timeMs, List<BatchLedger.Span> spans,
                                      List<AppliedLines> countedBefore, long maxEventMsBefore) {
        if (lines.getNumPartitions() != spans.size()) {
            throw new IllegalStateException("a batch of " + spans.size() + " offset ranges in "
                    + lines.getNumPartitions() + " partitions");
        }
        List<String> files = spans.stream()
                .map(s -> "part-" + s.topic() + "-" + s.partition() + "-" + s.from()).toList();
        long lateBefore = maxEventMsBefore == Long.MIN_VALUE ? Long.MIN_VALUE : maxEventMsBefore - latenessMs;
        return lines.mapPartitionsWithIndex(new PartitionPass(triage, timeMs, countedBefore, lateBefore,
                alerting.rules(), archive, files, stats), true).persist(DIGESTS);
    }

    private Written write(CounterSink counters, BatchLedger.Batch batch, List<BatchDigest> heads,
                          StageTimes stages) throws IOException {
        for (BatchDigest head : heads) {
            archive.publish(head.archive());
        }
        stages.mark("archive");
        long seq = batch.seq();
        // Summed and written by the driver: the cells are a few thousand rows whatever the batch's size.
        Map<CellKey, Long> summed = new HashMap<>();
        for (BatchDigest head : heads) {
            head.cells().forEach((cell, delta) -> summed.merge(cell, delta, Long::sum));
        }
        CounterSink.Applied rows = counters.apply(seq, new CellsOf(summed.entrySet().iterator()));
        stages.mark("counters");
        BatchDigest.Fates fates = heads.stream().map(BatchDigest::fates)
                .reduce(BatchDigest.Fates.NONE, BatchDigest.Fates::plus);
        return new Written(fates, rows.rowsApplied(), rows.rowsSkipped());
    }

    private void discard(List<BatchDigest> heads) {
        for (BatchDigest head : heads) {
            try {
                archive.discard(head.archive());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot delete the staged archive files " + head.archive(), e);
            }
        }
    }

    /** Adds the batch's day totals to the driver's, drops days past the retention, returns the busiest hosts. */
    private List<Map.Entry<BatchDigest.HostDay, DayTotals>> busiestHosts(List<BatchDigest> heads) {
        for (BatchDigest head : heads) {
            head.totals().forEach((key, total) -> totals.merge(key, total, DayTotals::plus));
        }
        LocalDate today = LocalDate.now(dayZone);
        totals.values().removeIf(total -> total.expired(today, retentionDays));
        List<Map.Entry<BatchDigest.HostDay, DayTotals>> hosts = new ArrayList<>(totals.entrySet());
        hosts.sort(Comparator.comparingLong((Map.Entry<BatchDigest.HostDay, DayTotals> host) -> host.getValue()
                .requests()).reversed());
        return List.copyOf(hosts.subList(0, Math.min(BUSIEST_HOSTS, hosts.size())));
    }

    /** The batch's cells, summed per cell, as the counter sink takes them. */
    private record CellsOf(Iterator<Map.Entry<CellKey, Long>> summed) implements Iterator<CounterCell> {
        @Override
        public boolean hasNext() {
            return summed.hasNext();
        }

        @Override
        public CounterCell next() {
            Map.Entry<CellKey, Long> cell = summed.next();
            return cell.getKey().withDelta(cell.getValue());
        }
    }
}
