package io.logpulse.job;

import io.logpulse.clean.TriagedLine;
import io.logpulse.counters.CounterCell;
import io.logpulse.counters.CounterTables;
import io.logpulse.counters.PipelineStatsCounter;
import io.logpulse.ingest.BatchPlan;
import io.logpulse.ingest.DuplicateScreen;
import io.logpulse.sink.BatchLedger;
import io.logpulse.sink.HBaseConnections;
import java.time.Instant;
import java.util.Iterator;
import org.apache.spark.api.java.function.Function2;

/**
 * Turns the lines of one partition of a batch that were counted before into duplicates, and marks counted lines
 * that came later than the watermark as late, by the plan the ledger recorded for the batch: what every output
 * then sees. Read from the ledger, on the executor, once per partition
 * that has lines.
 */
final class ScreenLines implements Function2<Integer, Iterator<TriagedLine>, Iterator<TriagedLine>> {

    private static final long serialVersionUID = 1L;

    private final String tablePrefix;
    private final long batchTimeMs;
    private final PipelineStatsCounter stats;
    private final long latenessMs;

    ScreenLines(String tablePrefix, long batchTimeMs, PipelineStatsCounter stats, long latenessMs) {
        this.tablePrefix = tablePrefix;
        this.batchTimeMs = batchTimeMs;
        this.stats = stats;
        this.latenessMs = latenessMs;
    }

    @Override
    public Iterator<TriagedLine> call(Integer partition, Iterator<TriagedLine> lines) throws Exception {
        if (!lines.hasNext()) {
            return lines;
        }
        BatchPlan plan = BatchLedger.startedPlan(HBaseConnections.shared(), tablePrefix, batchTimeMs);
        DuplicateScreen screen = plan.screen(partition);
        CounterCell duplicate = stats.cellFor(Instant.ofEpochMilli(batchTimeMs), CounterTables.DUPLICATE);
        CounterCell late = stats.cellFor(Instant.ofEpochMilli(batchTimeMs), CounterTables.LATE);
        long watermark = plan.maxEventMsBefore() == Long.MIN_VALUE ? Long.MIN_VALUE
                : plan.maxEventMsBefore() - latenessMs;
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return lines.hasNext();
            }

            @Override
            public TriagedLine next() {
                TriagedLine line = lines.next();
                if (screen.isDuplicate(line.id())) {
                    return line.duplicate(duplicate);
                }
                boolean isLate = line.counted() && line.event().event().time().toEpochMilli() < watermark;
                return isLate ? line.plus(late) : line;
            }
        };
    }
}
