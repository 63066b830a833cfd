package io.logpulse.ingest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import org.junit.Test;

public class ByteRangesTest {

    @Test
    public void linesReadInOrderMergeIntoOneRange() {
        ByteRanges ranges = ByteRanges.NONE;
        for (long start = 0; start < 10_000; start += 100) {
            ranges = ranges.plus(start, start + 100);
        }
        assertEquals(1, ranges.size());
        assertEquals("0-10000", ranges.format());
    }

    @Test
    public void linesArrivingOutOfOrderMergeOnceTheGapIsFilled() {
        ByteRanges ranges = ByteRanges.of(200, 300).plus(0, 100);
        assertEquals("0-100,200-300", ranges.format());
        assertEquals("0-300", ranges.plus(100, 200).format());
    }

    @Test
    public void coversIsTrueInsideARangeAndFalseAtItsEndAndInGaps() {
        ByteRanges ranges = ByteRanges.parse("0-100,200-300");
        assertTrue(ranges.covers(0));
        assertTrue(ranges.covers(99));
        assertFalse(ranges.covers(100));
        assertFalse(ranges.covers(150));
        assertTrue(ranges.covers(250));
        assertFalse(ranges.covers(300));
        assertFalse(ByteRanges.NONE.covers(0));
    }

    @Test
    public void anOverlappingRangeIsAbsorbed() {
        assertEquals("0-500", ByteRanges.parse("0-100,200-300,400-500").plus(50, 450).format());
    }

    @Test
    public void beyondTheMaximumTheLowestRangesAreForgotten() {
        ByteRanges ranges = ByteRanges.NONE;
        for (int i = 0; i < ByteRanges.MAX_RANGES + 10; i++) {
            ranges = ranges.plus(i * 10L, i * 10L + 5);
        }
        assertEquals(ByteRanges.MAX_RANGES, ranges.size());
        assertFalse(ranges.covers(0));
        assertTrue(ranges.covers((ByteRanges.MAX_RANGES + 9) * 10L));
    }

    @Test
    public void formatAndParseRoundTrip() {
        ByteRanges ranges = ByteRanges.parse("5-10,20-30");
        assertEquals(ranges, ByteRanges.parse(ranges.format()));
        assertEquals(ByteRanges.NONE, ByteRanges.parse(""));
    }

    @Test(expected = IllegalArgumentException.class)
    public void anEmptyRangeIsRefused() {
        ByteRanges.of(5, 5);
    }

    @Test
    public void rangesIntersectOnlyWhenTheyShareAByte() {
        ByteRanges evens = ByteRanges.of(0, 10).plus(20, 30).plus(40, 50);
        assertFalse(evens.intersects(ByteRanges.of(10, 20).plus(30, 40)));
        assertTrue(evens.intersects(ByteRanges.of(29, 31)));
        assertTrue(ByteRanges.of(45, 46).intersects(evens));
        assertFalse(evens.intersects(ByteRanges.NONE));
    }
}
