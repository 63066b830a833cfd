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
 * How a batch's time grows with one thing its runs differ in: one job run per value, and per value the median of
 * the batches after the first (which pays for the JIT and cold executors), with the least-squares line through
 * them. {@link #bySize()}: the batch's records, each run's rate cap set so that its batches take that many;
 * constant microseconds per record down the table mean a cost linear in the batch's lines. {@link #byClients()}:
 * the distinct clients one window of the client-burst rule holds, at one batch size; the slope is what each client
 * held in the windows' state costs a batch. Pure: the bench gives it each run's statuses.
 */
final class BatchScalingTable {

    /** Batches of a run that are measured, after the first. */
    static final int MEASURED = 3;

    private final String heading;
    private final String unit;
    private final SortedMap<Long, List<BatchStatus>> runs = new TreeMap<>();

    private BatchScalingTable(String heading, String unit) {
        this.heading = heading;
        this.unit = unit;
    }

    /** Runs that differ in their records per batch (the rate cap that makes them). */
    static BatchScalingTable bySize() {
        return new BatchScalingTable("records per batch (cap)", "record");
    }

    /** Runs that differ in how many distinct clients one window of the client-burst rule holds. */
    static BatchScalingTable byClients() {
        return new BatchScalingTable("clients in the busiest window", "client");
    }

    /** Adds the statuses of the run whose batches had {@code value} of what this table varies. */
    BatchScalingTable add(long value, List<BatchStatus> statuses) {
        runs.put(value, List.copyOf(statuses));
        return this;
    }

    /** Whether a run's statuses hold the first batch with records and {@value #MEASURED} more. */
    static boolean done(List<BatchStatus> statuses) {
        return statuses.stream().filter(status -> status.records() > 0).count() > MEASURED;
    }

    /** The markdown table, after an empty line. */
    String render() {
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT, "%n| %s | records per batch | batches | "
                + "processing ms (median) | us per record | pass ms | counters ms | alert-windows ms |%n"
                + "|---|---|---|---|---|---|---|---|%n", heading));
        List<double[]> points = new ArrayList<>();
        runs.forEach((value, statuses) -> {
            List<BatchStatus> measured = measured(statuses);
            if (measured.isEmpty()) {
                out.append(String.format(Locale.ROOT, "| %d | - | 0 | - | - | - | - | - |%n", value));
                return;
            }
            long processing = median(measured, BatchStatus::processingMs);
            long records = median(measured, BatchStatus::records);
            points.add(new double[] {value, processing});
            out.append(String.format(Locale.ROOT, "| %d | %d | %d | %d | %.1f | %d | %d | %d |%n", value, records,
                    measured.size(), processing, records > 0 ? 1000.0 * processing / records : 0,
                    median(measured, status -> stage(status, "pass")),
                    median(measured, status -> stage(status, "counters")),
                    median(measured, status -> stage(status, BatchStatus.STAGE_ALERT_WINDOWS))));
        });
        if (points.size() >= 2) {
            double[] line = leastSquares(points);
            out.append(String.format(Locale.ROOT, "%nfitted: a batch takes %.0f ms + %.2f us per %s%n", line[0],
                    1000 * line[1], unit));
        }
        return out.toString();
    }

    /** Intercept and slope of the line through (value, ms) points closest in squares. */
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
