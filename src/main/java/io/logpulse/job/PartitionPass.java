package io.logpulse.job;

import io.logpulse.archive.RawArchive;
import io.logpulse.clean.CleanEvent;
import io.logpulse.clean.LineTriage;
import io.logpulse.clean.TriagedLine;
import io.logpulse.counters.CounterCell;
import io.logpulse.counters.CounterTables;
import io.logpulse.counters.DayTotals;
import io.logpulse.counters.PipelineStatsCounter;
import io.logpulse.ingest.AppliedLines;
import io.logpulse.ingest.ByteRanges;
import io.logpulse.ingest.DuplicateScreen;
import io.logpulse.ingest.LineId;
import io.logpulse.ingest.LineSummary;
import io.logpulse.ingest.SourcedLine;
import io.logpulse.rules.AlertRule;
import java.io.IOException;
import java.time.Instant;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.api.java.function.Function2;

/**
 * The one pass over a partition of a batch: each line is triaged once, screened (a copy of a line counted before
 * becomes a duplicate, a line older than the watermark is marked late), written to the partition's staged archive
 * files, and folded into the partition's {@link BatchDigest}. Nothing per line outlives the task: what the outputs
 * read is the digest, a few thousand cells and buckets instead of every line.
 *
 * <p>The screen is given, not read: live, it is what the ledger holds as counted when the batch runs; when a
 * recorded batch is completed, or the batch's own partitions overlap, it is the recorded plan's.
 */
final class PartitionPass implements Function2<Integer, Iterator<SourcedLine>, Iterator<BatchDigest>> {

    private static final long serialVersionUID = 1L;

    private final LineTriage triage;
    private final long batchTimeMs;
    private final List<AppliedLines> countedBefore;
    private final long lateBeforeMs;
    private final Map<String, AlertRule> rules;
    private final RawArchive archive;
    private final List<String> fileNames;
    private final PipelineStatsCounter stats;

    /**
     * @param countedBefore per partition, the lines counted before it
     * @param lateBeforeMs  a counted line with an older request time is late; {@link Long#MIN_VALUE} for none
     * @param fileNames     per partition, the name of its archive files
     */
    PartitionPass(LineTriage triage, long batchTimeMs, List<AppliedLines> countedBefore, long lateBeforeMs,
                  Map<String, AlertRule> rules, RawArchive archive, List<String> fileNames,
                  PipelineStatsCounter stats) {
        this.triage = triage;
        this.batchTimeMs = batchTimeMs;
        this.countedBefore = List.copyOf(countedBefore);
        this.lateBeforeMs = lateBeforeMs;
        this.rules = Map.copyOf(rules);
        this.archive = archive;
        this.fileNames = List.copyOf(fileNames);
        this.stats = stats;
    }

    @Override
    public Iterator<BatchDigest> call(Integer partition, Iterator<SourcedLine> lines) throws IOException {
        Instant batchTime = Instant.ofEpochMilli(batchTimeMs);
        DuplicateScreen screen = new DuplicateScreen(countedBefore.get(partition));
        CounterCell duplicateCell = stats.cellFor(batchTime, CounterTables.DUPLICATE);
        CounterCell lateCell = stats.cellFor(batchTime, CounterTables.LATE);
        Map<String, ByteRanges> ranges = new HashMap<>();
        long maxEventMs = Long.MIN_VALUE;
        // A sum per cell that is added to in place: a merge boxing a new Long for each of a line's ~9 cells was
        // ~2 % of the job's CPU samples.
        Map<CellKey, long[]> cells = new HashMap<>();
        Map<EventTimeAlerting.Bucket, Long> buckets = new HashMap<>();
        Map<BatchDigest.HostDay, DayTotals> totals = new HashMap<>();
        long valid = 0;
        Map<String, Long> rejected = new TreeMap<>();
        long blacklisted = 0;
        long duplicate = 0;
        long late = 0;
        // Where the task's time goes, for the status line and the bench: four clock reads a line, ~0.1 us.
        long readNs = 0;
        long triageNs = 0;
        long archiveNs = 0;
        long foldNs = 0;
        long clock = System.nanoTime();
        try (RawArchive.Staging files = archive.stage(batchTimeMs, fileNames.get(partition))) {
            while (lines.hasNext()) {
                SourcedLine sourced = lines.next();
                long read = System.nanoTime();
                readNs += read - clock;
                TriagedLine line = triage.triage(sourced.raw(), batchTime, sourced.origin());
                // The plan is made of what the lines are, before the screen: every id, the newest counted time.
                LineId id = line.id();
                if (id != null) {
                    ranges.compute(id.source(), (source, known) -> known == null
                            ? ByteRanges.of(id.start(), id.end()) : known.plus(id.start(), id.end()));
                }
                if (line.counted()) {
                    maxEventMs = Math.max(maxEventMs, line.event().event().time().toEpochMilli());
                }
                if (screen.isDuplicate(id)) {
                    line = line.duplicate(duplicateCell);
                    duplicate++;
                } else if (line.counted() && line.event().event().time().toEpochMilli() < lateBeforeMs) {
                    line = line.plus(lateCell);
                    late++;
                }
                long triaged = System.nanoTime();
                triageNs += triaged - read;
                files.add(line);
                long archived = System.nanoTime();
                archiveNs += archived - triaged;
                for (CounterCell cell : line.cells()) {
                    cells.computeIfAbsent(CellKey.of(cell), key -> new long[1])[0] += cell.delta();
                }
                switch (line.fate()) {
                    case COUNTED -> {
                        valid++;
                        CleanEvent event = line.event();
                        EventTimeAlerting.addBuckets(rules, event, buckets);
                        totals.merge(new BatchDigest.HostDay(event.host(), event.dayKey()), DayTotals.of(event),
                                DayTotals::plus);
                    }
                    case BLACKLISTED -> blacklisted++;
                    case REJECTED -> rejected.merge(line.reject().reason(), 1L, Long::sum);
                    case DUPLICATE -> { }
                }
                clock = System.nanoTime();
                foldNs += clock - archived;
            }
            long closing = System.nanoTime();
            RawArchive.Staged staged = files.staged();
            archiveNs += System.nanoTime() - closing;
            Map<CellKey, Long> summed = new HashMap<>();
            cells.forEach((cell, sum) -> summed.put(cell, sum[0]));
            return List.of(new BatchDigest(partition, new LineSummary(AppliedLines.of(ranges), maxEventMs),
                    staged, summed, buckets, totals, new BatchDigest.Fates(valid, rejected, blacklisted, duplicate, late),
                    new BatchDigest.TaskTimes(readNs, triageNs, archiveNs, foldNs))).iterator();
        }
    }
}
