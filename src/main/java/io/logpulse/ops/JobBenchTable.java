package io.logpulse.ops;

import io.logpulse.status.BatchStatus;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;

/**
 * The tables of {@code bin/logpulse bench job}, computed from the job's batch statuses: its rate against a plain
 * consumer's (and a naive job's), the batches that carried the backlog, where their time went, and the fixed cost
 * of an empty batch. Pure: the bench reads the statuses from the status topic and the other rates from its tools.
 */
final class JobBenchTable {

    /** Empty batches after the backlog that end the run: their times are the fixed cost per batch. */
    static final int EMPTY_BATCHES_TO_END = 10;

    private static final String TASK = "task-";

    private final long warmup;
    private final long lines;
    private final long consumerRate;
    private final OptionalLong naiveRate;
    private final List<BatchStatus> batches;

    /**
     * @param warmup       lines loaded before the measured ones, as many as the job's first batch takes: the
     *                     batches that hold them are the warm-up, which pays for the JVM's JIT
     * @param lines        lines loaded after them, which the job's rate is measured over
     * @param consumerRate records per second of a plain consumer draining the topic
     * @param naiveRate    records per second of the naive job, when it gave a result
     * @param statuses     the job's batch statuses, in any order
     */
    JobBenchTable(long warmup, long lines, long consumerRate, OptionalLong naiveRate, List<BatchStatus> statuses) {
        this.warmup = warmup;
        this.lines = lines;
        this.consumerRate = consumerRate;
        this.naiveRate = naiveRate;
        this.batches = statuses.stream().sorted(Comparator.comparingLong(BatchStatus::batchTimeMs)).toList();
    }

    /** Whether every line is counted and {@link #EMPTY_BATCHES_TO_END} empty batches followed. */
    static boolean done(long lines, List<BatchStatus> statuses) {
        long total = 0;
        int empty = 0;
        for (BatchStatus status : statuses.stream().sorted(Comparator.comparingLong(BatchStatus::batchTimeMs))
                .toList()) {
            total += status.records();
            if (total >= lines && status.records() == 0) {
                empty++;
            }
        }
        return empty >= EMPTY_BATCHES_TO_END;
    }

