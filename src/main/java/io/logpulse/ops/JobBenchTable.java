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
    static final int EMPTY_BATCHES_TO_END = 5;

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
        long first = 0;
        long gcFirst = 0;
        long end = 0;
        long gcEnd = 0;
        long total = 0;
        long peakHeap = 0;
        long busyMs = 0;
        List<BatchStatus> busy = new ArrayList<>();
        List<Long> empties = new ArrayList<>();
        Map<String, Long> stages = new LinkedHashMap<>();
        for (BatchStatus batch : batches) {
            peakHeap = Math.max(peakHeap, batch.peakHeapMb());
            if (batch.records() > 0 && first == 0) {
                first = batch.batchTimeMs();
                gcFirst = batch.gcMs();
            }
            if (batch.records() > 0 && total < lines) {
                busy.add(batch);
                busyMs += batch.processingMs();
                batch.stagesMs().forEach((stage, ms) -> stages.merge(stage, ms, Long::sum));
            }
            total += batch.records();
            if (total >= lines && end == 0) {
                end = batch.batchTimeMs() + batch.schedulingDelayMs() + batch.processingMs();
                gcEnd = batch.gcMs();
            }
            if (batch.records() == 0 && end > 0) {
                empties.add(batch.processingMs());
            }
        }
        double jobRate = end > first ? lines * 1000.0 / (end - first) : 0;
        List<Long> sorted = empties.stream().sorted().toList();
        long median = sorted.isEmpty() ? 0 : sorted.get((sorted.size() + 1) / 2 - 1);

        StringBuilder out = new StringBuilder();
        out.append("\n| measure | value |\n|---|---|\n");
        out.append(String.format(Locale.ROOT, "| lines | %d |%n", lines));
        out.append(String.format(Locale.ROOT, "| (a) plain Kafka consumer | %d records/s |%n", consumerRate));
        out.append(String.format(Locale.ROOT, "| (b) job end to end (HBase counters + HDFS archive + alerts) | %d records/s |%n",
                (long) jobRate));
        out.append(String.format(Locale.ROOT, "| b/a | %.2f |%n", consumerRate > 0 ? jobRate / consumerRate : 0));
        naiveRate.ifPresent(naive -> {
            out.append(String.format(Locale.ROOT, "| (c) naive job: one incrementColumnValue per cell, no exactly-once, no archive"
                    + " | %d records/s |%n", naive));
            out.append(String.format(Locale.ROOT, "| b/c | %.1f |%n", naive > 0 ? jobRate / naive : 0));
        });
        out.append(String.format(Locale.ROOT, "| batches with records | %d (%d ms processing in all) |%n", busy.size(), busyMs));
        out.append(String.format(Locale.ROOT, "| empty batch (median of %d after the backlog) | %d ms |%n", empties.size(), median));
        out.append(String.format(Locale.ROOT, "| driver JVM peak heap (local mode: executors too; pools summed) | %d MB |%n",
                peakHeap));
        out.append(String.format(Locale.ROOT, "| GC time while the backlog ran | %d ms |%n", gcEnd - gcFirst));

        out.append(String.format(Locale.ROOT, "%n| stage (summed over the %d batches with records) | ms | share of processing |%n"
                + "|---|---|---|%n", busy.size()));
        long allBusyMs = busyMs;
        stages.forEach((stage, ms) -> {
            if (!stage.startsWith(TASK)) {
                out.append(String.format(Locale.ROOT, "| %s | %d | %.0f %% |%n", stage, ms,
                        allBusyMs > 0 ? 100.0 * ms / allBusyMs : 0));
            }
        });

        out.append("\n| batch | records | processing ms | us per record |\n|---|---|---|---|\n");
        for (int i = 0; i < busy.size(); i++) {
            BatchStatus batch = busy.get(i);
            out.append(String.format(Locale.ROOT, "| %d | %d | %d | %.1f |%n", i + 1, batch.records(), batch.processingMs(),
                    1000.0 * batch.processingMs() / batch.records()));
        }

        out.append("\n| inside the pass (task time, 2 tasks side by side) | ms | per line |\n|---|---|---|\n");
        stages.forEach((stage, ms) -> {
            if (stage.startsWith(TASK)) {
                out.append(String.format(Locale.ROOT, "| %s | %d | %.2f us |%n", stage.substring(TASK.length()), ms,
                        1000.0 * ms / lines));
            }
        });
        return out.toString();
    }
}
