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
 * Turns the lines of one partition of a batch that were counted before into duplicates, by the plan the ledger
 * recorded for the batch: what every output then sees. Read from the ledger, on the executor, once per partition
 * that has lines.
 */
final class ScreenLines implements Function2<Integer, Iterator<TriagedLine>, Iterator<TriagedLine>> {

    private static final long serialVersionUID = 1L;

    private final String tablePrefix;
    private final long batchTimeMs;
    private final PipelineStatsCounter stats;

    ScreenLines(String tablePrefix, long batchTimeMs, PipelineStatsCounter stats) {
        this.tablePrefix = tablePrefix;
        this.batchTimeMs = batchTimeMs;
        this.stats = stats;
    }

    @Override
    public Iterator<TriagedLine> call(Integer partition, Iterator<TriagedLine> lines) throws Exception {
        if (!lines.hasNext()) {
            return lines;
        }
        BatchPlan plan = BatchLedger.startedPlan(HBaseConnections.shared(), tablePrefix, batchTimeMs);
        DuplicateScreen screen = plan.screen(partition);
        CounterCell duplicate = stats.cellFor(Instant.ofEpochMilli(batchTimeMs), CounterTables.DUPLICATE);
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return lines.hasNext();
            }

            @Override
            public TriagedLine next() {
                TriagedLine line = lines.next();
                return screen.isDuplicate(line.id()) ? line.duplicate(duplicate) : line;
            }
        };
    }
}