    /** The markdown tables, each after an empty line. */
    String render() {
        // The batches that carried the backlog (the warm-up's first, then the measured ones), the one that counted
        // its last line, and the empty ones after it.
        List<BatchStatus> warming = new ArrayList<>();
        List<BatchStatus> measured = new ArrayList<>();
        List<Long> empties = new ArrayList<>();
        BatchStatus last = null;
        long total = 0;
        for (BatchStatus batch : batches) {
            if (batch.records() > 0 && total < warmup) {
                warming.add(batch);
            } else if (batch.records() > 0 && total < warmup + lines) {
                measured.add(batch);
            }
            total += batch.records();
            if (total >= warmup + lines && last == null) {
                last = batch;
            }
            if (batch.records() == 0 && last != null) {
                empties.add(batch.processingMs());
            }
        }
        List<BatchStatus> busy = new ArrayList<>(warming);
        busy.addAll(measured);
        // With no warm-up the measured batches run from a cold start; the rate is then the same from either.
        BatchStatus endOfWarmup = warming.isEmpty() ? null : warming.get(warming.size() - 1);
        long measuredRecords = measured.stream().mapToLong(BatchStatus::records).sum();
        long measuredMs = measured.stream().mapToLong(BatchStatus::processingMs).sum();
        Map<String, Long> stages = new LinkedHashMap<>();
        measured.forEach(batch -> batch.stagesMs().forEach((stage, ms) -> stages.merge(stage, ms, Long::sum)));
        long peakHeap = batches.stream().mapToLong(BatchStatus::peakHeapMb).max().orElse(0);
        double warmRate = 0;
        double coldRate = 0;
        long gcMs = 0;
        if (!busy.isEmpty() && last != null) {
            long end = endOf(last);
            long coldStart = busy.get(0).batchTimeMs();
            coldRate = end > coldStart ? (warmup + lines) * 1000.0 / (end - coldStart) : 0;
            long warmStart = endOfWarmup == null ? coldStart : Math.max(endOf(endOfWarmup),
                    measured.isEmpty() ? end : measured.get(0).batchTimeMs());
            warmRate = end > warmStart ? measuredRecords * 1000.0 / (end - warmStart) : 0;
            gcMs = last.gcMs() - (endOfWarmup == null ? busy.get(0).gcMs() : endOfWarmup.gcMs());
        }
        long median = lowerMedian(empties);

        StringBuilder out = new StringBuilder();
        line(out, "%n| measure | value |%n|---|---|");
        line(out, "| lines | %d after %d of warm-up |", lines, warmup);
        line(out, "| (a) plain Kafka consumer | %d records/s |", consumerRate);
        line(out, "| (b) job end to end (HBase counters + HDFS archive + alerts), warm: the %d records after"
                + " the warm-up | %d records/s |", measuredRecords, (long) warmRate);
        line(out, "| b/a | %.2f |", consumerRate > 0 ? warmRate / consumerRate : 0);
        line(out, "| (b) from a cold start: all %d records from the job's first batch | %d records/s |",
                warmup + lines, (long) coldRate);
        line(out, "| b/a from a cold start | %.2f |", consumerRate > 0 ? coldRate / consumerRate : 0);
        if (naiveRate.isPresent()) {
            long naive = naiveRate.getAsLong();
            line(out, "| (c) naive job: one incrementColumnValue per cell, no exactly-once, no archive"
                    + " | %d records/s |", naive);
            line(out, "| b/c (warm) | %.1f |", naive > 0 ? warmRate / naive : 0);
        }
        line(out, "| batches with records | %d of warm-up, %d measured (%d ms processing) |", warming.size(),
                measured.size(), measuredMs);
        // A backlog loaded behind request times newer than its own is all late, which no real backlog is.
        line(out, "| lines taken as late (request time behind the watermark) | %d |",
                busy.stream().mapToLong(BatchStatus::late).sum());
        line(out, "| empty batch (median of %d after the backlog) | %d ms |", empties.size(), median);
        line(out, "| driver JVM peak heap (local mode: executors too; pools summed) | %d MB |", peakHeap);
        line(out, "| GC time while the measured batches ran | %d ms |", gcMs);

        line(out, "%n| stage (summed over the %d measured batches) | ms | share of processing |%n|---|---|---|",
                measured.size());
        stages.forEach((stage, ms) -> {
            if (!stage.startsWith(TASK)) {
                line(out, "| %s | %d | %.0f %% |", stage, ms, measuredMs > 0 ? 100.0 * ms / measuredMs : 0);
            }
        });
        if (stages.containsKey(BatchStatus.STAGE_ALERT_WINDOWS) && stages.containsKey(BatchStatus.STAGE_WAIT_ALERTS)) {
            line(out, "%nalert-windows (the Spark job raising the alerts) and alert-writes (to HBase and Kafka) ran "
                    + "beside archive and counters (their share overlaps those); wait-alerts is the time batches "
                    + "waited for them after the counters.");
        }

        line(out, "%n| batch | records | processing ms | us per record |%n|---|---|---|---|");
        for (int i = 0; i < busy.size(); i++) {
            BatchStatus batch = busy.get(i);
            line(out, "| %d%s | %d | %d | %.1f |", i + 1, i < warming.size() ? " (warm-up)" : "", batch.records(),
                    batch.processingMs(), 1000.0 * batch.processingMs() / batch.records());
        }

        line(out, "%n| inside the pass of the measured batches (task time, 2 tasks side by side) | ms | per line |"
                + "%n|---|---|---|");
        stages.forEach((stage, ms) -> {
            if (stage.startsWith(TASK)) {
                line(out, "| %s | %d | %.2f us |", stage.substring(TASK.length()), ms,
                        measuredRecords > 0 ? 1000.0 * ms / measuredRecords : 0);
            }
        });
        return out.toString();
    }

    /** When a batch finished: its time, plus the delay before it ran, plus its processing. */
    private static long endOf(BatchStatus batch) {
        return batch.batchTimeMs() + batch.schedulingDelayMs() + batch.processingMs();
    }

    /** The lower median, so that it is one batch's figure; 0 for none. */
    static long lowerMedian(List<Long> values) {
        List<Long> sorted = values.stream().sorted().toList();
        return sorted.isEmpty() ? 0 : sorted.get((sorted.size() + 1) / 2 - 1);
    }

    private static void line(StringBuilder out, String format, Object... args) {
        out.append(String.format(Locale.ROOT, format, args)).append('\n');
    }
}
