package io.logpulse.clean;

import io.logpulse.counters.CounterCell;
import io.logpulse.counters.CounterSet;
import io.logpulse.counters.PipelineStatsCounter;
import io.logpulse.counters.RowKeyPart;
import io.logpulse.counters.ValueTooLongException;
import io.logpulse.event.AccessEvent;
import io.logpulse.event.AccessLogParser;
import io.logpulse.event.ParseResult;
import io.logpulse.event.Reject;
import io.logpulse.ingest.LineOrigin;
import java.io.Serializable;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The per-line front of the pipeline: parse, clean, apply the blacklist, and say which counter cells the line
 * increments. Bad input is never dropped: a reject keeps its reason and raw line, and counts in pipeline_stats.
 */
public final class LineTriage implements Serializable {

    private static final long serialVersionUID = 1L;

    private final AccessLogParser parser;
    private final RequestTimeRange timeRange;
    private final EventCleaner cleaner;
    private final Blacklist blacklist;
    private final CounterSet counters;
    private final PipelineStatsCounter pipelineStats;
    private final String serverName;
    /** The pipeline cells of the last batch time seen: the same for every counted or blacklisted line of a batch. */
    private transient volatile BatchCells batchCells;

    public LineTriage(AccessLogParser parser, RequestTimeRange timeRange, EventCleaner cleaner, Blacklist blacklist,
                      CounterSet counters, PipelineStatsCounter pipelineStats) {
        this(parser, timeRange, cleaner, blacklist, counters, pipelineStats, null);
    }

    /**
     * @param serverName the host to count a line under when neither its log format nor its record names one (a
     *                   combined log without {@code $host} written to Kafka by something else than LogPulse's
     *                   Flume source); null to count such lines under UNKNOWN
     */
    public LineTriage(AccessLogParser parser, RequestTimeRange timeRange, EventCleaner cleaner, Blacklist blacklist,
                      CounterSet counters, PipelineStatsCounter pipelineStats, String serverName) {
        this.parser = parser;
        this.timeRange = timeRange;
        this.cleaner = cleaner;
        this.blacklist = blacklist;
        this.counters = counters;
        this.pipelineStats = pipelineStats;
        this.serverName = serverName == null || serverName.isBlank() ? null : serverName;
    }

    public TriagedLine triage(String raw, Instant batchTime) {
        return triage(raw, batchTime, LineOrigin.NONE);
    }

    /**
     * Never throws: whatever a step fails on becomes a reject with its reason. A pure function of the line, the
     * batch time and the configuration, so a replayed batch gives every line the same fate and cells.
     *
     * @param raw       the record's value; null (a Kafka record without a value) is an {@code empty} reject whose
     *                  raw line is ""
     * @param batchTime the batch's time, the same on every replay of the batch: pipeline figures are dated by it,
     *                  since a reject has no trustworthy time of its own, and request times are checked against it
     * @param origin    what the line's record says about it: its id travels with the result, and its server names
     *                  the host of a line that has none
     */
    public TriagedLine triage(String raw, Instant batchTime, LineOrigin origin) {
        if (raw == null) {
            return rejected("", Reject.of(Reject.EMPTY, "record without a value", ""), batchTime, origin);
        }
        try {
            if (origin.cutFromBytes() > 0) {
                return rejected(raw, Reject.of(Reject.CUT_AT_SOURCE, "a line of " + origin.cutFromBytes()
                        + " bytes, cut by the Flume agent to its maxLineBytes", raw), batchTime, origin);
            }
            ParseResult parsed = parser.parse(raw);
            if (!parsed.isValid()) {
                return rejected(raw, parsed.reject(), batchTime, origin);
            }
            AccessEvent parsedEvent = withServer(parsed.event(), origin);
            if (!timeRange.admits(parsedEvent.time(), batchTime)) {
                return rejected(raw, Reject.of(Reject.TIME_OUT_OF_RANGE, "request time " + parsedEvent.time()
                        + " is not " + timeRange + " " + batchTime, raw), batchTime, origin);
            }
            CleanEvent event = cleaner.clean(parsedEvent);
            // Every value that can become a row key fits one, whether or not this line's counters use it: a
            // line's fate must not depend on its status (the country keys only 2xx rows).
            RowKeyPart.requireFits(event.host());
            RowKeyPart.requireFits(event.countryKey());
            RowKeyPart.requireFits(event.refererHost());
            BatchCells pipeline = batchCellsAt(batchTime);
            if (blacklist.contains(event.clientIp())) {
                // A blacklisted request counts nowhere but in the blacklisted figure.
                return new TriagedLine(TriagedLine.Fate.BLACKLISTED, raw, event, null, pipeline.blacklisted(),
                        origin.id());
            }
            return new TriagedLine(TriagedLine.Fate.COUNTED, raw, event, null,
                    counters.cellsFor(event, pipeline.counted()), origin.id());
        } catch (ValueTooLongException e) {
            // Cut, the value would share a row with others; a host name this long is no real one anyway.
            return rejected(raw, Reject.of(Reject.FIELD_TOO_LONG, e.getMessage(), raw), batchTime, origin);
        } catch (RuntimeException e) {
            return rejected(raw, Reject.of(Reject.INTERNAL_ERROR, "triage failed: " + e, raw), batchTime, origin);
        }
    }

    /**
     * A line whose format has no virtual host counts under the server that logged it: the one the line names,
     * else the one its Flume agent runs on, else the configured name. Hosts of different servers never share a row.
     */
    private AccessEvent withServer(AccessEvent event, LineOrigin origin) {
        if (event.host() != null) {
            return event;
        }
        String server = event.server() != null ? event.server() : origin.server() != null ? origin.server() : serverName;
        return server == null ? event : event.withHost(server);
    }

    private BatchCells batchCellsAt(Instant batchTime) {
        BatchCells known = batchCells;
        if (known == null || !known.batchTime().equals(batchTime)) {
            known = new BatchCells(batchTime, pipelineStats.cellsFor(batchTime, 1, 0, Map.of()),
                    pipelineStats.cellsFor(batchTime, 0, 1, Map.of()));
            batchCells = known;
        }
        return known;
    }

    private record BatchCells(Instant batchTime, List<CounterCell> counted, List<CounterCell> blacklisted) {
        BatchCells {
            counted = List.copyOf(counted);
            blacklisted = List.copyOf(blacklisted);
        }
    }

    private TriagedLine rejected(String raw, Reject reject, Instant batchTime, LineOrigin origin) {
        return new TriagedLine(TriagedLine.Fate.REJECTED, raw, null, reject,
                pipelineStats.cellsFor(batchTime, 0, 0, Map.of(reject.reason(), 1L)), origin.id());
    }
}
