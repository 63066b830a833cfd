package io.logpulse.ingest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.Test;

public class BatchPlanTest {

    private static final String A = "web1:1001";
    private static final String B = "web2:2002";

    private static LineSummary summary(long maxEventMs, LineId... ids) {
        LineSummary summary = new LineSummary(AppliedLines.NONE, maxEventMs);
        for (LineId id : ids) {
            summary = summary.plus(id, maxEventMs);
        }
        return summary;
    }

    @Test
    public void aLineCountedByAnEarlierBatchIsADuplicate() {
        AppliedLines applied = AppliedLines.of(Map.of(A, ByteRanges.of(0, 1000)));
        BatchPlan plan = BatchPlan.of(applied, List.of(summary(5, new LineId(A, 900, 1000), new LineId(A, 1000, 1100))),
                1);
        DuplicateScreen screen = plan.screen(0);
        assertTrue(screen.isDuplicate(new LineId(A, 900, 1000)));
        assertFalse(screen.isDuplicate(new LineId(A, 1000, 1100)));
        assertEquals("0-1100", plan.appliedAfter().bySource().get(A).format());
    }

    @Test
    public void aLineInTwoPartitionsCountsInTheFirstOnly() {
        LineId line = new LineId(A, 0, 100);
        BatchPlan plan = BatchPlan.of(AppliedLines.NONE, List.of(summary(1, line), summary(1, line)), Long.MIN_VALUE);
        assertFalse(plan.screen(0).isDuplicate(line));
        assertTrue(plan.screen(1).isDuplicate(line));
    }

    @Test
    public void aLineTwiceInOnePartitionCountsOnce() {
        LineId line = new LineId(A, 0, 100);
        DuplicateScreen screen = BatchPlan.of(AppliedLines.NONE, List.of(summary(1, line, line)), 0).screen(0);
        assertFalse(screen.isDuplicate(line));
        assertTrue(screen.isDuplicate(line));
    }

    @Test
    public void partitionsWithInterleavedButSeparateLinesAreScreenedAsWhileTheyWereRead() {
        AppliedLines counted = AppliedLines.of(Map.of(A, ByteRanges.of(0, 100)));
        List<LineSummary> summaries = List.of(summary(5, new LineId(A, 100, 200), new LineId(A, 300, 400)),
                summary(6, new LineId(A, 200, 300)), summary(7, new LineId(B, 0, 50)));
        BatchPlan plan = BatchPlan.of(counted, summaries, 4);
        assertTrue(plan.differenceFrom(counted, 4, summaries).isEmpty());
    }

    @Test
    public void aLineInTwoPartitionsOfTheBatchNeedsThePlansScreen() {
        LineId line = new LineId(A, 0, 100);
        List<LineSummary> summaries = List.of(summary(1, line), summary(1, line));
        BatchPlan plan = BatchPlan.of(AppliedLines.NONE, summaries, Long.MIN_VALUE);
        assertTrue(plan.differenceFrom(AppliedLines.NONE, Long.MIN_VALUE, summaries).isPresent());
    }

    @Test
    public void aLedgerThatMovedSinceThePartitionsWereScreenedNeedsThePlansScreen() {
        List<LineSummary> summaries = List.of(summary(1, new LineId(A, 0, 100)));
        BatchPlan plan = BatchPlan.of(AppliedLines.of(Map.of(A, ByteRanges.of(0, 100))), summaries, 3);
        assertTrue(plan.differenceFrom(AppliedLines.NONE, 3, summaries).isPresent());
        assertTrue(plan.differenceFrom(AppliedLines.of(Map.of(A, ByteRanges.of(0, 100))), 2, summaries).isPresent());
    }

    @Test
    public void aLineWithoutAnIdIsNeverADuplicate() {
        assertFalse(BatchPlan.none(1).screen(0).isDuplicate(null));
    }

    @Test
    public void thePlanCarriesOnlyTheBatchsSources() {
        AppliedLines applied = AppliedLines.of(Map.of(A, ByteRanges.of(0, 10), B, ByteRanges.of(0, 10)));
        BatchPlan plan = BatchPlan.of(applied, List.of(summary(1, new LineId(B, 10, 20))), 0);
        assertNull(plan.coveredBefore().get(0).bySource().get(A));
        assertEquals("0-20", plan.appliedAfter().bySource().get(B).format());
    }

    @Test
    public void theLatestRequestTimeIsTheMaximumOfTheLedgerAndTheBatch() {
        BatchPlan plan = BatchPlan.of(AppliedLines.NONE, List.of(summary(50), summary(70), LineSummary.NONE), 60);
        assertEquals(60, plan.maxEventMsBefore());
        assertEquals(70, plan.maxEventMsAfter());
    }

    @Test
    public void formatAndParseRoundTrip() {
        BatchPlan plan = BatchPlan.of(AppliedLines.of(Map.of(A, ByteRanges.of(0, 10))),
                List.of(summary(9, new LineId(A, 10, 20)), LineSummary.NONE, summary(9, new LineId(B, 0, 5))), 3);
        assertEquals(plan, BatchPlan.parse(plan.format()));
        assertEquals(BatchPlan.none(2), BatchPlan.parse(BatchPlan.none(2).format()));
    }

    @Test
    public void headersMakeAnIdAndMalformedOnesNone() {
        assertEquals(new LineId(A, 10, 20), LineId.fromHeaders(A, "10-20"));
        assertNull(LineId.fromHeaders(A, "20-10"));
        assertNull(LineId.fromHeaders(A, "x-20"));
        assertNull(LineId.fromHeaders(A, "1020"));
        assertNull(LineId.fromHeaders("two words", "10-20"));
        assertNull(LineId.fromHeaders(null, "10-20"));
        assertNull(LineId.fromHeaders(A, null));
    }
}
