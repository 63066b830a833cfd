package io.logpulse.counters;

import io.logpulse.clean.CalendarKeys;
import java.io.Serializable;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Per-day health of the pipeline: how many lines were counted, dropped as blacklisted, or
 * rejected (in total and per reason). Every line read is exactly one of the three.
 *
 * <p>The row is the day of processing time, not of the event: a reject has no trustworthy time,
 * and using one clock for all three keeps each row's totals comparable.
 */
public final class PipelineStatsCounter implements Serializable {

    private static final long serialVersionUID = 1L;

    private final ZoneId dayZone;

    public PipelineStatsCounter(ZoneId dayZone) {
        this.dayZone = Objects.requireNonNull(dayZone, "dayZone");
    }

    /**
     * @param processingTime    when the batch was processed (the caller's clock)
     * @param valid             parsed lines that were counted
     * @param blacklisted       parsed lines dropped because the client is blacklisted
     * @param rejectedByReason  unparseable lines per {@code Reject} reason
     * @return the increments for this batch; zero counts produce no cell
     */
    public List<CounterCell> cellsFor(Instant processingTime, long valid, long blacklisted, Map<String, Long> rejectedByReason) {
        String row = CalendarKeys.day(processingTime, dayZone);
        List<CounterCell> cells = new ArrayList<>(2);
        addIfPositive(cells, row, CounterTables.VALID, valid);
        addIfPositive(cells, row, CounterTables.BLACKLISTED, blacklisted);
        if (rejectedByReason.isEmpty()) {
            return cells;
        }
        long rejected = 0;
        // Sorted so the cells come out in a stable order.
        for (Map.Entry<String, Long> reason : new TreeMap<>(rejectedByReason).entrySet()) {
            rejected += reason.getValue();
            addIfPositive(cells, row, CounterTables.REJECTED_PREFIX + reasonQualifier(reason.getKey()), reason.getValue());
        }
        addIfPositive(cells, row, CounterTables.REJECTED, rejected);
        return cells;
    }

    /** The increment of one figure other than the three above, e.g. {@link CounterTables#DUPLICATE}. */
    public CounterCell cellFor(Instant processingTime, String qualifier) {
        return new CounterCell(CounterTables.PIPELINE_STATS, CalendarKeys.day(processingTime, dayZone), qualifier, 1);
    }

    /** Reasons are short snake_case words already; this only guards against a caller passing free text. */
    private static String reasonQualifier(String reason) {
        if (reason == null || reason.isBlank()) {
            return "unknown";
        }
        String lower = reason.toLowerCase(Locale.ROOT);
        StringBuilder qualifier = new StringBuilder();
        for (int i = 0; i < Math.min(lower.length(), RowKeyPart.MAX_LENGTH); i++) {
            char c = lower.charAt(i);
            qualifier.append((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' ? c : '_');
        }
        return qualifier.toString();
    }

    private static void addIfPositive(List<CounterCell> cells, String row, String qualifier, long delta) {
        if (delta > 0) {
            cells.add(new CounterCell(CounterTables.PIPELINE_STATS, row, qualifier, delta));
        }
    }
}
