package io.logpulse.job;

import io.logpulse.counters.DayTotals;
import io.logpulse.sink.BatchLedger;
import io.logpulse.status.BatchStatus;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * What the outputs of one batch did, gathered on the driver (keyed by batch time) until the batch completes and
 * {@link BatchProgressLog} publishes it as a {@link BatchStatus}: the batch's ledger entry, what its lines were,
 * the rows its counters wrote, its alerts and where its time went.
 */
final class BatchReport {

    private static final Map<Long, BatchLedger.Batch> STARTED = new ConcurrentHashMap<>();
    private static final Map<Long, BatchPipeline.Written> WRITTEN = new ConcurrentHashMap<>();
    private static final Map<Long, Integer> ALERTS = new ConcurrentHashMap<>();
    private static final Map<Long, String> TOTALS = new ConcurrentHashMap<>();
    private static final Map<Long, Map<String, Long>> STAGES = new ConcurrentHashMap<>();

    private BatchReport() {
    }

    /** @param batch the ledger entry, or null for a batch without records (nothing is written for it) */
    static void started(long time, BatchLedger.Batch batch) {
        if (batch != null) {
            STARTED.put(time, batch);
        }
    }

    /** The ledger entry of the batch at this time; null when it holds no record. */
    static BatchLedger.Batch batchOf(long time) {
        return STARTED.get(time);
    }

    static void written(long time, BatchPipeline.Written written) {
        WRITTEN.put(time, written);
    }

    static void alerted(long time, int alerts) {
        ALERTS.merge(time, alerts, Integer::sum);
    }

    static void totals(long time, List<Map.Entry<BatchDigest.HostDay, DayTotals>> busiestHosts) {
        TOTALS.put(time, "busiest since start: " + busiestHosts.stream()
                .map(t -> t.getKey() + " req=" + t.getValue().requests() + " 4xx=" + t.getValue().status4xx()
                        + " avg=" + t.getValue().averageRequestTimeMs() + "ms")
                .collect(Collectors.joining(", ")));
    }

    /** Where the batch's time went, per stage, as {@link StageTimes} measured it. */
    static void stages(long time, Map<String, Long> stages) {
        STAGES.put(time, stages);
    }

    /** What Spark, Kafka and the JVM say of a completed batch, beside what its outputs gathered. */
    record Completed(long records, long processingMs, long schedulingDelayMs, long kafkaEnd, long kafkaLag,
                     long heapMb, long peakHeapMb, long gcMs) {
    }

    /** Removes what was gathered for the batch and makes its status. */
    static BatchStatus take(long time, Completed completed) {
        BatchLedger.Batch batch = STARTED.remove(time);
        BatchPipeline.Written written = WRITTEN.remove(time);
        Integer alerts = ALERTS.remove(time);
        Map<String, Long> stages = STAGES.remove(time);
        BatchDigest.Fates fates = written == null ? BatchDigest.Fates.NONE : written.fates();
        return new BatchStatus(time, batch == null ? BatchStatus.UNKNOWN : batch.seq(), completed.records(),
                fates.valid(), fates.rejected(), fates.blacklisted(), fates.duplicate(), fates.late(),
                written == null ? 0 : written.rowsApplied(), written == null ? 0 : written.rowsSkipped(),
                alerts == null ? 0 : alerts, completed.processingMs(), completed.schedulingDelayMs(),
                stages == null ? Map.of() : stages, completed.kafkaEnd(), completed.kafkaLag(), completed.heapMb(),
                completed.peakHeapMb(), completed.gcMs());
    }

    /** Removes and returns the busiest hosts' line gathered for the batch, for the log; empty when none. */
    static String takeTotals(long time) {
        String totals = TOTALS.remove(time);
        return totals == null ? "" : " | " + totals;
    }
}
