package io.logpulse.sink;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import java.util.List;
import org.junit.Test;

public class BatchLedgerTest {

    @Test
    public void offsetRangesReadBackAsTheyWereRecordedInTheirOrder() {
        List<BatchLedger.Span> spans = List.of(new BatchLedger.Span("access-logs", 2, 10, 25),
                new BatchLedger.Span("access-logs", 0, 0, 0), new BatchLedger.Span("access.logs_v2", 1, 7, 9));
        assertEquals(spans, BatchLedger.parse(BatchLedger.format(spans)));
    }

    @Test
    public void aBatchWithoutRangesReadsBackEmpty() {
        assertEquals(List.of(), BatchLedger.parse(BatchLedger.format(List.of())));
        assertEquals(List.of(), BatchLedger.parse(null));
    }

    @Test
    public void aRangeThatEndsBeforeItStartsIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new BatchLedger.Span("t", 0, 5, 4));
        assertThrows(IllegalArgumentException.class, () -> new BatchLedger.Span("t", 0, -1, 4));
    }

    @Test
    public void aSpanCountsItsRecords() {
        assertEquals(15, new BatchLedger.Span("t", 3, 10, 25).count());
        assertEquals("t/3", new BatchLedger.Span("t", 3, 10, 25).partitionName());
    }
}
