package io.logpulse.generator;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.time.Instant;
import org.junit.Test;

public class RequestClockTest {

    @Test
    public void aBacklogSpacesItsLinesByTheRateAndEndsAtItsEnd() {
        Instant end = Instant.parse("2026-12-04T10:00:00Z");
        RequestClock clock = RequestClock.backlog(end, 5, 2);
        assertEquals(Instant.parse("2026-12-04T09:59:58Z"), clock.timeOf(0));
        assertEquals(Instant.parse("2026-12-04T09:59:58.500Z"), clock.timeOf(1));
        assertEquals(end, clock.timeOf(4));
    }

    @Test
    public void aBacklogNeedsLinesAndARate() {
        assertThrows(IllegalArgumentException.class, () -> RequestClock.backlog(Instant.EPOCH, 0, 2));
        assertThrows(IllegalArgumentException.class, () -> RequestClock.backlog(Instant.EPOCH, 5, 0));
    }

    @Test
    public void theWallClockGivesTheTimeOfWriting() {
        Instant before = Instant.now();
        Instant time = RequestClock.WALL.timeOf(123);
        assertTrue(time.toString(), !time.isBefore(before) && !time.isAfter(Instant.now()));
    }
}
