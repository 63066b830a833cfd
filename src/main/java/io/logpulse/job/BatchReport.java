package io.logpulse.job;

import io.logpulse.counters.DayTotals;
import java.io.Serializable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import scala.Tuple2;

/**
 * What the outputs of one batch found, gathered on the driver until the batch completes and
 * {@link BatchProgressLog} prints it as one status line.
 */
final class BatchReport {

    /** One counter task's share of a batch. */
    record Tally(long valid, long rejected, long blacklisted, long rowsApplied, long rowsSkipped)
            implements Serializable {
        Tally plus(Tally o) {
            return new Tally(valid + o.valid, rejected + o.rejected, blacklisted + o.blacklisted,
                    rowsApplied + o.rowsApplied, rowsSkipped + o.rowsSkipped);
        }
    }

    private static final Map<Long, Long> RECEIVED = new ConcurrentHashMap<>();
    private static final Map<Long, Tally> TALLIES = new ConcurrentHashMap<>();
    private static final Map<Long, Integer> ALERTS = new ConcurrentHashMap<>();
    private static final Map<Long, String> TOTALS = new ConcurrentHashMap<>();

    private BatchReport() {
    }

    static void received(long batch, long records) {
        RECEIVED.put(batch, records);
    }

    /** True only when the batch is known to hold no record. */
    static boolean isEmpty(long batch) {
        return RECEIVED.getOrDefault(batch, -1L) == 0;
    }

    static void counted(long batch, List<Tally> tallies) {
        TALLIES.put(batch, tallies.stream().reduce(new Tally(0, 0, 0, 0, 0), Tally::plus));
    }

    static void alerted(long batch, int alerts) {
        ALERTS.merge(batch, alerts, Integer::sum);
    }

    static void totals(long batch, List<Tuple2<String, DayTotals>> busiestHosts) {
        TOTALS.put(batch, "busiest: " + busiestHosts.stream()
                .map(t -> t._1().substring(5) + " req=" + t._2().requests() + " 4xx=" + t._2().status4xx()
                        + " avg=" + t._2().averageRequestTimeMs() + "ms")
                .collect(Collectors.joining(", ")));
    }

    /** Removes and formats what was gathered for the batch. */
    static String take(long batch) {
        RECEIVED.remove(batch);
        Tally tally = TALLIES.remove(batch);
        Integer alerts = ALERTS.remove(batch);
        String totals = TOTALS.remove(batch);
        String counted = tally == null ? "valid=0 rejected=0 blacklisted=0"
                : "valid=" + tally.valid() + " rejected=" + tally.rejected() + " blacklisted=" + tally.blacklisted()
                + " rows=" + tally.rowsApplied() + (tally.rowsSkipped() > 0
                ? " replayed-rows-skipped=" + tally.rowsSkipped() : "");
        return counted + " alerts=" + (alerts == null ? 0 : alerts) + (totals == null ? "" : " | " + totals);
    }
}
