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

    private final long lines;
    private final long consumerRate;
    private final OptionalLong naiveRate;
    private final List<BatchStatus> batches;

    /**
     * @param lines        lines loaded into the topic
     * @param consumerRate records per second of a plain consumer draining the topic
     * @param naiveRate    records per second of the naive job, when it gave a result
     * @param statuses     the job's batch statuses, in any order
     */
    JobBenchTable(long lines, long consumerRate, OptionalLong naiveRate, List<BatchStatus> statuses) {
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
        // The batches that carried the backlog, the one that counted its last line, and the empty ones after it.
        List<BatchStatus> busy = new ArrayList<>();
        List<Long> empties = new ArrayList<>();
        BatchStatus last = null;
        long total = 0;
        for (BatchStatus batch : batches) {
            if (batch.records() > 0 && total < lines) {
                busy.add(batch);
            }
            total += batch.records();
            if (total >= lines && last == null) {
                last = batch;
            }
            if (batch.records() == 0 && last != null) {
                empties.add(batch.processingMs());
            }
        }
        BatchStatus firstBusy = busy.isEmpty() ? null : busy.get(0);
        long busyMs = busy.stream().mapToLong(BatchStatus::processingMs).sum();
        Map<String, Long> stages = new LinkedHashMap<>();
        busy.forEach(batch -> batch.stagesMs().forEach((stage, ms) -> stages.merge(stage, ms, Long::sum)));
        long peakHeap = batches.stream().mapToLong(BatchStatus::peakHeapMb).max().orElse(0);
        double jobRate = 0;
        long gcMs = 0;
        if (firstBusy != null && last != null) {
            long end = last.batchTimeMs() + last.schedulingDelayMs() + last.processingMs();
            jobRate = end > firstBusy.batchTimeMs() ? lines * 1000.0 / (end - firstBusy.batchTimeMs()) : 0;
            gcMs = last.gcMs() - firstBusy.gcMs();
        }
        long median = lowerMedian(empties);

        StringBuilder out = new StringBuilder();
        line(out, "%n| measure | value |%n|---|---|");
        line(out, "| lines | %d |", lines);
        line(out, "| (a) plain Kafka consumer | %d records/s |", consumerRate);
        line(out, "| (b) job end to end (HBase counters + HDFS archive + alerts) | %d records/s |", (long) jobRate);
        line(out, "| b/a | %.2f |", consumerRate > 0 ? jobRate / consumerRate : 0);
        if (naiveRate.isPresent()) {
            long naive = naiveRate.getAsLong();
            line(out, "| (c) naive job: one incrementColumnValue per cell, no exactly-once, no archive"
                    + " | %d records/s |", naive);
            line(out, "| b/c | %.1f |", naive > 0 ? jobRate / naive : 0);
        }
        line(out, "| batches with records | %d (%d ms processing in all) |", busy.size(), busyMs);
        line(out, "| empty batch (median of %d after the backlog) | %d ms |", empties.size(), median);
        line(out, "| driver JVM peak heap (local mode: executors too; pools summed) | %d MB |", peakHeap);
        line(out, "| GC time while the backlog ran | %d ms |", gcMs);

        line(out, "%n| stage (summed over the %d batches with records) | ms | share of processing |%n|---|---|---|",
                busy.size());
        stages.forEach((stage, ms) -> {
            if (!stage.startsWith(TASK)) {
                line(out, "| %s | %d | %.0f %% |", stage, ms, busyMs > 0 ? 100.0 * ms / busyMs : 0);
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
            line(out, "| %d | %d | %d | %.1f |", i + 1, batch.records(), batch.processingMs(),
                    1000.0 * batch.processingMs() / batch.records());
        }

        line(out, "%n| inside the pass (task time, 2 tasks side by side) | ms | per line |%n|---|---|---|");
        stages.forEach((stage, ms) -> {
            if (stage.startsWith(TASK)) {
                line(out, "| %s | %d | %.2f us |", stage.substring(TASK.length()), ms, 1000.0 * ms / lines);
            }
        });
        return out.toString();
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
