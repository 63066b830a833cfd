package io.logpulse.clean;

import io.logpulse.counters.CounterCell;
import io.logpulse.counters.CounterSet;
import io.logpulse.counters.PipelineStatsCounter;
import io.logpulse.event.AccessLogParser;
import io.logpulse.event.ParseResult;
import java.io.Serializable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The per-line front of the pipeline: parse, clean, apply the blacklist, and say which counter cells the line
 * increments. Bad input is never dropped: a reject keeps its reason and raw line, and counts in pipeline_stats.
 */
public final class LineTriage implements Serializable {

    private static final long serialVersionUID = 1L;

    private final AccessLogParser parser;
    private final EventCleaner cleaner;
    private final Blacklist blacklist;
    private final CounterSet counters;
    private final PipelineStatsCounter pipelineStats;

    public LineTriage(AccessLogParser parser, EventCleaner cleaner, Blacklist blacklist, CounterSet counters,
                      PipelineStatsCounter pipelineStats) {
        this.parser = parser;
        this.cleaner = cleaner;
        this.blacklist = blacklist;
        this.counters = counters;
        this.pipelineStats = pipelineStats;
    }

    public TriagedLine triage(String raw) {
        ParseResult parsed = parser.parse(raw);
        if (!parsed.isValid()) {
            return new TriagedLine(TriagedLine.Fate.REJECTED, raw, null, parsed.reject());
        }
        CleanEvent event = cleaner.clean(parsed.event());
        TriagedLine.Fate fate = blacklist.contains(event.clientIp())
                ? TriagedLine.Fate.BLACKLISTED : TriagedLine.Fate.COUNTED;
        return new TriagedLine(fate, raw, event, null);
    }

    /**
     * The increments one line makes. Pipeline figures are dated by the batch, since a reject has no trustworthy
     * time of its own; a blacklisted request counts nowhere but in the blacklisted figure.
     */
    public List<CounterCell> cellsFor(TriagedLine line, Instant batchTime) {
        return switch (line.fate()) {
            case COUNTED -> {
                List<CounterCell> cells = new ArrayList<>(counters.cellsFor(line.event()));
                cells.addAll(pipelineStats.cellsFor(batchTime, 1, 0, Map.of()));
                yield cells;
            }
            case BLACKLISTED -> pipelineStats.cellsFor(batchTime, 0, 1, Map.of());
            case REJECTED -> pipelineStats.cellsFor(batchTime, 0, 0, Map.of(line.reject().reason(), 1L));
        };
    }
}
