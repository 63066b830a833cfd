package io.logpulse.ops;

import io.logpulse.status.BatchStatus;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.ToLongFunction;

/**
 * How a batch's time grows with its size: one job run per batch size, its rate cap set so that each batch takes
 * that many records, and per size the median of the batches after the first (which pays for the JIT and cold
 * executors). Constant microseconds per record down the table mean a cost linear in the batch's lines. Pure: the
 * bench gives it each run's statuses.
 */
final class BatchScalingTable {

    /** Batches of a size that are measured, after the first. */
    static final int MEASURED = 3;

    private final SortedMap<Long, List<BatchStatus>> runs = new TreeMap<>();

    /** Adds the statuses of the run whose batches were capped at {@code recordsPerBatch}. */
    BatchScalingTable add(long recordsPerBatch, List<BatchStatus> statuses) {
        runs.put(recordsPerBatch, List.copyOf(statuses));
        return this;
    }

    /** Whether a run's statuses hold the first batch with records and {@value #MEASURED} more. */
    static boolean done(List<BatchStatus> statuses) {
        return statuses.stream().filter(status -> status.records() > 0).count() > MEASURED;
    }

    /** The markdown table, after an empty line. */
    String render() {
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT, "%n| records per batch | batches | "
                + "processing ms (median) | us per record | pass ms | counters ms | alert-windows ms |%n"
                + "|---|---|---|---|---|---|---|%n"));
        List<double[]> points = new ArrayList<>();
        runs.forEach((size, statuses) -> {
            List<BatchStatus> measured = measured(statuses);
            if (measured.isEmpty()) {
                out.append(String.format(Locale.ROOT, "| %d | 0 | - | - | - | - | - |%n", size));
                return;
            }
            long processing = median(measured, BatchStatus::processingMs);
            long records = median(measured, BatchStatus::records);
            points.add(new double[] {records, processing});
            out.append(String.format(Locale.ROOT, "| %d | %d | %d | %.1f | %d | %d | %d |%n", records,
                    measured.size(), processing, records > 0 ? 1000.0 * processing / records : 0,
                    median(measured, status -> stage(status, "pass")),
                    median(measured, status -> stage(status, "counters")),
                    median(measured, status -> stage(status, BatchStatus.STAGE_ALERT_WINDOWS))));
        });
        if (points.size() >= 2) {
            double[] line = leastSquares(points);
            out.append(String.format(Locale.ROOT, "%nfitted: a batch takes %.0f ms + %.2f us per record"
                    + " (a cost linear in its records, plus a fixed one per batch)%n", line[0], 1000 * line[1]));
        }
        return out.toString();
    }

    /** Intercept and slope of the line through (records, ms) points closest in squares. */
    static double[] leastSquares(List<double[]> points) {
        double n = points.size();
        double sx = 0;
        double sy = 0;
        double sxx = 0;
        double sxy = 0;
        for (double[] p : points) {
            sx += p[0];
            sy += p[1];
            sxx += p[0] * p[0];
            sxy += p[0] * p[1];
        }
        double slope = (n * sxy - sx * sy) / (n * sxx - sx * sx);
        return new double[] {(sy - slope * sx) / n, slope};
    }

    /** The batches with records after the first, in batch order, at most {@value #MEASURED}. */
    private static List<BatchStatus> measured(List<BatchStatus> statuses) {
        List<BatchStatus> busy = new ArrayList<>(statuses.stream().filter(status -> status.records() > 0)
                .sorted(Comparator.comparingLong(BatchStatus::batchTimeMs)).toList());
        return busy.isEmpty() ? busy : busy.subList(1, Math.min(busy.size(), MEASURED + 1));
    }

    private static long stage(BatchStatus status, String stage) {
        return status.stagesMs().getOrDefault(stage, 0L);
    }

    private static long median(List<BatchStatus> statuses, ToLongFunction<BatchStatus> figure) {
        return JobBenchTable.lowerMedian(statuses.stream().map(figure::applyAsLong).toList());
    }
}
