package io.logpulse.job;

import io.logpulse.counters.DayTotals;
import io.logpulse.sink.BatchLedger;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import scala.Tuple2;

/**
 * What the outputs of one batch did, gathered on the driver (keyed by batch time) until the batch completes and
 * {@link BatchProgressLog} prints it as one status line: the batch's ledger entry, whether its archive and counters
 * were written, and what they found.
 */
final class BatchReport {

    private static final Map<Long, BatchLedger.Batch> STARTED = new ConcurrentHashMap<>();
    private static final Map<Long, BatchPipeline.Written> WRITTEN = new ConcurrentHashMap<>();
    private static final Map<Long, Integer> ALERTS = new ConcurrentHashMap<>();
    private static final Map<Long, String> TOTALS = new ConcurrentHashMap<>();
    private static final Map<Long, String> STAGES = new ConcurrentHashMap<>();

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

    static void totals(long time, List<Tuple2<String, DayTotals>> busiestHosts) {
        TOTALS.put(time, "busiest since start: " + busiestHosts.stream()
                .map(t -> t._1().substring(5) + " req=" + t._2().requests() + " 4xx=" + t._2().status4xx()
                        + " avg=" + t._2().averageRequestTimeMs() + "ms")
                .collect(Collectors.joining(", ")));
    }

    /** Where the batch's time went, as {@link StageTimes} formats it. */
    static void stages(long time, String stages) {
        STAGES.put(time, stages);
    }

    /** Removes and formats what was gathered for the batch. */
    static String take(long time) {
        BatchLedger.Batch batch = STARTED.remove(time);
        BatchPipeline.Written written = WRITTEN.remove(time);
        Integer alerts = ALERTS.remove(time);
        String totals = TOTALS.remove(time);
        String stages = STAGES.remove(time);
        String counted = written == null ? "valid=0 rejected=0 blacklisted=0"
                : "valid=" + written.valid() + " rejected=" + written.rejected() + " blacklisted="
                + written.blacklisted() + (written.duplicate() > 0 ? " duplicate=" + written.duplicate() : "")
                + " rows=" + written.rowsApplied() + (written.rowsSkipped() > 0
                ? " replayed-rows-skipped=" + written.rowsSkipped() : "");
        return (batch == null ? "" : "seq=" + batch.seq() + " ") + counted + " alerts="
                + (alerts == null ? 0 : alerts) + (totals == null ? "" : " | " + totals)
                + (stages == null ? "" : " | stages " + stages);
    }
}
