package io.logpulse.counters;

import static org.junit.Assert.assertEquals;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.Test;

public class PipelineStatsCounterTest {

    private static final Instant PROCESSED = Instant.parse("2026-11-21T23:30:00Z");

    @Test
    public void batchTotalsAndRejectReasonsOnTheProcessingDay() {
        List<CounterCell> cells = new PipelineStatsCounter(ZoneOffset.UTC)
                .cellsFor(PROCESSED, 120, 3, Map.of("bad_time", 2L, "too_long", 1L));
        assertEquals(List.of(
                new CounterCell("pipeline_stats", "20261121", "valid", 120),
                new CounterCell("pipeline_stats", "20261121", "blacklisted", 3),
                new CounterCell("pipeline_stats", "20261121", "rejected_bad_time", 2),
                new CounterCell("pipeline_stats", "20261121", "rejected_too_long", 1),
                new CounterCell("pipeline_stats", "20261121", "rejected", 3)), cells);
    }

    @Test
    public void oddReasonTextBecomesAPlainQualifier() {
        List<CounterCell> cells = new PipelineStatsCounter(ZoneOffset.UTC).cellsFor(PROCESSED, 0, 0, Map.of("Bad Thing!", 1L));
        assertEquals(List.of(
                new CounterCell("pipeline_stats", "20261121", "rejected_bad_thing_", 1),
                new CounterCell("pipeline_stats", "20261121", "rejected", 1)), cells);
    }

    @Test
    public void zeroCountsMakeNoCellsAndDayFollowsZone() {
        List<CounterCell> cells = new PipelineStatsCounter(ZoneId.of("Europe/Berlin")).cellsFor(PROCESSED, 5, 0, Map.of());
        assertEquals(List.of(new CounterCell("pipeline_stats", "20261122", "valid", 5)), cells);
    }
}
